package io.fer4j.vision.extract;

import io.fer4j.geometry.FaceBox;

/**
 * One face on its way through the pipeline: its preprocessed input until the backbone has run, then its outputs.
 * Written by the decode thread before it is queued and by the inference thread after; the queue orders the two.
 */
final class PendingFace {
    final int trackId;
    final FaceBox box;
    float[] input;
    float[] embedding;
    float[] logits;

    PendingFace(int trackId, FaceBox box, float[] input) {
        this.trackId = trackId;
        this.box = box;
        this.input = input;
    }

    boolean embedded() {
        return embedding != null;
    }
}
