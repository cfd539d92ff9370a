package io.fer4j.va;

import io.fer4j.postprocess.LateFusion;
import io.fer4j.postprocess.TemporalSmoothing;

/**
 * Per-video post-processing of valence/arousal, the expression track's steps 2–3 (CONTRACTS §7) on two columns: fuse
 * {@code w·visual + (1−w)·audio} ({@link LateFusion#fuseInto}), then the centred window mean of δ
 * ({@link TemporalSmoothing} kernels). Without audio the visual sequence is used as is (w = 1), without a face the
 * audio one; with neither, valence and arousal are 0 (the centre of the circumplex) on every frame.
 */
public final class VaPostProcessing {
    private static final int K = VaTrainingRows.OUTPUTS;

    private VaPostProcessing() {}

    /** The fused, unsmoothed F×2 sequence of {@code inputs}. */
    public static float[] fused(VaVideoOutputs v, VaVideoOutputs.Inputs inputs, double visualWeight) {
        float[] visual = v.visual(inputs);
        float[] audio = inputs.usesAudio() ? v.audio() : null;
        if (visual != null && audio != null) {
            float[] out = new float[visual.length];
            LateFusion.fuseInto(visual, audio, visualWeight, out);
            return out;
        }
        if (visual != null) {
            return visual;
        }
        return audio != null ? audio : new float[v.frameCount() * K];
    }

    /** The centred window mean of δ over an F×2 sequence (δ = 0 returns it unchanged). */
    public static float[] smoothed(float[] values, int frames, int deltaFrames) {
        if (deltaFrames == 0) {
            return values;
        }
        float[] out = new float[values.length];
        smoothInto(values, TemporalSmoothing.prefixSums(values, frames, K), frames, deltaFrames, out);
        return out;
    }

    /** Kernel of {@link #smoothed}: {@code prefix} from {@code TemporalSmoothing.prefixSums(values, F, 2)}. */
    static void smoothInto(float[] values, double[] prefix, int frames, int deltaFrames, float[] out) {
        for (int frame = 1; frame <= frames; frame++) {
            TemporalSmoothing.windowMean(
                    values,
                    prefix,
                    K,
                    frames,
                    deltaFrames,
                    TemporalSmoothing.Window.CENTRED,
                    frame,
                    out,
                    (frame - 1) * K);
        }
    }

    /** Fused and smoothed: the values a bundle predicts for the video. */
    public static float[] apply(VaVideoOutputs v, VaVideoOutputs.Inputs inputs, int deltaFrames, double visualWeight) {
        return smoothed(fused(v, inputs, visualWeight), v.frameCount(), deltaFrames);
    }
}
