package io.fer4j.head;

import java.util.Objects;
import java.util.function.IntFunction;

/** In-memory float32 rows (row-major {@code rows × dim}) with labels; for tests, small splits and audio rows. */
public final class FloatTrainingRows implements TrainingRows {
    private final float[] rowsRowMajor;
    private final int[] labels;
    private final int dim;
    private final IntFunction<String> describer;

    private FloatTrainingRows(float[] rowsRowMajor, int[] labels, int dim, IntFunction<String> describer) {
        this.rowsRowMajor = rowsRowMajor;
        this.labels = labels;
        this.dim = dim;
        this.describer = describer;
    }

    /** Copies the arrays; {@code rowsRowMajor.length} must equal {@code labels.length * dim}. */
    public static FloatTrainingRows of(float[] rowsRowMajor, int[] labels, int dim) {
        return of(rowsRowMajor, labels, dim, row -> "row " + row);
    }

    public static FloatTrainingRows of(float[] rowsRowMajor, int[] labels, int dim, IntFunction<String> describer) {
        if (dim <= 0) {
            throw new IllegalArgumentException("dim must be positive, got " + dim);
        }
        if ((long) labels.length * dim != rowsRowMajor.length) {
            throw new IllegalArgumentException("expected " + labels.length + " rows of " + dim + " values = "
                    + (long) labels.length * dim + " values, got " + rowsRowMajor.length);
        }
        return new FloatTrainingRows(rowsRowMajor.clone(), labels.clone(), dim, Objects.requireNonNull(describer));
    }

    @Override
    public int rowCount() {
        return labels.length;
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public int label(int row) {
        return labels[row];
    }

    @Override
    public void copyRow(int row, float[] dst, int dstOffset) {
        System.arraycopy(rowsRowMajor, row * dim, dst, dstOffset, dim);
    }

    @Override
    public String describeRow(int row) {
        return describer.apply(row);
    }
}
