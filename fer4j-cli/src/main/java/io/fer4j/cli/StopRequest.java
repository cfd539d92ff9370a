package io.fer4j.cli;

import io.fer4j.error.ExitCodes;
import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) and SIGTERM as a request to stop, handled by the command instead of by JVM shutdown. On a plain
 * signal the JVM runs its shutdown hooks at once, and ONNX Runtime's hook releases its environment while a worker
 * may still be inside {@code OrtSession.run}: a SIGSEGV. Here the signal only runs the command's stop action (e.g.
 * {@code VideoFeatureExtractor::cancel}); the command then unwinds normally — workers stopped, in-flight native calls
 * returned, models closed — and exits with {@link io.fer4j.error.ExitCodes#INTERRUPTED}. A second signal, or a
 * stop that has not finished within {@link #GRACE_MILLIS}, ends the process at once without running any hook (no native is freed
 * under a running call either way).
 *
 * <pre>{@code
 * try (StopRequest stop = StopRequest.install()) {
 *     stop.onStop(extractor::cancel);
 *     ...
 * }
 * }</pre>
 */
final class StopRequest implements AutoCloseable {
    /** How long a stop may take before the process is halted. */
    static final long GRACE_MILLIS = 20_000;

    private static final List<String> SIGNALS = List.of("INT", "TERM");

    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private volatile boolean requested;
    private volatile Runnable action;

    private StopRequest() {}

    /** Handles SIGINT/SIGTERM until {@link #close()} (then the previous handlers are back). */
    static StopRequest install() {
        StopRequest s = new StopRequest();
        for (String name : SIGNALS) {
            try {
                Signal sig = new Signal(name);
                s.previous.add(Signal.handle(sig, s::signalled));
                s.signals.add(sig);
            } catch (IllegalArgumentException unsupported) {
                // this platform or JVM does not let us handle it (e.g. -Xrs): the default behaviour stays
            }
        }
        return s;
    }

    /** What to run on the first signal (on the signal's thread; must be quick); runs now if one already came. */
    void onStop(Runnable stop) {
        action = stop;
        if (requested) {
            stop.run();
        }
    }

    /** Whether a stop was requested. */
    boolean requested() {
        return requested;
    }

    private void signalled(Signal sig) {
        if (requested) {
            Runtime.getRuntime().halt(ExitCodes.INTERRUPTED); // second Ctrl-C: the user does not want to wait
        }
        requested = true;
        System.err.println("fer4j: stopping (Ctrl-C again to quit at once)");
        Runnable a = action;
        if (a != null) {
            a.run();
        }
        Thread watchdog = new Thread(
                () -> {
                    try {
                        Thread.sleep(GRACE_MILLIS);
                        Runtime.getRuntime().halt(ExitCodes.INTERRUPTED);
                    } catch (InterruptedException ignored) {
                        // the command finished and closed this request
                    }
                },
                "fer4j-stop-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }
}
