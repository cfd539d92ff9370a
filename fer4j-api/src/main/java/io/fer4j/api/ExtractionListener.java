package io.fer4j.api;

/**
 * Progress of {@link Fer4j#extract}, called from the pipeline's threads (one video at a time, frames in order). Every
 * method does nothing by default.
 */
public interface ExtractionListener {
    /** How many videos will be extracted and how many are already complete (skipped). */
    default void planned(int toExtract, int alreadyComplete) {}

    default void videoStarted(String videoId) {}

    /** Frame {@code frameIndex} (1-based) of the video is through the backbone. */
    default void frameDone(String videoId, int frameIndex) {}

    /** The video is committed to the store. */
    default void videoDone(String videoId, int frameCount) {}

    default void videoFailed(String videoId, String message) {}
}
