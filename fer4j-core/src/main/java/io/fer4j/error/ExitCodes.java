package io.fer4j.error;

/** The exit codes of every fer4j command line (the {@code fer4j} CLI and {@code fer4j-spark}): one table. */
public final class ExitCodes {
    /** Everything asked for was done. */
    public static final int OK = 0;
    /** An unexpected failure (a bug): the stack trace is printed for the report. */
    public static final int INTERNAL_ERROR = 1;
    /** Bad input: the message names the file or option and says what to do ({@link UserErrors}). */
    public static final int USER_ERROR = 2;
    /** The run finished but some videos failed; the others' outputs are written and the failed ones listed. */
    public static final int SOME_FAILED = 3;
    /** {@code predict --live}: the stream dropped mid-way; everything received is written. */
    public static final int STREAM_DROPPED = 4;
    /** Stopped by Ctrl-C, as a shell reports a process ended by SIGINT (128 + 2). */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {}
}
