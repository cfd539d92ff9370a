package io.fer4j.cli.predict;

import io.fer4j.vision.decode.DecodedFrame;
import io.fer4j.vision.decode.FfmpegVideoSource;
import io.fer4j.vision.decode.VideoFileScanner;
import io.fer4j.vision.decode.VideoSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The input of {@code predict --live}: a camera device ({@code /dev/video0}, via FFmpeg's v4l2), a stream URL
 * (RTSP/HTTP/UDP/file: — anything FFmpeg opens), or a video file. Records when each frame enters the pipeline (for
 * the frame-in → label-out latency), can pace a file at its frame rate as a camera would deliver it (FFmpeg's
 * {@code -re}), skips frames that fall behind real time (bounded latency when inference is slower than the source),
 * and ends cleanly when {@link #stop()} is called (Ctrl-C).
 */
public final class LiveSource implements VideoSource {
    private static final int RING = 1 << 14;
    /** Frames decoded but not yet labelled, at most: one in detection, one in inference. */
    static final int MAX_IN_FLIGHT = 2;

    private final VideoSource inner;
    private final boolean pace;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(MAX_IN_FLIGHT);
    private final long[] inNanos = new long[RING];
    private final int maxFrames;
    private final boolean dropLate;
    private final long maxLagNanos;
    private int delivered;
    private int dropped;
    private long firstNanos = -1;
    private double firstTime;

    /**
     * @param pace      hold frames until their timestamp (a file played as a camera would deliver it)
     * @param dropLate  skip frames more than two frame intervals behind real time (paced files, real streams)
     * @param maxFrames stop after this many delivered frames (0 = no limit)
     */
    LiveSource(VideoSource inner, boolean pace, boolean dropLate, int maxFrames) {
        this.inner = inner;
        this.pace = pace;
        this.dropLate = dropLate;
        this.maxFrames = maxFrames;
        this.maxLagNanos = (long) (2e9 / (inner.fps() > 0 ? inner.fps() : 30.0));
    }

    /** Opens {@code input} as described above; a network stream with FFmpeg's open/read {@code ioTimeout}. */
    static VideoSource open(String input, java.time.Duration ioTimeout) {
        if (input.startsWith("/dev/video")) {
            return FfmpegVideoSource.openStream(input, "v4l2", idOf(input));
        }
        if (input.contains("://") || input.startsWith("file:")) {
            return FfmpegVideoSource.openStream(input, null, idOf(input), ioTimeout);
        }
        Path p = Path.of(input);
        if (!Files.isRegularFile(p)) {
            throw new io.fer4j.error.Fer4jException(
                    p,
                    "is neither a camera device (/dev/videoN), a stream URL "
                            + "(rtsp://, http://, file:...) nor a video file");
        }
        return FfmpegVideoSource.open(p, 0);
    }

    /** The video id the outputs of {@code input} are named by (as {@link #open} names the source). */
    public static String idOf(String input) {
        if (input.startsWith("/dev/video")) {
            return Path.of(input).getFileName().toString();
        }
        if (input.contains("://") || input.startsWith("file:")) {
            String last = input.replaceAll("[?#].*$", "").replaceAll("/+$", "");
            last = last.substring(last.lastIndexOf('/') + 1);
            int dot = last.lastIndexOf('.');
            String id = (dot > 0 ? last.substring(0, dot) : last).replaceAll("[^A-Za-z0-9._-]", "_");
            return id.isEmpty() ? "stream" : id;
        }
        return VideoFileScanner.videoId(Path.of(input));
    }

    /** True when {@code input} names a file on disk (paced by default, as it is not a live source). */
    public static boolean isFile(String input) {
        return input.startsWith("file:") || (!input.contains("://") && !input.startsWith("/dev/video"));
    }

    void stop() {
        stopped.set(true);
    }

    /** When frame {@code frameIndex} was handed to the pipeline (System.nanoTime), for recent frames. */
    long enteredNanos(int frameIndex) {
        return inNanos[frameIndex & (RING - 1)];
    }

    @Override
    public DecodedFrame next() {
        // At most MAX_IN_FLIGHT frames between here and their label: a new frame is read only when one is out, so
        // no queue of stale frames builds up inside the pipeline (late frames are then skipped below).
        try {
            while (!inFlight.tryAcquire(20, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                if (stopped.get()) {
                    return null;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        DecodedFrame f = nextOnTime();
        if (f == null) {
            inFlight.release();
        }
        return f;
    }

    /** Called when a frame's label is out. */
    void labelled() {
        inFlight.release();
    }

    private DecodedFrame nextOnTime() {
        while (true) {
            if (stopped.get() || (maxFrames > 0 && delivered >= maxFrames)) {
                return null;
            }
            DecodedFrame f = inner.next();
            if (f == null) {
                return null;
            }
            long now = System.nanoTime();
            if (firstNanos < 0) {
                firstNanos = now;
                firstTime = f.timeSeconds();
            }
            long lag = now - (firstNanos + (long) ((f.timeSeconds() - firstTime) * 1e9));
            if (pace && lag < 0) {
                try {
                    Thread.sleep(-lag / 1_000_000, (int) (-lag % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
                now = System.nanoTime();
            } else if (dropLate && lag > maxLagNanos) {
                // Behind real time: skip this frame as a camera driver would, so latency cannot build up.
                dropped++;
                continue;
            }
            delivered++;
            inNanos[delivered & (RING - 1)] = now;
            // numbered by delivery, like a camera's frames: skipped frames never existed for the pipeline
            return new DecodedFrame(delivered, f.timeSeconds(), f.bgr());
        }
    }

    /** Frames skipped because they arrived more than two frame intervals behind real time. */
    int droppedFrames() {
        return dropped;
    }

    @Override
    public String id() {
        return inner.id();
    }

    @Override
    public double fps() {
        return inner.fps();
    }

    @Override
    public int declaredFrameCount() {
        return -1; // a stream: never judged truncated by a declared length
    }

    @Override
    public boolean framesAreFaces() {
        return false;
    }

    @Override
    public int framesRead() {
        return delivered;
    }

    @Override
    public void close() {
        inner.close();
    }
}
