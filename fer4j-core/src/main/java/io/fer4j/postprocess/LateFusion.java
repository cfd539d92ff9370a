package io.fer4j.postprocess;

/**
 * CONTRACTS §7 step 2: {@code p = w · p_visual + (1 − w) · p_audio} per frame and class. w = 1 keeps the visual
 * probabilities unchanged (as without audio), w = 0 keeps the audio ones.
 *
 * @param visualWeight w in [0, 1]
 */
public record LateFusion(double visualWeight) {
    public LateFusion {
        if (!(visualWeight >= 0.0 && visualWeight <= 1.0)) {
            throw new IllegalArgumentException("visual weight w must be in [0, 1], got " + visualWeight);
        }
    }

    /** Fuses two sequences of the same frame count. */
    public FrameProbabilities apply(FrameProbabilities visual, FrameProbabilities audio) {
        if (visual.frameCount() != audio.frameCount()) {
            throw new IllegalArgumentException("visual has " + visual.frameCount() + " frames but audio has "
                    + audio.frameCount() + "; audio rows must be aligned to frames 1..F (docs/CONTRACTS.md §9)");
        }
        float[] out = new float[visual.raw().length];
        fuseInto(visual.raw(), audio.raw(), visualWeight, out);
        return FrameProbabilities.owning(visual.frameCount(), out);
    }

    /**
     * Kernel: {@code out[i] = (float) (w · visual[i] + (1 − w) · audio[i])} in double. w = 1 and w = 0 copy exactly.
     * {@code out} may alias neither input.
     */
    public static void fuseInto(float[] visual, float[] audio, double w, float[] out) {
        if (w == 1.0) {
            System.arraycopy(visual, 0, out, 0, visual.length);
            return;
        }
        if (w == 0.0) {
            System.arraycopy(audio, 0, out, 0, audio.length);
            return;
        }
        double a = 1.0 - w;
        for (int i = 0; i < visual.length; i++) {
            out[i] = (float) (w * visual[i] + a * audio[i]);
        }
    }
}
