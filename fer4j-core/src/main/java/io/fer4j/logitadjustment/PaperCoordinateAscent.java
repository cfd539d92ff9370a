package io.fer4j.logitadjustment;

import io.fer4j.metrics.ConfusionMatrix;

/**
 * The paper's estimator (CONTRACTS §6, as the authors' ABAW-10 code): start from {@code a_k = log(N_max / N_k)}
 * (training counts; a class absent from training starts as if it had one frame, so its start is
 * {@code log N_max}, finite), then {@value #PASSES} passes of coordinate ascent over the classes in order 0..K-1.
 * For class k every offset {@code t ∈ {−2, −1.9, …, 2}} (41 values) is tried as {@code a_k + t} with the other a_j
 * fixed, scored by validation macro-F1 ({@link ConfusionMatrix#macroF1()}), and the best is kept at once. Ties:
 * the current a_k (t = 0) is kept unless a candidate is strictly better; among strictly better equal candidates
 * the smallest t wins. Deterministic.
 *
 * <p>Predictions are {@code argmax_j (log_softmax(z)_j + a_j)} in float32 with the first index on ties, exactly
 * as {@link LogitAdjustment#applyInPlace} followed by an argmax. Speed: the log-softmax is computed once; for class
 * k each row's best competitor {@code max_{j≠k}} is computed once per coordinate, a binary search finds the first
 * of the 41 candidates on which the row switches to k, and the candidates' confusion matrices follow by a sweep:
 * O(n (K + log 41)) per coordinate instead of O(41 n).
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
        float[] candidates = new float[OFFSETS];
        int[] base = new int[classes * classes];
        int[] moves = new int[(OFFSETS + 1) * classes * classes];
        long[][] counts = new long[classes][classes];
        for (int pass = 0; pass < PASSES; pass++) {
            for (int k = 0; k < classes; k++) {
                float current = a[k];
                for (int i = 0; i < OFFSETS; i++) {
                    candidates[i] = (float) (current + offset(i));
                }
                java.util.Arrays.fill(base, 0);
                java.util.Arrays.fill(moves, 0);
                tallyMoves(k, a, logProbs, y, n, classes, candidates, base, moves);
                a[k] = bestCandidate(k, current, candidates, base, moves, counts);
            }
        }
        return new LogitAdjustment(a, name());
    }

    /**
     * For each row, its cell (true class, best class other than k) in {@code base}, and in {@code moves} the first
     * candidate offset on which k overtakes that rival.
     */
    private static void tallyMoves(
            int k,
            float[] a,
            float[] logProbs,
            int[] y,
            int n,
            int classes,
            float[] candidates,
            int[] base,
            int[] moves) {
        for (int r = 0; r < n; r++) {
            int o = r * classes;
            float rival = Float.NEGATIVE_INFINITY;
            int rivalClass = -1;
            for (int j = 0; j < classes; j++) {
                if (j == k) {
                    continue;
                }
                float v = logProbs[o + j] + a[j];
                if (v > rival || rivalClass < 0) {
                    rival = v;
                    rivalClass = j;
                }
            }
            int cell = y[r] * classes + rivalClass;
            base[cell]++;
            // rows switch to k from the first candidate on which k wins; own + c is monotone in c
            int first = firstWinning(logProbs[o + k], rival, k < rivalClass, candidates);
            moves[first * classes * classes + cell]++;
        }
    }

    /**
     * Sweeps the candidates in ascending order, moving rows to k as they switch, and returns the candidate with the
     * best macro-F1: ties keep the current value; otherwise the smallest offset reaching the maximum.
     */
    private static float bestCandidate(
            int k, float current, float[] candidates, int[] base, int[] moves, long[][] counts) {
        int classes = counts.length;
        double bestF1 = Double.NEGATIVE_INFINITY;
        float bestA = current;
        double currentF1 = Double.NaN;
        for (int i = 0; i < OFFSETS; i++) {
            int m = i * classes * classes;
            for (int cell = 0; cell < base.length; cell++) {
                int moved = moves[m + cell];
                if (moved != 0) {
                    base[cell] -= moved;
                    base[(cell / classes) * classes + k] += moved;
                }
            }
            for (int t = 0; t < classes; t++) {
                for (int p = 0; p < classes; p++) {
                    counts[t][p] = base[t * classes + p];
                }
            }
            double f1 = ConfusionMatrix.of(counts).macroF1();
            if (candidates[i] == current) {
                currentF1 = f1;
            }
            if (f1 > bestF1) {
                bestF1 = f1;
                bestA = candidates[i];
            }
        }
        return bestF1 > currentF1 ? bestA : current;
    }

    /**
     * Index of the first candidate c (ascending) for which the row predicts k: {@code own + c > rival}, or equal
     * with k before the rival in class order (first-index argmax); {@code candidates.length} when none.
     */
    private static int firstWinning(float own, float rival, boolean kFirst, float[] candidates) {
        int lo = 0;
        int hi = candidates.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            float v = own + candidates[mid];
            if (v > rival || (v == rival && kFirst)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
