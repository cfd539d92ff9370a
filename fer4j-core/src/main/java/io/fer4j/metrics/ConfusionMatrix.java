package io.fer4j.metrics;

import io.fer4j.label.AbawClass;

/**
 * Pooled confusion counts over ABAW classes (rows = true class, columns = predicted), CONTRACTS §8.
 * Immutable; combine partial results with {@link #plus} (confusions are summed, never F1s averaged).
 */
public final class ConfusionMatrix {
    private final long[][] counts;

    private ConfusionMatrix(long[][] counts) {
        this.counts = counts;
    }

    public static ConfusionMatrix empty(int classCount) {
        return new ConfusionMatrix(new long[classCount][classCount]);
    }

    public static ConfusionMatrix of(long[][] counts) {
        long[][] copy = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            if (counts[i].length != counts.length) {
                throw new IllegalArgumentException("confusion matrix must be square");
            }
            copy[i] = counts[i].clone();
        }
        return new ConfusionMatrix(copy);
    }

    /** Counts (true, predicted) pairs; true labels equal to {@link AbawClass#IGNORED} are skipped. */
    public static ConfusionMatrix of(int[] trueLabels, int[] predicted) {
        return of(trueLabels, predicted, AbawClass.COUNT);
    }

    public static ConfusionMatrix of(int[] trueLabels, int[] predicted, int classCount) {
        if (trueLabels.length != predicted.length) {
            throw new IllegalArgumentException(
                    "label vectors differ in length: " + trueLabels.length + " vs " + predicted.length);
        }
        long[][] c = new long[classCount][classCount];
        for (int i = 0; i < trueLabels.length; i++) {
            int t = trueLabels[i];
            if (t == AbawClass.IGNORED) {
                continue;
            }
            int p = predicted[i];
            if (t < 0 || t >= classCount || p < 0 || p >= classCount) {
                throw new IllegalArgumentException(
                        "label out of range at index " + i + ": true=" + t + " predicted=" + p);
            }
            c[t][p]++;
        }
        return new ConfusionMatrix(c);
    }

    public ConfusionMatrix plus(ConfusionMatrix other) {
        if (other.classCount() != classCount()) {
            throw new IllegalArgumentException("class counts differ");
        }
        long[][] c = new long[classCount()][classCount()];
        for (int i = 0; i < c.length; i++) {
            for (int j = 0; j < c.length; j++) {
                c[i][j] = counts[i][j] + other.counts[i][j];
            }
        }
        return new ConfusionMatrix(c);
    }

    public int classCount() {
        return counts.length;
    }

    public long count(int trueClass, int predictedClass) {
        return counts[trueClass][predictedClass];
    }

    public long[][] toArray() {
        long[][] copy = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    public long total() {
        long t = 0;
        for (long[] row : counts) {
            for (long v : row) {
                t += v;
            }
        }
        return t;
    }

    /** Per-class F1 = 2TP / (2TP + FP + FN); 0 where the denominator is 0 (scikit-learn's zero_division default). */
    public double[] perClassF1() {
        int k = counts.length;
        double[] f1 = new double[k];
        for (int c = 0; c < k; c++) {
            long tp = counts[c][c];
            long rowSum = 0;
            long colSum = 0;
            for (int j = 0; j < k; j++) {
                rowSum += counts[c][j];
                colSum += counts[j][c];
            }
            long denom = rowSum + colSum; // = 2TP + FP + FN
            f1[c] = denom == 0 ? 0.0 : 2.0 * tp / denom;
        }
        return f1;
    }

    /** Mean of per-class F1 over all classes (absent classes count as 0). */
    public double macroF1() {
        double s = 0;
        for (double v : perClassF1()) {
            s += v;
        }
        return s / counts.length;
    }

    /** Fraction of counted frames on the diagonal; 0 for an empty matrix. */
    public double accuracy() {
        long total = total();
        if (total == 0) {
            return 0.0;
        }
        long diag = 0;
        for (int c = 0; c < counts.length; c++) {
            diag += counts[c][c];
        }
        return (double) diag / total;
    }

    /** Rows divided by their sums (a row with no frames stays 0), as the paper's Figure 2. */
    public double[][] rowNormalised() {
        double[][] r = new double[counts.length][counts.length];
        for (int i = 0; i < counts.length; i++) {
            long s = 0;
            for (long v : counts[i]) {
                s += v;
            }
            for (int j = 0; j < counts.length; j++) {
                r[i][j] = s == 0 ? 0.0 : (double) counts[i][j] / s;
            }
        }
        return r;
    }
}
