package io.fer4j.tuning;

import java.util.List;

/**
 * Tuning δ, p0, w on validation and scoring on the same videos is optimistic. This runs both: the optimistic grid
 * search over all videos, and the honest k-fold-by-video estimate (tune on k−1 folds, score the held-out fold,
 * pool), so reports show how much of the tuned score is selection bias.
 */
public final class HonestTuning {
    private HonestTuning() {}

    /**
     * @param optimistic the grid search over all videos (its best config is what a bundle ships)
     * @param honest     k-fold held-out estimate with the same grid
     */
    public record Result(GridSearchResult optimistic, CrossValidationResult honest) {
        public double optimisticMacroF1() {
            return optimistic.macroF1();
        }

        public double honestMacroF1() {
            return honest.macroF1();
        }

        /** Optimistic minus honest macro-F1 (fraction). */
        public double optimism() {
            return optimisticMacroF1() - honestMacroF1();
        }
    }

    public static Result run(List<TuningVideo> videos, GridSearch search, KFoldByVideo folds) {
        GridSearchResult optimistic = search.search(videos);
        CrossValidationResult honest =
                folds.crossValidate(videos, TuningVideo::id, new PostProcessingFoldTuner(search));
        return new Result(optimistic, honest);
    }
}
