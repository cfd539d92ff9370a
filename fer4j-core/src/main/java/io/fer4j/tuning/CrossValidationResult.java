package io.fer4j.tuning;

import io.fer4j.metrics.ConfusionMatrix;
import java.util.List;

/**
 * k-fold-by-video outcome: per fold what was fitted and its held-out confusion, and the held-out confusions pooled
 * over all folds (every video scored exactly once, by a model that never saw it).
 */
public record CrossValidationResult(List<Fold> folds, ConfusionMatrix pooledHeldOut) {
    public CrossValidationResult {
        folds = List.copyOf(folds);
    }

    /** Honest macro-F1: over the pooled held-out confusion. */
    public double macroF1() {
        return pooledHeldOut.macroF1();
    }

    public double accuracy() {
        return pooledHeldOut.accuracy();
    }

    /**
     * @param index         fold number, 0-based
     * @param heldOutIds    ids of the videos scored in this fold
     * @param fitted        description of what was fitted on the other folds
     * @param heldOut       confusion over the held-out videos
     */
    public record Fold(int index, List<String> heldOutIds, String fitted, ConfusionMatrix heldOut) {
        public Fold {
            heldOutIds = List.copyOf(heldOutIds);
        }
    }
}
