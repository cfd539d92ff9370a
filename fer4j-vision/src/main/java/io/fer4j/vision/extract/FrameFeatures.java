package io.fer4j.vision.extract;

import io.fer4j.geometry.FaceBox;

/**
 * One face's features in one frame.
 *
 * @param frameIndex  1-based frame number (CONTRACTS §2)
 * @param timeSeconds the frame's presentation time
 * @param box         the face box in full-resolution pixel coordinates (for face-image folders: the whole image)
 * @param trackId     the person's track id (1, 2, … in order of first appearance; 1 for face-image folders)
 * @param embedding   the backbone embedding (input of its final Gemm), length D
 * @param logits      the backbone outputs in its own class order (K = 8, or 10 with valence and arousal)
 */
public record FrameFeatures(
        int frameIndex, double timeSeconds, FaceBox box, int trackId, float[] embedding, float[] logits) {}
