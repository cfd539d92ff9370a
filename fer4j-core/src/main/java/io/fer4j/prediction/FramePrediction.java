package io.fer4j.prediction;

import io.fer4j.geometry.FaceBox;
import io.fer4j.label.AbawClass;

/**
 * One frame's output.
 *
 * @param frameIndex    1-based frame number (CONTRACTS §2)
 * @param timeSeconds   presentation time of the frame
 * @param box           the face box, or null when no face was found in this frame (its probabilities are then
 *                      filled from neighbouring face frames, CONTRACTS §7.1)
 * @param label         ABAW label id 0..7
 * @param probabilities 8 ABAW-ordered probabilities (fused and smoothed, the ones the label was chosen from when the
 *                      gate did not fire)
 * @param valence       valence where the run gives it (a VA bundle or a multi-task backbone, filled and smoothed:
 *                      docs/predict.md "Valence and arousal"), else NaN
 * @param arousal       arousal likewise, else NaN
 */
public record FramePrediction(
        int frameIndex,
        double timeSeconds,
        FaceBox box,
        int label,
        float[] probabilities,
        float valence,
        float arousal) {
    public FramePrediction {
        if (frameIndex < 1) {
            throw new IllegalArgumentException("frameIndex is 1-based, got " + frameIndex);
        }
        if (box != null && (!(box.width() >= 0) || !(box.height() >= 0))) {
            throw new IllegalArgumentException(
                    "face box width/height must be >= 0, got " + box.width() + "x" + box.height());
        }
        AbawClass.of(label);
        if (probabilities.length != AbawClass.COUNT) {
            throw new IllegalArgumentException("expected 8 ABAW probabilities, got " + probabilities.length);
        }
        probabilities = probabilities.clone();
    }

    @Override
    public float[] probabilities() {
        return probabilities.clone();
    }

    /** Probability of ABAW class {@code labelId} without copying the array. */
    public float probability(int labelId) {
        return probabilities[labelId];
    }

    public boolean hasFace() {
        return box != null;
    }

    public boolean hasValenceArousal() {
        return !Float.isNaN(valence) || !Float.isNaN(arousal);
    }
}
