package io.fer4j.postprocess;

/**
 * The tuned post-processing parameters of CONTRACTS §7.
 *
 * @param deltaFrames  δ, smoothing half-width in frames (window 2δ+1); 0 = no smoothing
 * @param p0           confidence-gate threshold; ≥ 1 = gate off
 * @param visualWeight w in {@code p = w · p_visual + (1 − w) · p_audio}; 1 = visual only (used without audio),
 *                     0 = audio only
 */
public record PostProcessingConfig(int deltaFrames, double p0, double visualWeight) {
    /** The authors' values on Aff-Wild2 (CONTRACTS §7): δ = 50, p0 = 0.8, w = 0.6. */
    public static final PostProcessingConfig PAPER = new PostProcessingConfig(50, 0.8, 0.6);
    /** No smoothing, no gate, visual only: the head's argmax per frame (after fill). */
    public static final PostProcessingConfig NONE = new PostProcessingConfig(0, 1.0, 1.0);

    public PostProcessingConfig {
        if (deltaFrames < 0) {
            throw new IllegalArgumentException("δ must be ≥ 0 frames, got " + deltaFrames);
        }
        if (Double.isNaN(p0)) {
            throw new IllegalArgumentException("p0 must be a number");
        }
        if (!(visualWeight >= 0.0 && visualWeight <= 1.0)) {
            throw new IllegalArgumentException("visual weight w must be in [0, 1], got " + visualWeight);
        }
    }

    /**
     * This config as it applies to a video without audio: w = 1. {@link VideoPostProcessor} and
     * {@link CausalPostProcessor} already skip fusion without audio rows; this is the one named place for callers
     * that record the parameters actually used (predict's provenance).
     */
    public PostProcessingConfig withoutAudio() {
        return visualWeight == 1.0 ? this : new PostProcessingConfig(deltaFrames, p0, 1.0);
    }

    public TemporalSmoothing smoothing() {
        return TemporalSmoothing.centred(deltaFrames);
    }

    public ConfidenceGate gate() {
        return new ConfidenceGate(p0);
    }

    public LateFusion fusion() {
        return new LateFusion(visualWeight);
    }

    @Override
    public String toString() {
        return "δ=" + deltaFrames + " p0=" + p0 + " w=" + visualWeight;
    }
}
