package io.fer4j.logitadjustment;

import java.util.Arrays;
import java.util.Objects;

/**
 * Additive per-class bias on log-probabilities (CONTRACTS §6): {@code log p̃ = log_softmax(z) + a}. Immutable (the bias
 * is copied in and out).
 *
 * @param bias      a_k, one per class (finite)
 * @param estimator name of the estimator that produced it ({@code paper}, {@code balanced-ce}, {@code prior},
 *                  {@code none})
 */
public record LogitAdjustment(float[] bias, String estimator) {
    public LogitAdjustment {
        Objects.requireNonNull(estimator, "estimator");
        bias = bias.clone();
        for (int k = 0; k < bias.length; k++) {
            if (!Float.isFinite(bias[k])) {
                throw new IllegalArgumentException("logit adjustment a[" + k + "] is not finite: " + bias[k]);
            }
        }
    }

    /** No adjustment (all a_k = 0). */
    public static LogitAdjustment none(int classCount) {
        return new LogitAdjustment(new float[classCount], "none");
    }

    @Override
    public float[] bias() {
        return bias.clone();
    }

    public int classCount() {
        return bias.length;
    }

    /** {@code logProbs[rows × K] + a} per row, as a new array. */
    public float[] apply(float[] logProbsRowMajor) {
        float[] out = logProbsRowMajor.clone();
        applyInPlace(out);
        return out;
    }

    /** Adds a to every row of {@code logProbsRowMajor[rows × K]} in place. */
    public void applyInPlace(float[] logProbsRowMajor) {
        int k = bias.length;
        if (logProbsRowMajor.length % k != 0) {
            throw new IllegalArgumentException("length " + logProbsRowMajor.length + " is not a multiple of " + k);
        }
        for (int i = 0; i < logProbsRowMajor.length; i++) {
            logProbsRowMajor[i] += bias[i % k];
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogitAdjustment other
                && Arrays.equals(bias, other.bias)
                && estimator.equals(other.estimator);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(bias) + estimator.hashCode();
    }

    @Override
    public String toString() {
        return "LogitAdjustment[" + estimator + ", a=" + Arrays.toString(bias) + "]";
    }
}
