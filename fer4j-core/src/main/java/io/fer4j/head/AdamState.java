package io.fer4j.head;

/**
 * Adam moments for one parameter tensor, updated as PyTorch's single-tensor {@code torch.optim.Adam} (no weight
 * decay, no amsgrad): {@code m ← lerp(m, g, 1−β1)}, {@code v ← β2 v + (1−β2) g²},
 * {@code p ← p − (lr / (1−β1^t)) · m / (√v / √(1−β2^t) + ε)}; bias corrections in double, tensors in float32.
 */
final class AdamState {
    private final float[] m;
    private final float[] v;

    AdamState(int size) {
        m = new float[size];
        v = new float[size];
    }

    /** One update of {@code param} with {@code grad} at step {@code t} (1-based). */
    void step(float[] param, float[] grad, int t, double lr, double beta1, double beta2, double eps) {
        double biasCorrection1 = 1 - Math.pow(beta1, t);
        double biasCorrection2 = 1 - Math.pow(beta2, t);
        float stepSize = (float) (lr / biasCorrection1);
        float bc2Sqrt = (float) Math.sqrt(biasCorrection2);
        float oneMinusBeta1 = (float) (1 - beta1);
        float beta2f = (float) beta2;
        float oneMinusBeta2 = (float) (1 - beta2);
        float epsf = (float) eps;
        for (int i = 0; i < param.length; i++) {
            float g = grad[i];
            float mi = m[i] + oneMinusBeta1 * (g - m[i]);
            float vi = v[i] * beta2f + oneMinusBeta2 * g * g;
            m[i] = mi;
            v[i] = vi;
            float denom = (float) Math.sqrt(vi) / bc2Sqrt + epsf;
            param[i] -= stepSize * (mi / denom);
        }
    }
}
