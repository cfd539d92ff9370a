package io.fer4j.head;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Forward/backward of a 2-row batch against src/test/resources/head/mlp_reference.py (float64 numpy by hand). */
class MlpBatchStepTest {
    private static final float[] X = {1.0f, -2.0f, 0.5f, 0.0f, 1.0f, 3.0f};
    private static final int[] Y = {2, 0};
    private static final float[] W1 = {0.1f, -0.2f, 0.3f, 0.4f, 0.5f, -0.6f, -0.7f, 0.8f, 0.9f, 0.05f, 0.1f, -0.15f};
    private static final float[] B1 = {0.01f, -0.02f, 0.03f, 0.2f};
    private static final float[] W2 = {0.2f, -0.1f, 0.3f, 0.5f, -0.4f, 0.6f, 0.1f, -0.2f, 0.7f, -0.3f, -0.5f, 0.25f};
    private static final float[] B2 = {0.1f, 0.0f, -0.1f};
    private static final float[] CLASS_WEIGHTS = {1f, 2f, 4f};

    private static final double[] LOGITS = {0.232, -0.264, 0.362, 1.301, 0.06900000000000002, -1.368};
    private static final double LOSS = 0.7662859351550884;
    private static final double[] GW1 = {
        -0.34059598289332604,
        0.6605657663966534,
        -0.232176589616659,
        0.0,
        0.0,
        0.0,
        0.0,
        -0.016722470136512194,
        -0.05016741040953658,
        0.0,
        0.0,
        0.0
    };
    private static final double[] GB1 = {-0.3612221822833247, 0.0, -0.016722470136512194, 0.0};
    private static final double[] GW2 = {
        0.15448716175305507,
        0.0,
        -0.18727524456567934,
        0.0,
        0.1474494267272425,
        0.0,
        0.151316460117759,
        0.0,
        -0.30193658848029753,
        0.0,
        0.035958784447920285,
        0.0
    };
    private static final double[] GB2 = {0.2380905842632708, 0.2201608092288085, -0.4582513934920793};

    @Test
    void forwardAndBackwardMatchNumpy() {
        MlpBatchStep step = new MlpBatchStep(3, 4, 3, 2);
        step.forward(X, 2, W1, B1, W2, B2);
        assertClose(LOGITS, step.z, 6, 1e-6);
        float[] gw1 = new float[12];
        float[] gb1 = new float[4];
        float[] gw2 = new float[12];
        float[] gb2 = new float[3];
        double loss = step.backward(X, Y, 2, W2, CLASS_WEIGHTS, 0.0, gw1, gb1, gw2, gb2);
        assertEquals(LOSS, loss, 1e-6);
        assertClose(GW1, gw1, 12, 1e-6);
        assertClose(GB1, gb1, 4, 1e-6);
        assertClose(GW2, gw2, 12, 1e-6);
        assertClose(GB2, gb2, 3, 1e-6);
    }

    @Test
    void headPredictsTheSameLogitsAsTheTrainingPass() {
        MlpHead head = MlpHead.of(3, 4, 3, W1, B1, W2, B2);
        float[] out = new float[6];
        head.predictLogits(X, 2, out);
        assertClose(LOGITS, out, 6, 1e-6);
        float[] p = new float[6];
        head.predictProbabilities(X, 2, p);
        assertEquals(1.0, p[0] + p[1] + p[2], 1e-6);
        float[] lp = new float[6];
        head.predictLogProbabilities(X, 2, lp);
        for (int i = 0; i < 6; i++) {
            assertEquals(Math.log(p[i]), lp[i], 1e-6);
        }
    }

    @Test
    void weightGradientMatchesFiniteDifferencesForFocalLoss() {
        MlpBatchStep step = new MlpBatchStep(3, 4, 3, 2);
        float[] gw1 = new float[12];
        float[] gb1 = new float[4];
        float[] gw2 = new float[12];
        float[] gb2 = new float[3];
        step.forward(X, 2, W1, B1, W2, B2);
        step.backward(X, Y, 2, W2, CLASS_WEIGHTS, 2.0, gw1, gb1, gw2, gb2);
        float h = 1e-2f;
        for (int i : new int[] {0, 1, 2, 7, 8}) {
            float[] plus = W1.clone();
            float[] minus = W1.clone();
            plus[i] += h;
            minus[i] -= h;
            double numeric = (loss(plus, W2) - loss(minus, W2)) / (plus[i] - minus[i]);
            assertEquals(numeric, gw1[i], 2e-4, "dW1[" + i + "]");
        }
        for (int i = 0; i < 12; i++) {
            float[] plus = W2.clone();
            float[] minus = W2.clone();
            plus[i] += h;
            minus[i] -= h;
            double numeric = (loss(W1, plus) - loss(W1, minus)) / (plus[i] - minus[i]);
            assertEquals(numeric, gw2[i], 2e-4, "dW2[" + i + "]");
        }
    }

    private static double loss(float[] w1, float[] w2) {
        MlpBatchStep step = new MlpBatchStep(3, 4, 3, 2);
        step.forward(X, 2, w1, B1, w2, B2);
        return step.backward(X, Y, 2, w2, CLASS_WEIGHTS, 2.0, new float[12], new float[4], new float[12], new float[3]);
    }

    static void assertClose(double[] expected, float[] actual, int n, double tolerance) {
        for (int i = 0; i < n; i++) {
            assertEquals(expected[i], actual[i], tolerance, "index " + i);
        }
    }
}
