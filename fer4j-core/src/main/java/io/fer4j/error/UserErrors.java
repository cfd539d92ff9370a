package io.fer4j.error;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * The one mapping from a command's failure to its message and exit code, for the CLI and Spark alike: a failure the
 * user can act on ({@link Fer4jException}, whose message already says which file and what to do; an I/O error; a bad
 * argument) prints one line and exits {@link ExitCodes#USER_ERROR}; anything else keeps its stack trace for bug
 * reports and exits {@link ExitCodes#INTERNAL_ERROR}.
 */
public final class UserErrors {
    private UserErrors() {}

    /**
     * The one line for a user error. A path the JVM cannot encode (a non-ASCII name under {@code LC_ALL=POSIX}, where
     * Java's file names are ASCII) is explained with what to do instead of Java's "Malformed input or input contains
     * unmappable characters".
     */
    static String userMessage(Throwable ex) {
        if (ex instanceof java.nio.file.InvalidPathException ip
                && ip.getReason() != null
                && ip.getReason().contains("unmappable characters")) {
            return ip.getInput() + ": this path has characters the current locale cannot encode (file names are "
                    + System.getProperty("sun.jnu.encoding", "?") + "); run under a UTF-8 locale, e.g. "
                    + "LC_ALL=C.UTF-8, or rename the file";
        }
        return ex.getMessage();
    }

    /** Whether {@code ex} is a failure the user can fix from its message alone. */
    public static boolean isUserError(Throwable ex) {
        return ex instanceof Fer4jException
                || ex instanceof UncheckedIOException
                || ex instanceof IOException
                || ex instanceof IllegalArgumentException;
    }

    /**
     * Reports {@code ex} on {@code err} as {@code "<command>: error: <message>"} or a stack trace.
     *
     * @param command the tool and command as the user typed them, e.g. {@code "fer4j predict"}
     * @return the exit code
     */
    public static int report(Throwable ex, String command, PrintWriter err) {
        if (isUserError(ex)) {
            err.println(command + ": error: " + userMessage(ex));
            return ExitCodes.USER_ERROR;
        }
        ex.printStackTrace(err);
        return ExitCodes.INTERNAL_ERROR;
    }
}
