package io.fer4j.va;

import io.fer4j.postprocess.TemporalSmoothing;
import io.fer4j.tuning.KFoldByVideo;
import java.util.ArrayList;
import java.util.List;

/**
 * Chooses δ (and w where audio is fused) by pooled mean CCC over a grid, as the expression track tunes δ/p0/w by
 * macro-F1; and the honest estimate: {@link KFoldByVideo} folds, each tuned on the other folds and scored held out,
 * the held-out frames pooled. Ties keep the first grid point (smallest δ, then smallest w).
 */
public final class VaTuning {
    private VaTuning() {}

    /** A grid point and its pooled score. */
    public record Choice(int deltaFrames, double visualWeight, VaScore score) {}

    /** The score of one configuration over {@code videos}. */
    public static VaScore score(
            List<VaScoredVideo> videos, VaVideoOutputs.Inputs inputs, int deltaFrames, double visualWeight) {
        VaScore total = VaScore.EMPTY;
        for (VaScoredVideo v : videos) {
            total = total.plus(VaScore.of(VaPostProcessing.apply(v.outputs(), inputs, deltaFrames, visualWeight), v));
        }
        return total;
    }

    /**
     * The best (δ, w) of the grid by pooled mean CCC. w is tried only when {@code inputs} fuses audio (else w = 1,
     * or 0 for audio alone).
     * O(|w| · |δ| · frames): each video's window sums come from one prefix-sum pass per w.
     */
    public static Choice tune(
            List<VaScoredVideo> videos, VaVideoOutputs.Inputs inputs, int[] deltaFrames, double[] visualWeights) {
        // w is tried only where audio is fused; audio alone records w = 0 and vision alone w = 1 (as for EXPR)
        double[] ws = inputs == VaVideoOutputs.Inputs.AUDIO
                ? new double[] {0.0}
                : inputs.usesAudio() ? visualWeights : new double[] {1.0};
        Choice best = null;
        for (double w : ws) {
            VaScore[] perDelta = new VaScore[deltaFrames.length];
            java.util.Arrays.fill(perDelta, VaScore.EMPTY);
            for (VaScoredVideo v : videos) {
                int frames = v.outputs().frameCount();
                float[] fused = VaPostProcessing.fused(v.outputs(), inputs, w);
                double[] prefix = TemporalSmoothing.prefixSums(fused, frames, VaTrainingRows.OUTPUTS);
                float[] scratch = new float[fused.length];
                for (int d = 0; d < deltaFrames.length; d++) {
                    VaPostProcessing.smoothInto(fused, prefix, frames, deltaFrames[d], scratch);
                    perDelta[d] = perDelta[d].plus(VaScore.of(scratch, v));
                }
            }
            for (int d = 0; d < deltaFrames.length; d++) {
                if (best == null || perDelta[d].cccMean() > best.score().cccMean()) {
                    best = new Choice(deltaFrames[d], w, perDelta[d]);
                }
            }
        }
        return best;
    }

    /**
     * Honest estimate: per fold, (δ, w) tuned on the other folds, scored on the held-out videos; returns the pooled
     * held-out score.
     */
    public static VaScore honest(
            List<VaScoredVideo> videos,
            VaVideoOutputs.Inputs inputs,
            int[] deltaFrames,
            double[] visualWeights,
            KFoldByVideo folds) {
        List<List<VaScoredVideo>> parts = folds.partition(videos, VaScoredVideo::id);
        VaScore pooled = VaScore.EMPTY;
        for (int f = 0; f < parts.size(); f++) {
            List<VaScoredVideo> tuning = new ArrayList<>();
            for (int g = 0; g < parts.size(); g++) {
                if (g != f) {
                    tuning.addAll(parts.get(g));
                }
            }
            Choice c = tune(tuning, inputs, deltaFrames, visualWeights);
            pooled = pooled.plus(score(parts.get(f), inputs, c.deltaFrames(), c.visualWeight()));
        }
        return pooled;
    }
}
