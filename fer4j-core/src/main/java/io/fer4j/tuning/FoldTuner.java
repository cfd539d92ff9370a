package io.fer4j.tuning;

import io.fer4j.metrics.ConfusionMatrix;
import java.util.List;

/**
 * What {@link KFoldByVideo} refits inside each fold: everything tuned on validation data (δ/p0/w, and e.g. logit
 * adjustment) must be fitted on the fold's tuning videos only, then scored on its held-out videos.
 *
 * @param <V> the caller's video type
 */
@FunctionalInterface
public interface FoldTuner<V> {

    /** Fits on {@code tuningVideos} (never sees the held-out ones). */
    Fitted<V> fit(List<V> tuningVideos);

    /** A fold's fitted state. */
    interface Fitted<V> {
        /** Pooled confusion over {@code heldOutVideos}. */
        ConfusionMatrix score(List<V> heldOutVideos);

        /** What was fitted, for reports (e.g. "δ=50 p0=0.8 w=0.6"). */
        String description();
    }
}
