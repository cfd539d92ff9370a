package io.fer4j.tuning;

import io.fer4j.metrics.ConfusionMatrix;
import io.fer4j.postprocess.PostProcessingConfig;
import java.util.List;

/** The default {@link FoldTuner}: grid search of δ, p0, w on the fold's tuning videos. */
public record PostProcessingFoldTuner(GridSearch search) implements FoldTuner<TuningVideo> {

    @Override
    public FoldTuner.Fitted<TuningVideo> fit(List<TuningVideo> tuningVideos) {
        PostProcessingConfig config = search.search(tuningVideos).best();
        return new Fitted(search, config);
    }

    /** A tuned configuration. */
    public record Fitted(GridSearch search, PostProcessingConfig config) implements FoldTuner.Fitted<TuningVideo> {
        @Override
        public ConfusionMatrix score(List<TuningVideo> heldOutVideos) {
            return search.evaluate(heldOutVideos, config);
        }

        @Override
        public String description() {
            return config.toString();
        }
    }
}
