package io.fer4j.tuning;

import io.fer4j.metrics.ConfusionMatrix;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

/**
 * k-fold cross-validation by video: whole videos go to folds (frames of one video are strongly correlated, so
 * splitting frames would leak). The split is deterministic for a seed and independent of the input order: videos
 * are sorted by id, shuffled with {@code java.util.Random(seed)} (whose sequence the Java specification fixes), and
 * dealt round-robin, so fold sizes differ by at most one.
 *
 * @param folds k ≥ 2
 * @param seed  shuffle seed
 */
public record KFoldByVideo(int folds, long seed) {

    public KFoldByVideo {
        if (folds < 2) {
            throw new IllegalArgumentException("k-fold needs k ≥ 2 folds, got " + folds);
        }
    }

    /**
     * Splits {@code videos} into k folds.
     *
     * @throws IllegalArgumentException on fewer videos than folds or a duplicate id
     */
    public <V> List<List<V>> partition(List<V> videos, Function<V, String> idOf) {
        if (videos.size() < folds) {
            throw new IllegalArgumentException(folds + "-fold cross-validation needs at least " + folds
                    + " videos, got " + videos.size() + "; use fewer folds");
        }
        Set<String> seen = new HashSet<>();
        for (V v : videos) {
            if (!seen.add(idOf.apply(v))) {
                throw new IllegalArgumentException(
                        "video id '" + idOf.apply(v) + "' appears twice; ids must be unique");
            }
        }
        List<V> order = new ArrayList<>(videos);
        order.sort(Comparator.comparing(idOf));
        Collections.shuffle(order, new Random(seed));
        List<List<V>> result = new ArrayList<>();
        for (int f = 0; f < folds; f++) {
            result.add(new ArrayList<>());
        }
        for (int i = 0; i < order.size(); i++) {
            result.get(i % folds).add(order.get(i));
        }
        return result.stream().map(List::copyOf).toList();
    }

    /**
     * For each fold: fit {@code tuner} on the other k−1 folds, score the held-out fold; pool the held-out
     * confusions.
     */
    public <V> CrossValidationResult crossValidate(List<V> videos, Function<V, String> idOf, FoldTuner<V> tuner) {
        List<List<V>> parts = partition(videos, idOf);
        List<CrossValidationResult.Fold> outcomes = new ArrayList<>();
        ConfusionMatrix pooled = null;
        for (int f = 0; f < folds; f++) {
            List<V> tuning = new ArrayList<>();
            for (int g = 0; g < folds; g++) {
                if (g != f) {
                    tuning.addAll(parts.get(g));
                }
            }
            FoldTuner.Fitted<V> fitted = tuner.fit(tuning);
            ConfusionMatrix heldOut = fitted.score(parts.get(f));
            pooled = pooled == null ? heldOut : pooled.plus(heldOut);
            outcomes.add(new CrossValidationResult.Fold(
                    f, parts.get(f).stream().map(idOf).toList(), fitted.description(), heldOut));
        }
        return new CrossValidationResult(outcomes, pooled);
    }
}
