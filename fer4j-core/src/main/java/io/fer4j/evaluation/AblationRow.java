package io.fer4j.evaluation;

import io.fer4j.metrics.ConfusionMatrix;

/**
 * One scored ablation row. Fractions in [0, 1].
 *
 * @param name            row label (CONTRACTS §11 wording)
 * @param macroF1         macro-F1 with the row's adjustments and δ/p0/w tuned on the evaluated split (optimistic,
 *                        as the paper reports)
 * @param accuracy        accuracy likewise
 * @param deltaFrames     δ used (0 = no smoothing)
 * @param p0              gate threshold used (1 = gate off; 0 = gate always fires)
 * @param visualWeight    w used (1 = visual only, 0 = audio only)
 * @param honestMacroF1   k-fold-by-video held-out macro-F1 (adjustments and δ/p0/w refitted per fold), NaN when the
 *                        row fits nothing or there are fewer videos than folds
 * @param honestAccuracy  likewise
 * @param confusion       pooled confusion of the tuned figure
 */
public record AblationRow(
        String name,
        double macroF1,
        double accuracy,
        int deltaFrames,
        double p0,
        double visualWeight,
        double honestMacroF1,
        double honestAccuracy,
        ConfusionMatrix confusion) {}
