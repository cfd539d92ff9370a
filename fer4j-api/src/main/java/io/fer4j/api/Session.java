package io.fer4j.api;

import io.fer4j.engine.Engine;
import io.fer4j.vision.decode.DecodedFrame;
import io.fer4j.vision.decode.VideoSource;
import io.fer4j.vision.extract.FrameImages;
import java.awt.image.BufferedImage;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * One stream of frames labelled as they come: the live path of {@code fer4j predict --live} (detect, track, crop,
 * backbone at batch 1, causal smoothing over the last 2δ+1 frames, CONTRACTS §7). {@link #accept} returns each frame's
 * label before the next frame is needed. Made by {@link Fer4j#newSession()}.
 *
 * <p>One stream per session: calls are serialised (thread-safe, but frames must come in order, so one producer).
 * Frames must all have one size. Close it when the stream ends; closing the {@link Fer4j} closes its sessions.
 */
public final class Session implements AutoCloseable {
    private static final Object END = new Object();

    private final Fer4j owner;
    private final double fps;
    private final BlockingQueue<Object> in = new ArrayBlockingQueue<>(2);
    private final BlockingQueue<Object> out = new LinkedBlockingQueue<>();
    private final Frames frames = new Frames();
    private final Thread worker;
    private volatile RuntimeException failure;
    private boolean closed;
    /** Frames handed to the pipeline, which numbers them 1, 2, ... in that order. */
    private int submitted;

    /** @param live the engine's live view: the one causal path, shared with {@code fer4j predict --live} */
    Session(Fer4j owner, Engine live, double fps, Lock modelsInUse) {
        this.owner = owner;
        this.fps = fps;
        this.worker = new Thread(
                () -> {
                    modelsInUse.lock(); // the models stay open while this stream runs (Fer4j.close waits for it)
                    try (Stream source = new Stream()) {
                        owner.requireOpen();
                        live.live(source, FrameImages.NONE, (frame, label) -> out.add(FrameLabel.of(label)));
                    } catch (RuntimeException e) {
                        failure = e;
                        out.add(e);
                    } finally {
                        modelsInUse.unlock();
                    }
                },
                "fer4j-session");
        worker.setDaemon(true);
        worker.start();
    }

    /**
     * Labels the next frame of the stream.
     *
     * @return the frame's causal label (frames numbered 1, 2, ... in the order given)
     * @throws io.fer4j.error.Fer4jException when the frame's size differs from the first frame's
     * @throws IllegalStateException         after {@link #close()} (or the owner's), or when the stream failed
     */
    public synchronized FrameLabel accept(BufferedImage frame) {
        requireOpen();
        frames.check(frame);
        return exchange(Frames.toBgr(frame, null));
    }

    /**
     * Labels the next frame given as packed 8-bit RGB rows ({@code width × height × 3} bytes, as decoders and
     * camera APIs hand them out).
     *
     * @throws io.fer4j.error.Fer4jException when the byte count does not match, or the size differs from frame 1's
     */
    public synchronized FrameLabel accept(byte[] rgb, int width, int height) {
        requireOpen();
        Mat m = Frames.rgbToBgr(rgb, width, height, submitted + 1);
        try {
            frames.check(width, height);
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
        return exchange(m);
    }

    /**
     * Frames handed to the stream so far: the frame number of the last label returned, or of a frame whose
     * {@code accept} was interrupted after the stream took it (it counts in the causal smoothing; its label is
     * discarded).
     */
    public synchronized int frameCount() {
        return submitted;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("this session is closed; start a new one with Fer4j.newSession()");
        }
        owner.requireOpen();
        if (failure != null) {
            throw new IllegalStateException(
                    "this session's stream failed: " + failure.getMessage()
                            + "; start a new one with Fer4j.newSession()",
                    failure);
        }
    }

    private FrameLabel exchange(Mat frame) {
        try {
            in.put(frame);
        } catch (InterruptedException e) {
            frame.close(); // never handed over: the stream does not see it
            Thread.currentThread().interrupt();
            throw new IllegalStateException(
                    "interrupted before labelling frame " + (submitted + 1) + "; the stream did not see it", e);
        }
        int frameIndex = ++submitted;
        try {
            return awaitLabel(frameIndex);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(
                    "interrupted while labelling frame " + frameIndex + "; its label is "
                            + "discarded, the next frame is frame " + (frameIndex + 1),
                    e);
        }
    }

    /**
     * The label of frame {@code frameIndex}. Labels of earlier frames, whose {@code accept} was interrupted, arrive
     * late: they are dropped here, so a call never returns another frame's label.
     */
    private FrameLabel awaitLabel(int frameIndex) throws InterruptedException {
        while (true) {
            Object r = out.poll(100, TimeUnit.MILLISECONDS);
            if (r == null) {
                if (!worker.isAlive() && out.isEmpty()) {
                    throw new IllegalStateException("this session's stream ended unexpectedly", failure);
                }
            } else if (r instanceof RuntimeException e) {
                throw e;
            } else if (((FrameLabel) r).frameIndex() == frameIndex) {
                return (FrameLabel) r;
            }
        }
    }

    /** Ends the stream and waits for it to stop; harmless when already closed. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        in.offer(END);
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        owner.closed(this);
    }

    /** The frames handed to {@link #accept}, as the pipeline's source (read on the pipeline's producer thread). */
    private final class Stream implements VideoSource {
        private Mat current;
        private int read;

        @Override
        public String id() {
            return "stream";
        }

        @Override
        public double fps() {
            return fps;
        }

        @Override
        public int declaredFrameCount() {
            return -1;
        }

        @Override
        public boolean framesAreFaces() {
            return false;
        }

        @Override
        public DecodedFrame next() {
            Object o;
            try {
                o = in.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            release();
            if (o == END) {
                return null;
            }
            current = (Mat) o;
            read++;
            return new DecodedFrame(read, (read - 1) / fps, current);
        }

        @Override
        public int framesRead() {
            return read;
        }

        private void release() {
            if (current != null) {
                current.close();
                current = null;
            }
        }

        @Override
        public void close() {
            release();
        }
    }
}
