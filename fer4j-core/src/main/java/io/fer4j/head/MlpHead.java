package io.fer4j.head;

/**
 * The classification head of CONTRACTS §5: {@code Linear(D, H) → ReLU → Linear(H, K)} (H = 128, K = 8 ABAW classes).
 * Immutable and thread-safe; weights are stored as PyTorch's {@code nn.Linear} does ({@code weight[out × in]}
 * row-major, {@code bias[out]}), so a PyTorch {@code state_dict} maps onto it one to one.
 */
public final class MlpHead {
    /** Hidden width of the paper's head. */
    public static final int HIDDEN = 128;

    private final int inputDim;
    private final int hiddenDim;
    private final int classCount;
    private final float[] w1;
    private final float[] b1;
    private final float[] w2;
    private final float[] b2;

    private MlpHead(int inputDim, int hiddenDim, int classCount, float[] w1, float[] b1, float[] w2, float[] b2) {
        this.inputDim = inputDim;
        this.hiddenDim = hiddenDim;
        this.classCount = classCount;
        this.w1 = w1;
        this.b1 = b1;
        this.w2 = w2;
        this.b2 = b2;
    }

    /**
     * A head from its parameters (copied): {@code w1[hidden × input]}, {@code b1[hidden]}, {@code w2[classes ×
     * hidden]}, {@code b2[classes]}. Rejects wrong shapes and non-finite values.
     */
    public static MlpHead of(
            int inputDim, int hiddenDim, int classCount, float[] w1, float[] b1, float[] w2, float[] b2) {
        if (inputDim <= 0 || hiddenDim <= 0 || classCount <= 0) {
            throw new IllegalArgumentException("dimensions must be positive: input=" + inputDim + " hidden=" + hiddenDim
                    + " classes=" + classCount);
        }
        checkShape("w1", w1, (long) hiddenDim * inputDim);
        checkShape("b1", b1, hiddenDim);
        checkShape("w2", w2, (long) classCount * hiddenDim);
        checkShape("b2", b2, classCount);
        return new MlpHead(inputDim, hiddenDim, classCount, w1.clone(), b1.clone(), w2.clone(), b2.clone());
    }

    private static void checkShape(String name, float[] values, long expected) {
        if (values.length != expected) {
            throw new IllegalArgumentException(name + " must hold " + expected + " values, got " + values.length);
        }
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] is not finite: " + values[i]);
            }
        }
    }

    public int inputDim() {
        return inputDim;
    }

    public int hiddenDim() {
        return hiddenDim;
    }

    public int classCount() {
        return classCount;
    }

    /** First-layer weight {@code [hidden × input]}, row-major (a copy). */
    public float[] w1() {
        return w1.clone();
    }

    public float[] b1() {
        return b1.clone();
    }

    /** Second-layer weight {@code [classes × hidden]}, row-major (a copy). */
    public float[] w2() {
        return w2.clone();
    }

    public float[] b2() {
        return b2.clone();
    }

    /**
     * Logits for {@code rows} feature rows: {@code rowsRowMajor[rows × input]} → {@code out[rows × classes]}.
     * Allocates a {@code rows × hidden} scratch buffer; callers bound {@code rows} (e.g. 4096) for large inputs.
     */
    public void predictLogits(float[] rowsRowMajor, int rows, float[] out) {
        if ((long) rows * inputDim > rowsRowMajor.length || (long) rows * classCount > out.length) {
            throw new IllegalArgumentException("buffers too small for " + rows + " rows");
        }
        if (rows == 0) {
            return;
        }
        float[] hidden = new float[rows * hiddenDim];
        forward(rowsRowMajor, rows, hidden, out);
    }

    /** Softmax probabilities, {@code out[rows × classes]}. */
    public void predictProbabilities(float[] rowsRowMajor, int rows, float[] out) {
        predictLogits(rowsRowMajor, rows, out);
        Softmax.softmaxRows(out, rows, classCount, out);
    }

    /** Log-softmax log-probabilities, {@code out[rows × classes]} (the input of logit adjustment, CONTRACTS §6). */
    public void predictLogProbabilities(float[] rowsRowMajor, int rows, float[] out) {
        predictLogits(rowsRowMajor, rows, out);
        Softmax.logSoftmaxRows(out, rows, classCount, out);
    }

    /**
     * Forward pass with caller-provided buffers: {@code hidden[rows × hidden]} receives the post-ReLU activations,
     * {@code logits[rows × classes]} the output. Used by the trainer, which needs the activations for backward.
     */
    void forward(float[] x, int rows, float[] hidden, float[] logits) {
        RowMajorGemm.timesTransposed(x, rows, inputDim, w1, hiddenDim, hidden);
        addBiasRelu(hidden, rows, b1);
        RowMajorGemm.timesTransposed(hidden, rows, hiddenDim, w2, classCount, logits);
        addBias(logits, rows, b2);
    }

    static void addBias(float[] m, int rows, float[] bias) {
        int cols = bias.length;
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            for (int c = 0; c < cols; c++) {
                m[o + c] += bias[c];
            }
        }
    }

    /** Adds the bias, then ReLU; NaN stays NaN so that non-finite input is still detected downstream. */
    static void addBiasRelu(float[] m, int rows, float[] bias) {
        int cols = bias.length;
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            for (int c = 0; c < cols; c++) {
                float v = m[o + c] + bias[c];
                m[o + c] = v < 0f ? 0f : v;
            }
        }
    }
}
