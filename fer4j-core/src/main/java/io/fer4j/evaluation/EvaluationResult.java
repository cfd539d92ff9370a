package io.fer4j.evaluation;

import io.fer4j.bundle.Bundle;
import io.fer4j.metrics.ConfusionMatrix;
import io.fer4j.postprocess.PostProcessingConfig;
import io.fer4j.tuning.CrossValidationResult;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything {@code fer4j evaluate} computed; {@link EvaluationJson} writes it and HTML reports can render it.
 *
 * @param bundleFile     the bundle evaluated
 * @param bundle         the bundle (with provenance)
 * @param storeDir       the store
 * @param split          annotation split evaluated
 * @param config         δ/p0/w used (the bundle's)
 * @param confusion      pooled over all labelled frames of all videos (CONTRACTS §8)
 * @param honest         k-fold-by-video estimate of the bundle's pipeline refitted on this split, or null
 * @param rows           ablation rows (empty without {@code --ablation})
 * @param videos         per-video predictions, in video id order
 * @param missingVideos  annotated videos skipped because they are not in the store ({@code --allow-missing})
 */
public record EvaluationResult(
        Path bundleFile,
        Bundle bundle,
        Path storeDir,
        String split,
        PostProcessingConfig config,
        ConfusionMatrix confusion,
        CrossValidationResult honest,
        List<AblationRow> rows,
        List<VideoEvaluation> videos,
        List<String> missingVideos) {
    public EvaluationResult {
        rows = List.copyOf(rows);
        videos = List.copyOf(videos);
        missingVideos = List.copyOf(missingVideos);
    }

    public double macroF1() {
        return confusion.macroF1();
    }

    public double accuracy() {
        return confusion.accuracy();
    }

    public double[] perClassF1() {
        return confusion.perClassF1();
    }

    /** Labelled frames scored. */
    public long frameCount() {
        return confusion.total();
    }
}
