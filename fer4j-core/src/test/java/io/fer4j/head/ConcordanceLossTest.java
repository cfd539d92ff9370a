package io.fer4j.head;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fer4j.metrics.Concordance;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The VA losses of {@link HeadLosses} against their definitions and finite differences of their gradients. */
class ConcordanceLossTest {
    private static final int ROWS = 7;
    private static final int COLS = 2;
    /** A power of two: x ± h is exact in float, so the central difference has only its O(h²) error. */
    private static final float H = 1f / 1024;

    @Test
    void lossIsOneMinusMeanCcc() {
        float[] x = random(1);
        float[] y = random(2);
        double loss = HeadLosses.concordance(x, y, ROWS, COLS, new float[ROWS * COLS]);
        double cccV = Concordance.of(x, 0, 2, widen(y), 0, 2, ROWS, null).ccc();
        double cccA = Concordance.of(x, 1, 2, widen(y), 1, 2, ROWS, null).ccc();
        assertEquals(1 - (cccV + cccA) / 2, loss, 1e-12);
        assertEquals(0.0, HeadLosses.concordance(y, y, ROWS, COLS, new float[ROWS * COLS]), 1e-12);
    }

    @Test
    void cccGradientMatchesFiniteDifferences() {
        checkGradient(true);
    }

    @Test
    void mseGradientMatchesFiniteDifferences() {
        checkGradient(false);
    }

    private static void checkGradient(boolean ccc) {
        float[] x = random(3);
        float[] y = random(4);
        float[] g = new float[ROWS * COLS];
        loss(ccc, x, y, g);
        for (int i = 0; i < x.length; i++) {
            float keep = x[i];
            x[i] = keep + H;
            double up = loss(ccc, x, y, new float[g.length]);
            x[i] = keep - H;
            double down = loss(ccc, x, y, new float[g.length]);
            x[i] = keep;
            double numeric = (up - down) / (2 * H);
            assertEquals(numeric, g[i], 1e-4 * Math.max(1, Math.abs(numeric)), "∂loss/∂x[" + i + "]");
        }
    }

    @Test
    void degenerateColumnGivesNoGradient() {
        // one row hitting its target exactly: D = 0 for both columns
        float[] g = {9, 9};
        double loss = HeadLosses.concordance(new float[] {0.5f, 0.5f}, new float[] {0.5f, 0.5f}, 1, 2, g);
        assertEquals(1.0, loss, 0.0);
        assertEquals(0f, g[0]);
        assertEquals(0f, g[1]);
    }

    private static double loss(boolean ccc, float[] x, float[] y, float[] g) {
        return ccc ? HeadLosses.concordance(x, y, ROWS, COLS, g) : HeadLosses.meanSquared(x, y, ROWS, COLS, g);
    }

    private static float[] random(long seed) {
        Random r = new Random(seed);
        float[] v = new float[ROWS * COLS];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (0.5 * r.nextGaussian());
        }
        return v;
    }

    private static double[] widen(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }
}
