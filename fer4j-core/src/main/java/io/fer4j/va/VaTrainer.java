package io.fer4j.va;

import io.fer4j.annotation.ExprAnnotations;
import io.fer4j.bundle.BackboneInfo;
import io.fer4j.bundle.Modality;
import io.fer4j.bundle.Provenance;
import io.fer4j.error.Fer4jException;
import io.fer4j.head.RowMajorGemm;
import io.fer4j.store.FeatureStore;
import io.fer4j.training.BundleTrainer;
import io.fer4j.training.TrainingOptions;
import io.fer4j.tuning.KFoldByVideo;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code fer4j train --task va}: the valence-arousal heads on {@code Train_Set} (epoch kept by validation mean CCC),
 * δ and w tuned on {@code Validation_Set} by pooled mean CCC with the honest k-fold-by-video estimate alongside,
 * as {@link BundleTrainer} does for expressions. Uses the same options ({@link TrainingOptions}: store, annotations,
 * modality, head hyperparameters, grid δ and w, folds, alignment); the logit adjustment, the loss choice and p0 do
 * not apply. A multi-task backbone's own VA outputs are tuned and recorded as the backbone-only baseline whenever the
 * store has them, and are what the bundle predicts with for {@link VaSource#BACKBONE}.
 */
public final class VaTrainer {
    private final TrainingOptions options;
    private final VaLoss loss;
    private final VaSource source;

    public VaTrainer(TrainingOptions options, VaLoss loss, VaSource source) {
        this.options = options;
        this.loss = loss;
        this.source = source;
    }

    /** The bundle and its validation outcome. */
    public record Outcome(VaBundle bundle, VaTuning.Choice tuned, VaScore honest, VaTuning.Choice backboneOnly) {}

    public Outcome train(Consumer<String> log) {
        FeatureStore store = FeatureStore.open(options.store());
        VaSplit train = VaSplit.load(store, options.annotations(), ExprAnnotations.TRAIN_SET, options.alignment());
        VaSplit validation =
                VaSplit.load(store, options.annotations(), ExprAnnotations.VALIDATION_SET, options.alignment());
        log.accept(String.format(
                "train: %d videos (%d annotated frames), validation: %d videos (%d annotated" + " frames)",
                train.split().videos().size(),
                train.annotatedFrames(),
                validation.split().videos().size(),
                validation.annotatedFrames()));
        BackboneInfo backbone = BundleTrainer.backboneOf(store, train.split(), validation.split());
        Modality modality = options.modality();
        boolean backboneVa = VaBundle.hasBackboneVa(backbone.logitsDim());
        checkSources(backbone, backboneVa, train, validation);
        int audioDim = modality.usesAudio() ? BundleTrainer.audioDimOf(store, train.split(), validation.split()) : 0;

        Map<String, VaHead> heads = new LinkedHashMap<>();
        if (modality.usesVisual() && source == VaSource.HEAD) {
            heads.put(VaHead.VISUAL, trainHead(VaHead.VISUAL, train.visualRows(), validation.visualRows(), log));
        }
        if (modality.usesAudio()) {
            heads.put(VaHead.AUDIO, trainHead(VaHead.AUDIO, train.audioRows(), validation.audioRows(), log));
        }
        if (validation.annotatedFrames() == 0) {
            throw new Fer4jException(
                    options.annotations().resolve(ExprAnnotations.VALIDATION_SET),
                    "no annotated"
                            + " frame (every value -5): δ and w are tuned on Validation_Set, so it needs annotated frames");
        }
        List<VaScoredVideo> scored = validation.scored(heads.get(VaHead.VISUAL), heads.get(VaHead.AUDIO));
        int[] deltas = options.grid().deltaFrames();
        double[] ws = options.grid().visualWeights();
        VaVideoOutputs.Inputs inputs = VaVideoOutputs.Inputs.of(source, modality);
        VaTuning.Choice tuned = VaTuning.tune(scored, inputs, deltas, ws);
        KFoldByVideo folds = options.folds() >= 2 && scored.size() >= options.folds()
                ? new KFoldByVideo(options.folds(), options.head().seed())
                : null;
        if (options.folds() >= 2 && folds == null) {
            log.accept("honest k-fold estimates skipped: " + scored.size() + " validation videos < " + options.folds()
                    + " folds");
        }
        VaScore honest = folds == null ? null : VaTuning.honest(scored, inputs, deltas, ws, folds);
        VaTuning.Choice backboneOnly =
                backboneVa ? VaTuning.tune(scored, VaVideoOutputs.Inputs.BACKBONE, deltas, ws) : null;

        Map<String, Double> metrics = validationMetrics(tuned, honest, backboneOnly);
        Provenance provenance = new Provenance(
                Provenance.currentLibraryVersion(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                options.store().toAbsolutePath().normalize().toString(),
                options.annotations().toAbsolutePath().normalize().toString(),
                hyperparameters(train, validation),
                null,
                null,
                metrics);
        double w = tuned.visualWeight();
        VaBundle bundle = new VaBundle(backbone, source, modality, heads, tuned.deltaFrames(), w, audioDim, provenance);
        return new Outcome(bundle, tuned, honest, backboneOnly);
    }

    /** The backbone-only source needs a multi-task backbone; audio needs audio.npy in both splits. */
    private void checkSources(BackboneInfo backbone, boolean backboneVa, VaSplit train, VaSplit validation) {
        Modality modality = options.modality();
        if (source == VaSource.BACKBONE && modality.usesVisual() && !backboneVa) {
            throw new Fer4jException(
                    options.store(),
                    "--va-source backbone needs a multi-task backbone with"
                            + " valence/arousal outputs (10 logits, e.g. enet_b0_8_va_mtl), but this store's backbone "
                            + backbone.name() + " has " + backbone.logitsDim()
                            + "; use --va-source head, or extract the"
                            + " store with a *_va_mtl model");
        }
        if (modality.usesAudio()
                && !(train.split().anyAudio() && validation.split().anyAudio())) {
            throw new Fer4jException(
                    options.store(),
                    "--modality " + modality.cliName() + " needs audio.npy in"
                            + " both Train_Set and Validation_Set videos; extract with --audio-model or use --modality"
                            + " visual");
        }
    }

    /** The validation numbers a VA bundle's provenance records (tuned, honest k-fold, backbone-only). */
    private static Map<String, Double> validationMetrics(
            VaTuning.Choice tuned, VaScore honest, VaTuning.Choice backboneOnly) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        putScore(metrics, "tuned_", tuned.score());
        if (honest != null) {
            putScore(metrics, "honest_kfold_", honest);
        }
        if (backboneOnly != null) {
            putScore(metrics, "backbone_only_tuned_", backboneOnly.score());
            metrics.put("backbone_only_delta_frames", (double) backboneOnly.deltaFrames());
        }
        return metrics;
    }

    private VaHead trainHead(String name, VaTrainingRows trainRows, VaTrainingRows valRows, Consumer<String> log) {
        if (trainRows == null || trainRows.rowCount() == 0) {
            throw new Fer4jException(
                    options.annotations().resolve(ExprAnnotations.TRAIN_SET),
                    "no annotated "
                            + (VaHead.AUDIO.equals(name) ? "frame of a video with audio.npy" : "face frame")
                            + " to train the "
                            + name + " head on (every frame -5, without a face, or beyond the annotation); check"
                            + " --annotations and the store");
        }
        log.accept(String.format(
                "training %s head (%s loss): %d rows of D=%d, validation %d rows",
                name, loss.cliName(), trainRows.rowCount(), trainRows.dim(), valRows == null ? 0 : valRows.rowCount()));
        VaHeadTrainer.Result r = new VaHeadTrainer(options.head(), loss)
                .train(
                        trainRows,
                        valRows == null || valRows.rowCount() == 0 ? null : valRows,
                        e -> log.accept(String.format(
                                "  epoch %2d  loss %.4f  val CCC valence %.4f  arousal %.4f  (%.1f s)",
                                e.epoch(),
                                e.trainLoss(),
                                e.validationCccValence(),
                                e.validationCccArousal(),
                                e.seconds())));
        return new VaHead(name, loss, r.head(), r.epochs(), r.selectedEpoch());
    }

    /** Adds {@code prefix}ccc_valence, ccc_arousal, ccc_mean. */
    public static void putScore(Map<String, Double> metrics, String prefix, VaScore s) {
        metrics.put(prefix + "ccc_valence", s.valence().ccc());
        metrics.put(prefix + "ccc_arousal", s.arousal().ccc());
        metrics.put(prefix + "ccc_mean", s.cccMean());
    }

    private Map<String, String> hyperparameters(VaSplit train, VaSplit validation) {
        Map<String, String> hp = new LinkedHashMap<>();
        hp.put("task", "va");
        hp.put("va_source", source.cliName());
        hp.put("modality", options.modality().cliName());
        hp.put("loss", loss.cliName());
        hp.put("epochs", Integer.toString(options.head().epochs()));
        hp.put("batch_size", Integer.toString(options.head().batchSize()));
        hp.put("learning_rate", Double.toString(options.head().learningRate()));
        hp.put("hidden_dim", Integer.toString(options.head().hiddenDim()));
        hp.put("seed", Long.toString(options.head().seed()));
        hp.put("epoch_selection", "ccc_mean");
        hp.put("grid_delta_frames", java.util.Arrays.toString(options.grid().deltaFrames()));
        hp.put("grid_w", java.util.Arrays.toString(options.grid().visualWeights()));
        hp.put("folds", Integer.toString(options.folds()));
        hp.put("frame_count_tolerance", Integer.toString(options.alignment().frameCountTolerance()));
        hp.put("train_videos", Integer.toString(train.split().videos().size()));
        hp.put("train_annotated_frames", Long.toString(train.annotatedFrames()));
        hp.put("validation_videos", Integer.toString(validation.split().videos().size()));
        hp.put("validation_annotated_frames", Long.toString(validation.annotatedFrames()));
        hp.put("blas", RowMajorGemm.implementationName());
        return hp;
    }
}
