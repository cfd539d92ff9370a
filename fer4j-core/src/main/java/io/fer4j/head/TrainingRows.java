package io.fer4j.head;

/**
 * Labelled feature rows the head trains or validates on, read one row at a time so that a large float16 store is
 * never materialised as float32 (rows are gathered per mini-batch).
 *
 * <p>Implementations must allow concurrent {@link #copyRow} calls from several threads.
 */
public interface TrainingRows {
    /** Number of rows. */
    int rowCount();

    /** Feature dimension D of every row. */
    int dim();

    /** ABAW label of the row in 0..7, or -1 for an ignored frame. */
    int label(int row);

    /** Copies row {@code row} as float32 into {@code dst[dstOffset .. dstOffset + dim())}. */
    void copyRow(int row, float[] dst, int dstOffset);

    /** Human-readable origin of a row for error messages, e.g. {@code "video 118-30-640x480 frame 17"}. */
    default String describeRow(int row) {
        return "row " + row;
    }
}
