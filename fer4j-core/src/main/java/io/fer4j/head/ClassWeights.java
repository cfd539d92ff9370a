package io.fer4j.head;

/** Class counts and the inverse-frequency weights of the weighted cross-entropy (CONTRACTS §5). */
public final class ClassWeights {
    private ClassWeights() {}

    /**
     * {@code w_k = N_max / N_k} for every class present in training (so every such weight is ≥ 1), and
     * {@code w_k = 0} for a class with {@code N_k = 0}: it has no training row to weight, and 0 (not ∞) keeps the
     * weights finite and printable. Throws when no class has a row.
     */
    public static float[] inverseFrequency(long[] classCounts) {
        long max = 0;
        for (long n : classCounts) {
            if (n < 0) {
                throw new IllegalArgumentException("negative class count " + n);
            }
            max = Math.max(max, n);
        }
        if (max == 0) {
            throw new IllegalArgumentException("no class has a training row");
        }
        float[] w = new float[classCounts.length];
        for (int k = 0; k < w.length; k++) {
            w[k] = classCounts[k] == 0 ? 0f : (float) ((double) max / classCounts[k]);
        }
        return w;
    }

    /** Number of rows per label in {@code 0..classCount-1}; label −1 is skipped, other labels are rejected. */
    public static long[] count(TrainingRows rows, int classCount) {
        long[] counts = new long[classCount];
        for (int r = 0; r < rows.rowCount(); r++) {
            int y = rows.label(r);
            if (y == -1) {
                continue;
            }
            if (y < 0 || y >= classCount) {
                throw new IllegalArgumentException(
                        "label " + y + " of " + rows.describeRow(r) + " is outside -1.." + (classCount - 1));
            }
            counts[y]++;
        }
        return counts;
    }
}
