package io.fer4j.cli.predict;

import io.fer4j.error.Fer4jException;
import io.fer4j.vision.decode.VideoSource;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Opens a network stream on a thread of its own, so that the open is bounded by {@code --stream-timeout} (FFmpeg's
 * open on a silent server took about twice it) and a stop (Ctrl-C) ends the wait at once. FFmpeg cannot be woken
 * inside its open (JavaCV 1.5.11 installs no interrupt callback before the stream opens): an abandoned open goes on
 * on its daemon thread and closes what it opened when FFmpeg returns.
 */
final class BoundedOpen {
    /** What a stop during the open throws: nothing was received, nothing written. */
    static final class StoppedWhileOpening extends RuntimeException {
        StoppedWhileOpening(String input) {
            super(input + ": stopped while opening the stream; nothing was received");
        }
    }

    /** How often the waiting thread looks at the stop request. */
    private static final long POLL_MILLIS = 20;
    /** Beyond the timeout, for FFmpeg to report its own (more precise) error first. */
    private static final long GRACE_MILLIS = 1000;

    private final CountDownLatch done = new CountDownLatch(1);
    private VideoSource opened; // guarded by this
    private RuntimeException failure; // guarded by this
    private boolean abandoned; // guarded by this

    private BoundedOpen() {}

    static VideoSource open(String input, Supplier<VideoSource> opener, Duration timeout, BooleanSupplier stopped) {
        BoundedOpen o = new BoundedOpen();
        Thread t = new Thread(() -> o.run(opener), "fer4j-live-open");
        t.setDaemon(true);
        t.start();
        long deadline = System.nanoTime() + timeout.toNanos() + TimeUnit.MILLISECONDS.toNanos(GRACE_MILLIS);
        try {
            while (!o.done.await(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                if (stopped.getAsBoolean()) {
                    o.abandon();
                    throw new StoppedWhileOpening(input);
                }
                if (System.nanoTime() - deadline > 0) {
                    o.abandon();
                    throw new Fer4jException(
                            null,
                            input + ": cannot open the stream (no answer within "
                                    + "--stream-timeout " + timeout.toMillis() / 1000.0
                                    + " s); check the URL, and that it "
                                    + "is sending video now");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            o.abandon();
            throw new StoppedWhileOpening(input);
        }
        synchronized (o) {
            if (o.failure != null) {
                throw o.failure;
            }
            return o.opened;
        }
    }

    private void run(Supplier<VideoSource> opener) {
        VideoSource s = null;
        RuntimeException f = null;
        try {
            s = opener.get();
        } catch (RuntimeException e) {
            f = e;
        }
        synchronized (this) {
            if (abandoned) {
                if (s != null) {
                    s.close(); // nobody will read it
                }
            } else {
                opened = s;
                failure = f;
            }
        }
        done.countDown();
    }

    private synchronized void abandon() {
        abandoned = true;
    }
}
