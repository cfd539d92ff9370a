package io.fer4j.head;

/**
 * Batch losses over logits and their gradients with respect to the logits. Both losses are class-weighted means
 * {@code Σ_n w_{y_n} ℓ_n / Σ_n w_{y_n}} as PyTorch's {@code cross_entropy(weight=w, reduction="mean")}; with all
 * weights 1 this is the plain mean, and focal loss with γ = 0 equals cross-entropy exactly.
 */
public final class HeadLosses {
    private HeadLosses() {}

    /**
     * Loss of {@code rows} rows of {@code logits[rows × classes]} against {@code labels[0..rows)} (each in
     * 0..classes-1); writes {@code ∂loss/∂logits} into {@code gradient[rows × classes]}.
     *
     * @param classWeights per-class weights, or null for all 1
     * @param gamma        focusing parameter; 0 gives cross-entropy
     */
    public static double focal(
            float[] logits, int[] labels, int rows, int classes, float[] classWeights, double gamma, float[] gradient) {
        double weightSum = 0;
        for (int r = 0; r < rows; r++) {
            weightSum += classWeights == null ? 1.0 : classWeights[labels[r]];
        }
        if (weightSum <= 0) {
            throw new IllegalArgumentException("class weights of the batch sum to " + weightSum);
        }
        double[] p = new double[classes];
        double loss = 0;
        for (int r = 0; r < rows; r++) {
            int o = r * classes;
            int y = labels[r];
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                max = Math.max(max, logits[o + k]);
            }
            double sum = 0;
            for (int k = 0; k < classes; k++) {
                p[k] = Math.exp(logits[o + k] - max);
                sum += p[k];
            }
            for (int k = 0; k < classes; k++) {
                p[k] /= sum;
            }
            double logPy = logits[o + y] - max - Math.log(sum);
            double py = p[y];
            double w = (classWeights == null ? 1.0 : classWeights[y]) / weightSum;
            double oneMinus = 1.0 - py;
            double modulator = gamma == 0 ? 1.0 : Math.pow(oneMinus, gamma);
            loss += w * -modulator * logPy;
            // d/dz_j of −(1−p)^γ log p = [γ (1−p)^(γ−1) p log p − (1−p)^γ] (δ_jy − p_j)
            double dMod = gamma == 0 ? 0.0 : gamma * Math.pow(oneMinus, gamma - 1) * py * logPy;
            double coefficient = w * (dMod - modulator);
            for (int k = 0; k < classes; k++) {
                gradient[o + k] = (float) (coefficient * ((k == y ? 1.0 : 0.0) - p[k]));
            }
        }
        return loss;
    }

    /** Class-weighted cross-entropy (focal loss with γ = 0). */
    public static double crossEntropy(
            float[] logits, int[] labels, int rows, int classes, float[] classWeights, float[] gradient) {
        return focal(logits, labels, rows, classes, classWeights, 0.0, gradient);
    }

    /**
     * The valence-arousal loss {@code 1 − mean_k CCC_k} of one mini-batch: for each output column k (valence,
     * arousal), Lin's CCC of {@code outputs[·, k]} against {@code targets[·, k]} over the batch with population
     * moments; writes {@code ∂loss/∂outputs} into {@code gradient[rows × columns]}. With
     * {@code N = 2 s_xy}, {@code D = s_x² + s_y² + (x̄ − ȳ)²} (moments divided by n):
     * {@code ∂CCC/∂x_i = [2 (y_i − ȳ) D − N (2 (x_i − x̄) + 2 (x̄ − ȳ))] / (n D²)}. A column with D = 0 (a
     * one-row batch that hits its target, say) contributes CCC 0 and no gradient.
     */
    public static double concordance(float[] outputs, float[] targets, int rows, int columns, float[] gradient) {
        double loss = 1.0;
        for (int k = 0; k < columns; k++) {
            double mx = 0;
            double my = 0;
            for (int r = 0; r < rows; r++) {
                mx += outputs[r * columns + k];
                my += targets[r * columns + k];
            }
            mx /= rows;
            my /= rows;
            double vx = 0;
            double vy = 0;
            double cxy = 0;
            for (int r = 0; r < rows; r++) {
                double dx = outputs[r * columns + k] - mx;
                double dy = targets[r * columns + k] - my;
                vx += dx * dx;
                vy += dy * dy;
                cxy += dx * dy;
            }
            vx /= rows;
            vy /= rows;
            cxy /= rows;
            double numerator = 2 * cxy;
            double denominator = vx + vy + (mx - my) * (mx - my);
            if (denominator == 0) {
                for (int r = 0; r < rows; r++) {
                    gradient[r * columns + k] = 0f;
                }
                continue;
            }
            loss -= numerator / denominator / columns;
            double scale = -1.0 / (columns * rows * denominator * denominator);
            for (int r = 0; r < rows; r++) {
                double dx = outputs[r * columns + k] - mx;
                double dy = targets[r * columns + k] - my;
                double dCcc = 2 * dy * denominator - numerator * (2 * dx + 2 * (mx - my));
                gradient[r * columns + k] = (float) (scale * dCcc);
            }
        }
        return loss;
    }

    /** Mean squared error over {@code rows × columns} values and its gradient {@code 2 (x − y) / (rows·columns)}. */
    public static double meanSquared(float[] outputs, float[] targets, int rows, int columns, float[] gradient) {
        int n = rows * columns;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double d = (double) outputs[i] - targets[i];
            sum += d * d;
            gradient[i] = (float) (2 * d / n);
        }
        return sum / n;
    }
}
