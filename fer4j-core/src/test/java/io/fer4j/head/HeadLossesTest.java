package io.fer4j.head;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HeadLossesTest {
    private static final float[] LOGITS = {2.0f, 0.5f, -1.0f, 0.3f, 0.1f, 1.2f, -0.4f, 0.9f, 0.0f};
    private static final int[] LABELS = {0, 2, 1};
    private static final float[] WEIGHTS = {1f, 3f, 1.5f};

    @Test
    void crossEntropyOfUniformLogitsIsLogK() {
        float[] g = new float[4];
        double loss = HeadLosses.crossEntropy(new float[4], new int[] {1, 0}, 2, 2, null, g);
        assertEquals(Math.log(2), loss, 1e-12);
        // d/dz = (p − onehot) / rows
        assertArrayEquals(new float[] {0.25f, -0.25f, -0.25f, 0.25f}, g, 1e-7f);
    }

    @Test
    void focalLossByHand() {
        // one row, p_y = softmax([ln 3, 0])[0] = 0.75: loss = −(0.25)² ln 0.75
        float[] logits = {(float) Math.log(3), 0f};
        float[] g = new float[2];
        double loss = HeadLosses.focal(logits, new int[] {0}, 1, 2, null, 2.0, g);
        assertEquals(-0.0625 * Math.log(0.75), loss, 1e-7);
        // dL/dz_0 = [γ(1−p) p ln p − (1−p)²](1 − p) = [2·0.25·0.75·ln0.75 − 0.0625]·0.25
        double d0 = (2 * 0.25 * 0.75 * Math.log(0.75) - 0.0625) * 0.25;
        assertEquals(d0, g[0], 1e-7);
        assertEquals(-d0, g[1], 1e-7);
    }

    @Test
    void weightedMeanFollowsPytorchNormalisation() {
        // rows of equal logits: each CE = ln 3, weighted mean stays ln 3 whatever the weights
        float[] g = new float[6];
        double loss = HeadLosses.crossEntropy(new float[6], new int[] {0, 1}, 2, 3, new float[] {1f, 3f, 0f}, g);
        assertEquals(Math.log(3), loss, 1e-12);
        // row 1 carries 3/4 of the weight: its gradient is (p − onehot)·3/4
        assertEquals((1.0 / 3 - 1) * 0.75, g[4], 1e-7);
        assertEquals((1.0 / 3) * 0.25, g[1], 1e-7);
    }

    @Test
    void focalWithGammaZeroIsCrossEntropy() {
        float[] g1 = new float[9];
        float[] g2 = new float[9];
        double ce = HeadLosses.crossEntropy(LOGITS, LABELS, 3, 3, WEIGHTS, g1);
        double focal = HeadLosses.focal(LOGITS, LABELS, 3, 3, WEIGHTS, 0.0, g2);
        assertEquals(ce, focal, 0.0);
        assertArrayEquals(g1, g2, 0f);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        for (double gamma : new double[] {0.0, 2.0}) {
            float[] g = new float[9];
            HeadLosses.focal(LOGITS, LABELS, 3, 3, WEIGHTS, gamma, g);
            for (int i = 0; i < 9; i++) {
                float[] plus = LOGITS.clone();
                float[] minus = LOGITS.clone();
                plus[i] += 1e-2f;
                minus[i] -= 1e-2f;
                double numeric = (HeadLosses.focal(plus, LABELS, 3, 3, WEIGHTS, gamma, new float[9])
                                - HeadLosses.focal(minus, LABELS, 3, 3, WEIGHTS, gamma, new float[9]))
                        / (plus[i] - minus[i]);
                assertEquals(numeric, g[i], 2e-5, "gamma " + gamma + " logit " + i);
            }
        }
    }
}
