package io.fer4j.head;

/** Row-wise softmax and log-softmax over row-major {@code rows × classes} float arrays (max-shifted, stable). */
public final class Softmax {
    private Softmax() {
    }

    /** {@code out[r, k] = z[r, k] − logΣ_j exp z[r, j]}; {@code out} may be {@code logits}. */
    public static void logSoftmaxRows(float[] logits, int rows, int classes, float[] out) {
        for (int r = 0; r < rows; r++) {
            int o = r * classes;
            float max = Float.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                max = Math.max(max, logits[o + k]);
            }
            double sum = 0;
            for (int k = 0; k < classes; k++) {
                sum += Math.exp(logits[o + k] - max);
            }
            float logZ = (float) (max + Math.log(sum));
            for (int k = 0; k < classes; k++) {
                out[o + k] = logits[o + k] - logZ;
            }
        }
    }

    /** {@code out[r, k] = exp z[r, k] / Σ_j exp z[r, j]}; {@code out} may be {@code logits}. */
    public static void softmaxRows(float[] logits, int rows, int classes, float[] out) {
        double[] e = new double[classes];
        for (int r = 0; r < rows; r++) {
            int o = r * classes;
            float max = Float.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                max = Math.max(max, logits[o + k]);
            }
            double sum = 0;
            for (int k = 0; k < classes; k++) {
                e[k] = Math.exp(logits[o + k] - max);
                sum += e[k];
            }
            for (int k = 0; k < classes; k++) {
                out[o + k] = (float) (e[k] / sum);
            }
        }
    }

    /** Index of the largest value of row {@code r}; the first one on ties (numpy's argmax). */
    public static int argmaxRow(float[] values, int r, int classes) {
        int o = r * classes;
        int best = 0;
        float bestValue = values[o];
        for (int k = 1; k < classes; k++) {
            if (values[o + k] > bestValue) {
                bestValue = values[o + k];
                best = k;
            }
        }
        return best;
    }
}
