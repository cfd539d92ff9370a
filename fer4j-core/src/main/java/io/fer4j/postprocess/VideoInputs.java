package io.fer4j.postprocess;

import io.fer4j.label.ClassSpace;

/**
 * What post-processing needs for one video. Arrays are copied in and validated.
 *
 * @param frameCount               F (the annotation's or meta.json's frame count), ≥ 1
 * @param faceFrames               1-based frames with a face, strictly ascending in 1..F; may be empty (no face)
 * @param headProbabilities        n×8 calibrated head probabilities (ABAW order), row r for {@code faceFrames[r]}
 * @param pretrainedProbabilities  n×8 backbone probabilities mapped to ABAW order
 *                                 ({@link ClassSpace#softmaxToAbaw}), or null: then the gate never fires
 * @param audioProbabilities       F×8 audio-head probabilities (row i = frame i+1), or null when the video has no audio
 */
public record VideoInputs(
        int frameCount,
        int[] faceFrames,
        float[] headProbabilities,
        float[] pretrainedProbabilities,
        float[] audioProbabilities) {
    private static final int C = FrameProbabilities.CLASSES;

    public VideoInputs {
        if (frameCount < 1) {
            throw new IllegalArgumentException("frameCount must be at least 1, got " + frameCount);
        }
        faceFrames = faceFrames.clone();
        headProbabilities = headProbabilities.clone();
        pretrainedProbabilities = pretrainedProbabilities == null ? null : pretrainedProbabilities.clone();
        audioProbabilities = audioProbabilities == null ? null : audioProbabilities.clone();
        if (faceFrames.length > 0) {
            FillMissingFrames.validate(frameCount, faceFrames, headProbabilities);
            if (pretrainedProbabilities != null) {
                FillMissingFrames.validate(frameCount, faceFrames, pretrainedProbabilities);
            }
        } else if (headProbabilities.length != 0
                || (pretrainedProbabilities != null && pretrainedProbabilities.length != 0)) {
            throw new IllegalArgumentException(
                    "no face frames but " + headProbabilities.length + " head probabilities");
        }
        if (audioProbabilities != null) {
            if (audioProbabilities.length != (long) frameCount * C) {
                throw new IllegalArgumentException("audio probabilities must be F×8 = " + (long) frameCount * C
                        + " values (one row per frame, docs/CONTRACTS.md §9), got " + audioProbabilities.length);
            }
            FrameProbabilities.requireFinite(audioProbabilities, "audio probabilities");
        }
    }

    public boolean hasFaces() {
        return faceFrames.length > 0;
    }

    public boolean hasAudio() {
        return audioProbabilities != null;
    }

    public boolean hasPretrained() {
        return pretrainedProbabilities != null;
    }

    @Override
    public int[] faceFrames() {
        return faceFrames.clone();
    }

    @Override
    public float[] headProbabilities() {
        return headProbabilities.clone();
    }

    @Override
    public float[] pretrainedProbabilities() {
        return pretrainedProbabilities == null ? null : pretrainedProbabilities.clone();
    }

    @Override
    public float[] audioProbabilities() {
        return audioProbabilities == null ? null : audioProbabilities.clone();
    }

    // Uncopied views for this package and io.fer4j.tuning (via the public kernels); never modified.
    int[] faceFramesView() {
        return faceFrames;
    }

    float[] headView() {
        return headProbabilities;
    }

    float[] pretrainedView() {
        return pretrainedProbabilities;
    }

    float[] audioView() {
        return audioProbabilities;
    }
}
