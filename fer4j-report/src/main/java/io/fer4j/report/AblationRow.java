package io.fer4j.report;

import io.fer4j.metrics.ConfusionMatrix;

/**
 * One row of the evaluation table (DESIGN §11).
 *
 * @param name      what the row measures, e.g. "confidence-gated calibration + smoothing"
 * @param macroF1   fraction in [0,1]
 * @param accuracy  fraction in [0,1]
 * @param delta     smoothing half-window in frames, or null when the row does not smooth
 * @param p0        gate threshold, or null without gate
 * @param w         visual fusion weight, or null without audio
 * @param honestMacroF1 k-fold-by-video held-out macro-F1 (tuned on other videos), NaN when not computed
 * @param confusion pooled confusion matrix of the row (rows = true class), or null when not available
 */
public record AblationRow(String name, double macroF1, double accuracy, Integer delta, Double p0, Double w,
                          double honestMacroF1, ConfusionMatrix confusion) {
}
