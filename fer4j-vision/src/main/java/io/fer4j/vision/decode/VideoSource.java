package io.fer4j.vision.decode;

/**
 * A sequence of frames read in order: a video file, a stream/camera URL, or a face-image folder. Not thread-safe:
 * one thread reads it.
 */
public interface VideoSource extends AutoCloseable {
    /** The video id (CONTRACTS §2): file name without extension, or the folder's name. */
    String id();

    /** Frames per second (container rate; for face-image folders the configured rate, 0 when unknown). */
    double fps();

    /** Frame count the container declares, or -1 when unknown (live streams). An estimate for some containers. */
    int declaredFrameCount();

    /** True when frames are already face crops (Aff-Wild2's cropped folders): detection is skipped. */
    boolean framesAreFaces();

    /**
     * The next frame, or null at the end. The returned frame's image is reused by the next call.
     *
     * @throws io.fer4j.error.Fer4jException when the input cannot be decoded (corrupt, truncated)
     */
    DecodedFrame next();

    /** Number of frames returned so far. */
    int framesRead();

    /**
     * What the user should know about the input that did not stop it (frames missing against the declared count,
     * truncated images decoded as far as they go), complete once {@link #next()} has returned null.
     */
    default java.util.List<String> warnings() {
        return java.util.List.of();
    }

    @Override
    void close();
}
