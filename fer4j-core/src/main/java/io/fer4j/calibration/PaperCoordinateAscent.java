package io.fer4j.calibration;

import io.fer4j.metrics.ConfusionMatrix;

/**
 * The paper's estimator (DESIGN §6, as the authors' ABAW-10 code): start from {@code a_k = log(N_max / N_k)}
 * (training counts; a class absent from training starts as if it had one frame, so its start is
 * {@code log N_max}, finite), then {@value #PASSES} passes of coordinate ascent over the classes in order 0..K-1.
 * For class k every offset {@code t ∈ {−2, −1.9, …, 2}} (41 values) is tried as {@code a_k + t} with the other a_j
 * fixed, scored by validation macro-F1 ({@link ConfusionMatrix#macroF1()}), and the best is kept at once. Ties:
 * the current a_k (t = 0) is kept unless a candidate is strictly better; among strictly better equal candidates
 * the smallest t wins. Deterministic.
 *
 * <p>Predictions are {@code argmax_j (log_softmax(z)_j + a_j)} in float32 with the first index on ties, exactly
 * as {@link LogitAdjustment#applyInPlace} followed by an argmax. Speed: the log-softmax is computed once; for class
 * k each row's best competitor {@code max_{j≠k}} is computed once per coordinate, so each of the 41 candidates costs
 * one comparison per row.
 */
public final class PaperCoordinateAscent implements LogitAdjustmentEstimator {
    public static final int PASSES = 3;
    public static final int OFFSETS = 41;
    public static final double MAX_OFFSET = 2.0;

    @Override
    public String name() {
        return LogitAdjustmentEstimators.PAPER;
    }

    /** The starting point {@code a_k = log(N_max / max(N_k, 1))}. */
    public static float[] start(long[] trainClassCounts) {
        long max = 0;
        for (long n : trainClassCounts) {
            if (n < 0) {
                throw new IllegalArgumentException("negative class count " + n);
            }
            max = Math.max(max, n);
        }
        if (max == 0) {
            throw new IllegalArgumentException("training class counts are all 0");
        }
        float[] a = new float[trainClassCounts.length];
        for (int k = 0; k < a.length; k++) {
            a[k] = (float) Math.log((double) max / Math.max(1, trainClassCounts[k]));
        }
        return a;
    }

    /** Offset number i (0..40): {@code −2 + i/10}, computed so that i = 20 is exactly 0. */
    static double offset(int i) {
        return (i - (OFFSETS - 1) / 2) * (2 * MAX_OFFSET / (OFFSETS - 1));
    }

    @Override
    public LogitAdjustment fit(float[] headLogits, int[] labels, long[] trainClassCounts) {
        int classes = trainClassCounts.length;
        LogitAdjustmentEstimators.Labelled data = LogitAdjustmentEstimators.labelled(headLogits, labels, classes);
        int n = data.rows();
        if (n == 0) {
            throw new IllegalArgumentException("no labelled validation frames to fit the logit adjustment on");
        }
        float[] a = start(trainClassCounts);
        float[] logProbs = data.logProbs();
        int[] y = data.labels();
        float[] own = new float[n];
        float[] rival = new float[n];
        int[] rivalClass = new int[n];
        long[][] counts = new long[classes][classes];
        for (int pass = 0; pass < PASSES; pass++) {
            for (int k = 0; k < classes; k++) {
                for (int r = 0; r < n; r++) {
                    int o = r * classes;
                    float best = Float.NEGATIVE_INFINITY;
                    int bestClass = -1;
                    for (int j = 0; j < classes; j++) {
                        if (j == k) {
                            continue;
                        }
                        float v = logProbs[o + j] + a[j];
                        if (v > best || bestClass < 0) {
                            best = v;
                            bestClass = j;
                        }
                    }
                    own[r] = logProbs[o + k];
                    rival[r] = best;
                    rivalClass[r] = bestClass;
                }
                float current = a[k];
                double bestF1 = macroF1(own, rival, rivalClass, y, k, current, counts);
                float bestA = current;
                for (int i = 0; i < OFFSETS; i++) {
                    float candidate = (float) (current + offset(i));
                    double f1 = macroF1(own, rival, rivalClass, y, k, candidate, counts);
                    if (f1 > bestF1) {
                        bestF1 = f1;
                        bestA = candidate;
                    }
                }
                a[k] = bestA;
            }
        }
        return new LogitAdjustment(a, name());
    }

    /** Macro-F1 when a_k = {@code ak}: row r predicts k iff its adjusted k score wins the first-index argmax. */
    private static double macroF1(float[] own, float[] rival, int[] rivalClass, int[] y, int k, float ak,
                                  long[][] counts) {
        for (long[] row : counts) {
            java.util.Arrays.fill(row, 0);
        }
        for (int r = 0; r < y.length; r++) {
            float v = own[r] + ak;
            int rc = rivalClass[r];
            boolean predictsK = v > rival[r] || (v == rival[r] && k < rc);
            counts[y[r]][predictsK ? k : rc]++;
        }
        return ConfusionMatrix.of(counts).macroF1();
    }
}
