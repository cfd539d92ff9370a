package io.fer4j.head;

/**
 * Feature rows a head trains, validates or predicts on, read one row at a time so that a large float16 store is
 * never materialised as float32 (rows are gathered per mini-batch). What a row is trained towards (a class label,
 * valence/arousal targets) is the business of the sub-type ({@link TrainingRows}) or of the training objective.
 *
 * <p>Implementations must allow concurrent {@link #copyRow} calls from several threads.
 */
public interface FeatureRows {
    /** Number of rows. */
    int rowCount();

    /** Feature dimension D of every row. */
    int dim();

    /** Copies row {@code row} as float32 into {@code dst[dstOffset .. dstOffset + dim())}. */
    void copyRow(int row, float[] dst, int dstOffset);

    /** Human-readable origin of a row for error messages, e.g. {@code "video 118-30-640x480 frame 17"}. */
    default String describeRow(int row) {
        return "row " + row;
    }
}
