package io.fer4j.vision.extract;

/**
 * Receives extraction results. All calls for one video come from one thread, in frame order:
 * {@code onStart}, then {@code onFrame} for every decoded frame, then {@code onEnd}. An exception thrown here stops
 * that video's extraction and is rethrown to the caller of {@link VideoFeatureExtractor#extract}.
 */
public interface FrameFeaturesConsumer {
    default void onStart(VideoInfo video) {}

    void onFrame(FrameResult frame);

    default void onEnd(VideoSummary summary) {}

    /**
     * The video failed after {@code onStart} (decoding error, or an exception from this consumer): release what was
     * started for it (e.g. abort a half-written store video). Not called after {@code onEnd} returned.
     */
    default void onAbort(RuntimeException error) {}
}
