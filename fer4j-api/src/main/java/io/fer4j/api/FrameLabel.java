package io.fer4j.api;

import io.fer4j.geometry.FaceBox;
import io.fer4j.label.AbawClass;
import io.fer4j.prediction.FramePrediction;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The label of one frame: an immutable value (equal when every field is, probabilities compared element by element;
 * NaN valence/arousal equal NaN).
 */
public final class FrameLabel {
    private final int frameIndex;
    private final double timeSeconds;
    private final AbawClass label;
    private final float[] probabilities;
    private final FaceBox box;
    private final float valence;
    private final float arousal;

    /**
     * @param frameIndex    1-based frame number (the k-th decoded frame, 0-based, is frame k+1)
     * @param timeSeconds   presentation time of the frame
     * @param label         the ABAW expression
     * @param probabilities 8 ABAW-ordered probabilities ({@link AbawClass#ordinal()} indexes them); copied
     * @param box           the face box in frame pixels with the detector's score, or null when no face was found in
     *                      this frame (its label then comes from neighbouring face frames)
     * @param valence       valence where the run gives it, else NaN
     * @param arousal       arousal where the run gives it, else NaN
     */
    public FrameLabel(
            int frameIndex,
            double timeSeconds,
            AbawClass label,
            float[] probabilities,
            FaceBox box,
            float valence,
            float arousal) {
        if (probabilities.length != AbawClass.COUNT) {
            throw new IllegalArgumentException("expected 8 ABAW probabilities, got " + probabilities.length);
        }
        this.frameIndex = frameIndex;
        this.timeSeconds = timeSeconds;
        this.label = Objects.requireNonNull(label, "label");
        this.probabilities = probabilities.clone();
        this.box = box;
        this.valence = valence;
        this.arousal = arousal;
    }

    static FrameLabel of(FramePrediction p) {
        return new FrameLabel(
                p.frameIndex(),
                p.timeSeconds(),
                AbawClass.of(p.label()),
                p.probabilities(),
                p.box(),
                p.valence(),
                p.arousal());
    }

    /** 1-based frame number. */
    public int frameIndex() {
        return frameIndex;
    }

    public double timeSeconds() {
        return timeSeconds;
    }

    public AbawClass label() {
        return label;
    }

    /** The 8 ABAW-ordered probabilities, as a copy. */
    public float[] probabilities() {
        return probabilities.clone();
    }

    /** The probability of one class, without copying. */
    public float probability(AbawClass c) {
        return probabilities[c.ordinal()];
    }

    /** The face box, or null when no face was found in this frame. */
    public FaceBox box() {
        return box;
    }

    /** Valence of this frame, or NaN when the run gives none ({@link #valenceArousal()}). */
    public float valence() {
        return valence;
    }

    /** Arousal of this frame, or NaN when the run gives none ({@link #valenceArousal()}). */
    public float arousal() {
        return arousal;
    }

    /**
     * Valence and arousal of this frame, present when the run gives them: with a bundle holding a valence-arousal head
     * (trained with {@code --task va}), or a multi-task backbone ({@code *_va_mtl}) in backbone-only mode; filled over
     * frames without a face and smoothed as the labels are (docs/predict.md, "Valence and arousal").
     */
    public Optional<ValenceArousal> valenceArousal() {
        return Float.isNaN(valence) || Float.isNaN(arousal)
                ? Optional.empty()
                : Optional.of(new ValenceArousal(valence, arousal));
    }

    /** True when a face was found in this frame. */
    public boolean hasFace() {
        return box != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FrameLabel f
                && frameIndex == f.frameIndex
                && Double.compare(timeSeconds, f.timeSeconds) == 0
                && label == f.label
                && Arrays.equals(probabilities, f.probabilities)
                && Objects.equals(box, f.box)
                && Float.compare(valence, f.valence) == 0
                && Float.compare(arousal, f.arousal) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(frameIndex, timeSeconds, label, Arrays.hashCode(probabilities), box, valence, arousal);
    }

    @Override
    public String toString() {
        return "FrameLabel[frameIndex=" + frameIndex + ", timeSeconds=" + timeSeconds + ", label=" + label
                + ", probabilities=" + Arrays.toString(probabilities) + ", box=" + box + ", valence=" + valence
                + ", arousal=" + arousal + "]";
    }
}
