package io.fer4j.api;

import io.fer4j.geometry.FaceBox;
import io.fer4j.label.AbawClass;
import io.fer4j.prediction.FramePrediction;

/**
 * The label of one frame.
 *
 * @param frameIndex    1-based frame number (the k-th decoded frame, 0-based, is frame k+1)
 * @param timeSeconds   presentation time of the frame
 * @param label         the ABAW expression
 * @param probabilities 8 ABAW-ordered probabilities ({@link AbawClass#ordinal()} indexes them); the returned array is
 *                      a copy
 * @param box           the face box in frame pixels with the detector's score, or null when no face was found in
 *                      this frame (its label then comes from neighbouring face frames)
 * @param valence       valence where the backbone gives it, else NaN
 * @param arousal       arousal where the backbone gives it, else NaN
 */
public record FrameLabel(int frameIndex, double timeSeconds, AbawClass label, float[] probabilities, FaceBox box,
                         float valence, float arousal) {
    public FrameLabel {
        if (probabilities.length != AbawClass.COUNT) {
            throw new IllegalArgumentException("expected 8 ABAW probabilities, got " + probabilities.length);
        }
        probabilities = probabilities.clone();
    }

    static FrameLabel of(FramePrediction p) {
        return new FrameLabel(p.frameIndex(), p.timeSeconds(), AbawClass.of(p.label()), p.probabilities(), p.box(),
                p.valence(), p.arousal());
    }

    @Override
    public float[] probabilities() {
        return probabilities.clone();
    }

    /** The probability of one class, without copying. */
    public float probability(AbawClass c) {
        return probabilities[c.ordinal()];
    }

    /** True when a face was found in this frame. */
    public boolean hasFace() {
        return box != null;
    }
}
