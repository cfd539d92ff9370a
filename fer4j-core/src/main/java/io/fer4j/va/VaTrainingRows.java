package io.fer4j.va;

import io.fer4j.head.FeatureRows;

/**
 * Feature rows with their valence and arousal targets: {@code targets[2·row]} = valence, {@code [2·row + 1]} =
 * arousal. Every row is annotated (unannotated frames are left out by whoever builds it).
 */
public final class VaTrainingRows implements FeatureRows {
    /** Valence and arousal. */
    public static final int OUTPUTS = 2;

    private final FeatureRows features;
    private final float[] targets;

    private VaTrainingRows(FeatureRows features, float[] targets) {
        this.features = features;
        this.targets = targets;
    }

    /** Rows of {@code features} with {@code targets[rows × 2]} (copied). */
    public static VaTrainingRows of(FeatureRows features, float[] targets) {
        if (targets.length != (long) features.rowCount() * OUTPUTS) {
            throw new IllegalArgumentException(features.rowCount() + " rows need " + features.rowCount() * OUTPUTS
                    + " targets, got " + targets.length);
        }
        return new VaTrainingRows(features, targets.clone());
    }

    /** Target {@code k} (0 = valence, 1 = arousal) of {@code row}. */
    public float target(int row, int k) {
        return targets[row * OUTPUTS + k];
    }

    /** All targets, rows × 2 (a copy). */
    public float[] targets() {
        return targets.clone();
    }

    @Override
    public int rowCount() {
        return features.rowCount();
    }

    @Override
    public int dim() {
        return features.dim();
    }

    @Override
    public void copyRow(int row, float[] dst, int dstOffset) {
        features.copyRow(row, dst, dstOffset);
    }

    @Override
    public String describeRow(int row) {
        return features.describeRow(row);
    }
}
