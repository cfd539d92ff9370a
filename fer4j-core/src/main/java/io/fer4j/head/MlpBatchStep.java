package io.fer4j.head;

/**
 * Forward and backward pass of the MLP over one mini-batch with preallocated buffers (not thread-safe; one per
 * training run). Parameters use {@link MlpHead}'s layout. Gradients are of the batch's weighted-mean loss
 * ({@link HeadLosses#focal}).
 */
final class MlpBatchStep {
    final int dim;
    final int hidden;
    final int classes;
    final float[] h;
    final float[] z;
    final float[] dz;
    final float[] dh;

    MlpBatchStep(int dim, int hidden, int classes, int maxRows) {
        this.dim = dim;
        this.hidden = hidden;
        this.classes = classes;
        h = new float[maxRows * hidden];
        z = new float[maxRows * classes];
        dz = new float[maxRows * classes];
        dh = new float[maxRows * hidden];
    }

    /** Logits of x[rows × dim] into {@link #z}, post-ReLU activations into {@link #h}. */
    void forward(float[] x, int rows, float[] w1, float[] b1, float[] w2, float[] b2) {
        RowMajorGemm.timesTransposed(x, rows, dim, w1, hidden, h);
        MlpHead.addBiasRelu(h, rows, b1);
        RowMajorGemm.timesTransposed(h, rows, hidden, w2, classes, z);
        MlpHead.addBias(z, rows, b2);
    }

    /**
     * After {@link #forward}: loss of labels y and its gradients (overwritten) with respect to all parameters.
     * dW2 = dZᵀ·H, db2 = Σ_rows dZ, dH = dZ·W2 ⊙ [H > 0], dW1 = dHᵀ·X, db1 = Σ_rows dH.
     */
    double backward(
            float[] x,
            int[] y,
            int rows,
            float[] w2,
            float[] classWeights,
            double gamma,
            float[] gw1,
            float[] gb1,
            float[] gw2,
            float[] gb2) {
        double loss = HeadLosses.focal(z, y, rows, classes, classWeights, gamma, dz);
        backpropagate(x, rows, w2, gw1, gb1, gw2, gb2);
        return loss;
    }

    /**
     * After {@link #forward} and with {@link #dz} holding ∂loss/∂outputs (any loss): the gradients (overwritten)
     * with respect to all parameters.
     */
    void backpropagate(float[] x, int rows, float[] w2, float[] gw1, float[] gb1, float[] gw2, float[] gb2) {
        RowMajorGemm.transposedTimes(dz, rows, classes, h, hidden, gw2);
        columnSums(dz, rows, classes, gb2);
        RowMajorGemm.times(dz, rows, classes, w2, hidden, dh);
        int n = rows * hidden;
        for (int i = 0; i < n; i++) {
            if (!(h[i] > 0f)) {
                dh[i] = 0f;
            }
        }
        RowMajorGemm.transposedTimes(dh, rows, hidden, x, dim, gw1);
        columnSums(dh, rows, hidden, gb1);
    }

    private static void columnSums(float[] m, int rows, int cols, float[] out) {
        java.util.Arrays.fill(out, 0f);
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            for (int c = 0; c < cols; c++) {
                out[c] += m[o + c];
            }
        }
    }
}
