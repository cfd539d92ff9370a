package io.fer4j.evaluation;

import io.fer4j.bundle.Bundle;
import io.fer4j.bundle.BundleCompatibility;
import io.fer4j.bundle.BundlePredictor;
import io.fer4j.bundle.VideoFeatures;
import io.fer4j.error.Fer4jException;
import io.fer4j.metrics.ConfusionMatrix;
import io.fer4j.postprocess.VideoPrediction;
import io.fer4j.store.FeatureStore;
import io.fer4j.training.AlignmentPolicy;
import io.fer4j.training.AnnotatedSplit;
import io.fer4j.training.AnnotatedVideo;
import io.fer4j.training.BundleTrainer;
import io.fer4j.training.CachedHeadLogits;
import io.fer4j.training.PipelineSpec;
import io.fer4j.training.PipelineTuner;
import io.fer4j.tuning.CrossValidationResult;
import io.fer4j.tuning.KFoldByVideo;
import io.fer4j.tuning.PostProcessingGrid;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code fer4j evaluate} without the command line: the bundle's own configuration on an annotated split (macro-F1,
 * accuracy, per-class F1, confusion — CONTRACTS §8), the honest k-fold-by-video figure of its pipeline, and optionally
 * the ablation rows ({@link AblationRows}), each tuned on the evaluated split as the paper did.
 */
public final class Evaluator {
    private final PostProcessingGrid grid;
    private final int threads;
    private final int folds;
    private final long seed;

    /**
     * @param grid    δ/p0/w grid for ablation rows and the honest estimate
     * @param threads grid-search threads
     * @param folds   k of the k-fold-by-video estimate (0 = skip)
     * @param seed    fold shuffle seed
     */
    public Evaluator(PostProcessingGrid grid, int threads, int folds, long seed) {
        this.grid = grid;
        this.threads = threads;
        this.folds = folds;
        this.seed = seed;
    }

    public EvaluationResult evaluate(
            Path bundleFile,
            Bundle bundle,
            Path storeDir,
            Path annotations,
            String split,
            AlignmentPolicy policy,
            boolean ablation,
            Consumer<String> log) {
        FeatureStore store = FeatureStore.open(storeDir);
        AnnotatedSplit data = AnnotatedSplit.load(store, annotations, split, policy);
        for (AnnotatedVideo v : data.videos()) {
            BundleCompatibility.require(bundleFile, bundle, storeDir, v.video());
        }
        BundlePredictor predictor = new BundlePredictor(bundle);
        List<VideoEvaluation> results = new ArrayList<>();
        List<CachedHeadLogits> outputs = new ArrayList<>();
        ConfusionMatrix total = ConfusionMatrix.empty(8);
        boolean audioInData = false;
        for (AnnotatedVideo v : data.videos()) {
            VideoFeatures f = v.features();
            audioInData |= f.hasAudio();
            int[] labels = v.annotation().labels();
            VideoPrediction p = predictor.predict(f);
            total = total.plus(ConfusionMatrix.of(labels, p.labels()));
            results.add(new VideoEvaluation(v.id(), labels, p));
            outputs.add(CachedHeadLogits.compute(
                    labels, f, bundle.heads().values(), bundle.backbone().space()));
        }
        if (total.total() == 0) {
            // a macro-F1 of 0.0 over no frame would read as a (terrible) result; train refuses the same case
            throw new Fer4jException(
                    annotations.resolve(split),
                    "no labelled frame to evaluate on (" + results.size()
                            + " videos, every frame −1 or beyond the annotation); check --annotations, --split and the store");
        }
        log.accept(String.format("%s: %d videos, %d labelled frames", split, results.size(), total.total()));
        KFoldByVideo kfold = folds >= 2 && outputs.size() >= folds ? new KFoldByVideo(folds, seed) : null;
        if (folds >= 2 && kfold == null) {
            log.accept("honest k-fold estimate skipped: " + outputs.size() + " videos < " + folds + " folds");
        }
        PipelineTuner tuner = new PipelineTuner(bundle.heads(), grid, threads, kfold);
        CrossValidationResult honest = null;
        if (kfold != null) {
            PipelineSpec own = BundleTrainer.bundleSpec(bundle.modality(), bundle.primaryVisual());
            if (own.usesAudio() && !audioInData) {
                own = BundleTrainer.bundleSpec(io.fer4j.bundle.Modality.VISUAL, bundle.primaryVisual());
            }
            if (own.visualHead() != null || audioInData) {
                honest = tuner.run(own, outputs).honest();
            }
        }
        List<AblationRow> rows = new ArrayList<>();
        if (ablation) {
            for (PipelineSpec spec : AblationRows.rows(bundle, audioInData)) {
                PipelineTuner.Outcome o = tuner.run(spec, outputs);
                double w = spec.visualHead() == null ? 0.0 : o.config().visualWeight();
                rows.add(new AblationRow(
                        spec.name(),
                        o.macroF1(),
                        o.accuracy(),
                        o.config().deltaFrames(),
                        o.config().p0(),
                        w,
                        o.honest() == null ? Double.NaN : o.honest().macroF1(),
                        o.honest() == null ? Double.NaN : o.honest().accuracy(),
                        o.confusion()));
                log.accept(String.format("  %-68s F1 %.4f  acc %.4f", spec.name(), o.macroF1(), o.accuracy()));
            }
        }
        return new EvaluationResult(
                bundleFile,
                bundle,
                storeDir,
                split,
                bundle.postProcessing(),
                total,
                honest,
                rows,
                results,
                data.missingVideos());
    }
}
