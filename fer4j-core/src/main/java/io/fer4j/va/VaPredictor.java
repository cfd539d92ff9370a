package io.fer4j.va;

import io.fer4j.bundle.VideoFeatures;
import java.util.Objects;

/**
 * Applies a VA bundle to one video's features: the bundle's sequences ({@link VaVideoOutputs}), fused and smoothed
 * with its δ and w ({@link VaPostProcessing}). No I/O; immutable and thread-safe. What {@code submit} and (once wired)
 * {@code predict} and the Java API use, so every path predicts the same values that {@code evaluate} scores.
 */
public final class VaPredictor {
    private final VaBundle bundle;
    private final VaVideoOutputs.Inputs inputs;

    public VaPredictor(VaBundle bundle) {
        this.bundle = Objects.requireNonNull(bundle);
        this.inputs = VaVideoOutputs.Inputs.of(bundle.source(), bundle.modality());
    }

    /**
     * One video's valence and arousal per frame.
     *
     * @param valenceArousal F×2: frame i's valence at {@code 2(i−1)}, arousal at {@code 2(i−1)+1}
     * @param noFace         the video has no face frame (audio only, or 0, 0 without audio)
     */
    public record Prediction(String videoId, float[] valenceArousal, boolean noFace) {
        public int frameCount() {
            return valenceArousal.length / 2;
        }

        /** Mean over the frames of dimension k (0 = valence, 1 = arousal). */
        public double mean(int k) {
            double s = 0;
            for (int i = k; i < valenceArousal.length; i += 2) {
                s += valenceArousal[i];
            }
            return s / frameCount();
        }

        /** Population standard deviation over the frames of dimension k: the spread of the video's affect. */
        public double standardDeviation(int k) {
            double m = mean(k);
            double s = 0;
            for (int i = k; i < valenceArousal.length; i += 2) {
                s += (valenceArousal[i] - m) * (valenceArousal[i] - m);
            }
            return Math.sqrt(s / frameCount());
        }
    }

    public Prediction predict(VideoFeatures features) {
        VaHead visual = bundle.visualHead();
        VaHead audio = bundle.audioHead();
        VaVideoOutputs outputs = VaVideoOutputs.compute(
                features, visual == null ? null : visual.head(), audio == null ? null : audio.head());
        return new Prediction(
                features.id(),
                VaPostProcessing.apply(outputs, inputs, bundle.deltaFrames(), bundle.visualWeight()),
                outputs.noFace(inputs));
    }
}
