package io.fer4j.head;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AdamStateTest {
    @Test
    void twoStepsMatchTheHandComputedUpdate() {
        double lr = 1e-3;
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        float[] p = {1.0f};
        AdamState adam = new AdamState(1);
        adam.step(p, new float[] {0.5f}, 1, lr, b1, b2, eps);
        // t=1: m = 0.05, v = 0.00025, m̂ = 0.5, v̂ = 0.25 → p = 1 − 1e-3 · 0.5 / (0.5 + 1e-8)
        double p1 = 1 - lr * 0.5 / (0.5 + eps);
        assertEquals(p1, p[0], 1e-7);
        adam.step(p, new float[] {-1.0f}, 2, lr, b1, b2, eps);
        double m = 0.9 * 0.05 + 0.1 * -1.0;
        double v = 0.999 * 0.00025 + 0.001 * 1.0;
        double p2 = p1 - (lr / (1 - b1 * b1)) * m / (Math.sqrt(v) / Math.sqrt(1 - b2 * b2) + eps);
        assertEquals(p2, p[0], 1e-7);
        assertEquals(1.0 - 1e-3 + 1e-3 * (0.055 / 0.19) / Math.sqrt(v / 0.001999), p2, 1e-9); // ≈ the same by hand
    }
}
