package io.fer4j.vision.extract;

/** Which pixels of each frame extraction hands to the consumer beside the features. */
public enum FrameImages {
    /** Features only ({@code extract}, {@code Fer4j.predict}). */
    NONE,
    /**
     * A small square crop of the main face ({@link FrameResult#faceThumbnail()}), cut on the decode thread: what the
     * report's thumbnails need, without keeping a full-resolution copy of every frame in flight (2.7 MB at 720p).
     */
    FACE_THUMBNAILS,
    /** The face thumbnails and the full-resolution frame ({@link FrameResult#image()}), to draw annotated video. */
    FULL_FRAMES;

    boolean thumbnails() {
        return this != NONE;
    }

    boolean fullFrames() {
        return this == FULL_FRAMES;
    }
}
