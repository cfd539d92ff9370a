package io.fer4j.logitadjustment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LogitAdjustmentTest {
    @Test
    void applyAddsTheBiasToEveryRow() {
        LogitAdjustment a = new LogitAdjustment(new float[] {1f, -0.5f}, "test");
        float[] in = {-0.1f, -2f, -3f, -0.05f};
        assertArrayEquals(new float[] {0.9f, -2.5f, -2f, -0.55f}, a.apply(in));
        assertArrayEquals(new float[] {-0.1f, -2f, -3f, -0.05f}, in); // untouched
        assertThrows(IllegalArgumentException.class, () -> a.apply(new float[3]));
        assertThrows(IllegalArgumentException.class, () -> new LogitAdjustment(new float[] {Float.NaN}, "x"));
        assertEquals(a, new LogitAdjustment(new float[] {1f, -0.5f}, "test"));
    }

    @Test
    void estimatorsBySelectableName() {
        assertEquals("paper", LogitAdjustmentEstimators.byName("paper").name());
        assertEquals(
                "balanced-ce", LogitAdjustmentEstimators.byName("balanced-ce").name());
        assertEquals("prior", LogitAdjustmentEstimators.byName("prior").name());
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> LogitAdjustmentEstimators.byName("gla"));
        assertTrue(e.getMessage().contains("balanced-ce"), e.getMessage());
    }

    @Test
    void priorOfKnownProbabilities() {
        // rows with p = (0.5, 0.25, 0.25) and (0.1, 0.3, 0.6): mean p = (0.3, 0.275, 0.425); the third row is ignored
        float[] logits = {
            (float) Math.log(0.5),
            (float) Math.log(0.25),
            (float) Math.log(0.25),
            (float) Math.log(0.1) + 3,
            (float) Math.log(0.3) + 3,
            (float) Math.log(0.6) + 3,
            40f,
            -40f,
            0f
        };
        LogitAdjustment a = new PriorCorrection().fit(logits, new int[] {0, 2, -1}, new long[3]);
        assertArrayEquals(
                new float[] {(float) -Math.log(0.3), (float) -Math.log(0.275), (float) -Math.log(0.425)},
                a.bias(),
                1e-6f);
        assertEquals("prior", a.estimator());
    }

    @Test
    void balancedCeTwoClassHandCase() {
        // one row per class, logit differences ln 4 and ln(2/3); v = (u, −u) with σ(ln4 − 2u) + σ(ln(2/3) − 2u) = 1
        // ⇔ ln(2/3) − 2u = −(ln 4 − 2u) ⇔ u = ln(8/3)/4; a = −v
        float[] logits = {(float) Math.log(4), 0f, (float) Math.log(2.0 / 3), 0f};
        LogitAdjustment a = new BalancedCrossEntropy().fit(logits, new int[] {0, 1}, new long[] {1, 1});
        double u = Math.log(8.0 / 3) / 4;
        assertArrayEquals(new float[] {(float) -u, (float) u}, a.bias(), 1e-6f);
    }

    @Test
    void balancedCeSatisfiesItsOptimalityCondition() {
        SplittableRandom random = new SplittableRandom(3);
        int n = 2000;
        int k = 8;
        float[] logits = new float[n * k];
        int[] labels = new int[n];
        for (int r = 0; r < n; r++) {
            labels[r] = random.nextInt(10) < 6 ? 0 : random.nextInt(k); // imbalanced
            for (int j = 0; j < k; j++) {
                logits[r * k + j] = (float) (random.nextDouble() * 4 + (j == labels[r] ? 1.5 : 0) + (j == 0 ? 1 : 0));
            }
            if (r % 50 == 0) {
                labels[r] = -1;
            }
        }
        LogitAdjustment a = new BalancedCrossEntropy().fit(logits, labels, new long[k]);
        float[] bias = a.bias();
        double mean = 0;
        double[] v = new double[k];
        for (int j = 0; j < k; j++) {
            mean += bias[j];
            v[j] = -bias[j];
        }
        assertEquals(0, mean / k, 1e-6);
        LogitAdjustmentEstimators.Labelled data = LogitAdjustmentEstimators.labelled(logits, labels, k);
        double[] w = BalancedCrossEntropy.classWeights(data);
        double[] g = new double[k];
        double f = BalancedCrossEntropy.objective(data, w, v, g, null);
        for (double gj : g) {
            assertEquals(0, gj, 1e-5); // Σ_k of 1/N_k-weighted terms is O(K): 1e-5 is float rounding of a
        }
        // and it is a minimum: moving any coordinate raises f
        for (int j = 0; j < k; j++) {
            double[] moved = v.clone();
            moved[j] += 0.05;
            assertTrue(BalancedCrossEntropy.objective(data, w, moved, null, null) > f);
        }
        assertTrue(bias[0] < bias[3], "the over-predicted majority class is pushed down: " + a);
    }

    @Test
    void balancedCeWithAClassAbsentFromTheSplitStaysFinite() {
        float[] logits = {2f, 0f, 0f, 0f, 1f, 0f, 1f, 1f, 0f};
        LogitAdjustment a = new BalancedCrossEntropy().fit(logits, new int[] {0, 1, 0}, new long[3]);
        float sum = 0;
        for (float b : a.bias()) {
            assertTrue(Float.isFinite(b));
            sum += b;
        }
        assertEquals(0f, sum, 1e-6f);
    }

    @Test
    void paperStartIsLogOfInverseFrequencyWithAbsentClassesAsOneFrame() {
        assertArrayEquals(
                new float[] {0f, (float) Math.log(4), (float) Math.log(200), (float) Math.log(8)},
                PaperCoordinateAscent.start(new long[] {200, 50, 0, 25}),
                1e-7f);
        assertThrows(IllegalArgumentException.class, () -> PaperCoordinateAscent.start(new long[3]));
        assertEquals(-2.0, PaperCoordinateAscent.offset(0));
        assertEquals(0.0, PaperCoordinateAscent.offset(20));
        assertEquals(2.0, PaperCoordinateAscent.offset(40));
        assertEquals(-1.0, PaperCoordinateAscent.offset(10));
    }

    @Test
    void paperHandCase() {
        // logit differences z0 − z1 = 2.05, 1.05, 0.45, 0.15 with labels 0, 0, 1, 1; start a = 0 predicts all 0
        // (macro-F1 1/3). Class 0's offsets: t = −2 predicts only row 0 (F1 0.733); t = −1.0 is the first perfect
        // split (1.05 − 1 > 0 > 0.45 − 1), so a0 = −1; nothing beats 1.0 afterwards and ties keep the current.
        float[] logits = {2.05f, 0f, 1.05f, 0f, 0.45f, 0f, 0.15f, 0f, 9f, 0f};
        int[] labels = {0, 0, 1, 1, -1};
        LogitAdjustment a = new PaperCoordinateAscent().fit(logits, labels, new long[] {10, 10});
        assertArrayEquals(new float[] {-1.0f, 0.0f}, a.bias());
        assertEquals("paper", a.estimator());
    }

    @Test
    void paperImprovesOrKeepsMacroF1AndIsDeterministic() {
        SplittableRandom random = new SplittableRandom(5);
        int n = 5000;
        int k = 8;
        float[] logits = new float[n * k];
        int[] labels = new int[n];
        long[] counts = {400, 100, 50, 80, 300, 200, 90, 150};
        for (int r = 0; r < n; r++) {
            labels[r] = random.nextInt(k);
            for (int j = 0; j < k; j++) {
                logits[r * k + j] =
                        (float) (random.nextDouble() * 3 + (j == labels[r] ? 1.2 : 0) + Math.log(counts[j] / 400.0));
            }
        }
        PaperCoordinateAscent paper = new PaperCoordinateAscent();
        LogitAdjustment first = paper.fit(logits, labels, counts);
        LogitAdjustment second = paper.fit(logits, labels, counts);
        assertEquals(first, second);
        double startF1 = macroF1(logits, labels, PaperCoordinateAscent.start(counts));
        double fittedF1 = macroF1(logits, labels, first.bias());
        assertTrue(fittedF1 >= startF1, fittedF1 + " < " + startF1);
        // the last coordinate optimised (class K−1 of the final pass) admits no strictly better offset
        for (int i = 0; i < PaperCoordinateAscent.OFFSETS; i++) {
            float[] moved = first.bias();
            moved[k - 1] = (float) (moved[k - 1] + PaperCoordinateAscent.offset(i));
            assertTrue(macroF1(logits, labels, moved) <= fittedF1, "offset " + i);
        }
        // rows labelled −1 take no part
        float[] withIgnored = java.util.Arrays.copyOf(logits, logits.length + k);
        withIgnored[logits.length] = 50f;
        int[] labelsWithIgnored = java.util.Arrays.copyOf(labels, n + 1);
        labelsWithIgnored[n] = -1;
        assertEquals(first, paper.fit(withIgnored, labelsWithIgnored, counts));
    }

    /** Macro-F1 of argmax(log_softmax(z) + a), computed independently of the estimator's shortcut. */
    static double macroF1(float[] logits, int[] labels, float[] bias) {
        int k = bias.length;
        float[] lp = logits.clone();
        io.fer4j.head.Softmax.logSoftmaxRows(lp, labels.length, k, lp);
        new LogitAdjustment(bias, "t").applyInPlace(lp);
        int[] pred = new int[labels.length];
        for (int r = 0; r < labels.length; r++) {
            pred[r] = io.fer4j.head.Softmax.argmaxRow(lp, r, k);
        }
        return io.fer4j.metrics.ConfusionMatrix.of(labels, pred, k).macroF1();
    }
}
