package io.fer4j.head;

/**
 * Labelled feature rows of the expression head: {@link FeatureRows} with an ABAW label per row.
 *
 * <p>Implementations must allow concurrent {@link #copyRow} calls from several threads.
 */
public interface TrainingRows extends FeatureRows {
    /** ABAW label of the row in 0..7, or -1 for an ignored frame. */
    int label(int row);
}
