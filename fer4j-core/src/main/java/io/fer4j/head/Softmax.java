package io.fer4j.head;

/** Row-wise softmax and log-softmax over row-major {@code rows × classes} float arrays (max-shifted, stable). */
public final class Softmax {
    private Softmax() {}

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

    /**
     * {@code softmax(z + bias)} per row of a row-major {@code rows × classes} array, in place, in double precision
     * ({@link #expShifted}); {@code bias} null: plain {@code softmax(z)}. The calibrated head probabilities
     * (CONTRACTS §6); {@link #softmaxRows} (training) shifts in float and stays as trained.
     */
    public static void biasedSoftmaxRowsInPlace(float[] z, int rows, int classes, float[] bias) {
        double[] e = new double[classes];
        for (int r = 0; r < rows; r++) {
            int o = r * classes;
            double sum = expShifted(z, o, bias, classes, e);
            for (int c = 0; c < classes; c++) {
                z[o + c] = (float) (e[c] / sum);
            }
        }
    }

    /**
     * The unnormalised softmax of one row in double precision: {@code e[c] = exp(v_c − max_j v_j)} with
     * {@code v_c = z[off + c] + bias[c]} (the sum rounded to float, as the calibrated head logits are; {@code bias}
     * null: {@code v_c = z[off + c]}), for c &lt; n; returns Σ e. The probabilities are {@code e[c] / sum}. One
     * routine for the calibrated head ({@link #biasedSoftmaxRowsInPlace}) and the pretrained backbone
     * ({@code ClassSpace.softmaxToAbaw}); {@link #softmaxRows} (training) shifts in float and stays as trained.
     */
    public static double expShifted(float[] z, int off, float[] bias, int n, double[] e) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < n; c++) {
            max = Math.max(max, bias == null ? z[off + c] : z[off + c] + bias[c]);
        }
        double sum = 0;
        for (int c = 0; c < n; c++) {
            e[c] = Math.exp((bias == null ? z[off + c] : z[off + c] + bias[c]) - max);
            sum += e[c];
        }
        return sum;
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
