package io.fer4j.training;

import io.fer4j.annotation.ExprAnnotations;
import io.fer4j.bundle.BackboneInfo;
import io.fer4j.bundle.Bundle;
import io.fer4j.bundle.BundleFiles;
import io.fer4j.bundle.Modality;
import io.fer4j.bundle.Provenance;
import io.fer4j.bundle.TrainedHead;
import io.fer4j.error.Fer4jException;
import io.fer4j.head.EpochRecord;
import io.fer4j.head.HeadLoss;
import io.fer4j.head.HeadTrainer;
import io.fer4j.head.RowMajorGemm;
import io.fer4j.head.TrainingResult;
import io.fer4j.label.AbawClass;
import io.fer4j.logitadjustment.LogitAdjustment;
import io.fer4j.logitadjustment.LogitAdjustmentEstimators;
import io.fer4j.postprocess.PostProcessingConfig;
import io.fer4j.store.FeatureStore;
import io.fer4j.store.StoredVideo;
import io.fer4j.tuning.KFoldByVideo;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code fer4j train} without the command line: trains the heads on {@code Train_Set}, fits the logit adjustment of
 * each head on {@code Validation_Set} (comparing the three estimators), tunes δ/p0/w on {@code Validation_Set}
 * (with the honest k-fold estimate alongside) and returns the bundle with its provenance.
 *
 * <p>Heads trained: the weighted-CE and the focal visual heads (the ablation needs both; {@code --loss} picks the one
 * predictions use) and, where training and validation videos have audio.npy, the audio head with focal loss
 * (CONTRACTS §5). {@code primaryOnly} trains only the heads the bundle predicts with.
 */
public final class BundleTrainer {
    private final TrainingOptions options;

    public BundleTrainer(TrainingOptions options) {
        this.options = options;
    }

    /**
     * The trained bundle and what the command prints.
     *
     * @param adjustmentWinners       head name → logit adjustment estimator with the best validation macro-F1
     *                                (argmax, before smoothing/gate), fitted and scored on all of validation
     * @param adjustmentHonestWinners head name → estimator with the best k-fold-by-video held-out macro-F1 (empty
     *                                when there are fewer validation videos than folds)
     * @param tuned      the bundle configuration's validation outcome
     */
    public record Outcome(
            Bundle bundle,
            Map<String, String> adjustmentWinners,
            Map<String, String> adjustmentHonestWinners,
            PipelineTuner.Outcome tuned) {}

    public Outcome train(Consumer<String> log) {
        FeatureStore store = FeatureStore.open(options.store());
        AnnotatedSplit train =
                AnnotatedSplit.load(store, options.annotations(), ExprAnnotations.TRAIN_SET, options.alignment());
        AnnotatedSplit validation =
                AnnotatedSplit.load(store, options.annotations(), ExprAnnotations.VALIDATION_SET, options.alignment());
        log.accept(String.format(
                "train: %d videos (%d face frames), validation: %d videos (%d face frames)",
                train.videos().size(),
                train.summary().faceFrames(),
                validation.videos().size(),
                validation.summary().faceFrames()));
        BackboneInfo backbone = backboneOf(store, train, validation);
        int audioDim = audioDimOf(store, train, validation);
        boolean audioAvailable = requireAudioForModality(store, train, validation);

        List<HeadPlan> plans = headPlans(audioAvailable);
        Map<String, TrainingResult> results = new LinkedHashMap<>();
        Map<String, TrainedHead> provisional = new LinkedHashMap<>();
        for (HeadPlan plan : plans) {
            TrainingResult r = trainHead(plan, train, validation, log);
            results.put(plan.name, r);
            provisional.put(plan.name, head(plan, r, LogitAdjustment.none(AbawClass.COUNT), Map.of()));
        }
        List<CachedHeadLogits> valOutputs = new ArrayList<>();
        for (AnnotatedVideo v : validation.videos()) {
            valOutputs.add(CachedHeadLogits.compute(v, provisional.values(), backbone.space()));
        }
        KFoldByVideo folds = honestFolds(validation, log);

        Map<String, TrainedHead> heads = new LinkedHashMap<>();
        Map<String, String> winners = new LinkedHashMap<>();
        Map<String, String> honestWinners = new LinkedHashMap<>();
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (HeadPlan plan : plans) {
            AdjustmentChoice c =
                    chooseAdjustment(plan, results.get(plan.name), provisional.get(plan.name), valOutputs, folds, log);
            winners.put(plan.name, c.winner());
            if (c.honestWinner() != null) {
                honestWinners.put(plan.name, c.honestWinner());
            }
            metrics.put(plan.name + ".macro_f1", c.scores().get("none"));
            metrics.put(plan.name + ".calibrated_macro_f1", c.scores().get(options.estimator()));
            heads.put(plan.name, c.head());
        }

        PipelineSpec spec = bundleSpec(options.modality(), visualName(options.primaryLoss()));
        PipelineTuner.Outcome tuned =
                new PipelineTuner(heads, options.grid(), options.threads(), folds).run(spec, valOutputs);
        metrics.put("tuned_macro_f1", tuned.macroF1());
        metrics.put("tuned_accuracy", tuned.accuracy());
        if (tuned.honest() != null) {
            metrics.put("honest_kfold_macro_f1", tuned.honest().macroF1());
            metrics.put("honest_kfold_accuracy", tuned.honest().accuracy());
        }
        Provenance provenance = new Provenance(
                Provenance.currentLibraryVersion(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                options.store().toAbsolutePath().normalize().toString(),
                options.annotations().toAbsolutePath().normalize().toString(),
                hyperparameters(winners, honestWinners),
                train.summary(),
                validation.summary(),
                metrics);
        return new Outcome(
                bundle(backbone, heads, tuned.config(), audioDim, provenance), winners, honestWinners, tuned);
    }

    /** Whether both splits have audio; refuses an audio modality without it. */
    private boolean requireAudioForModality(FeatureStore store, AnnotatedSplit train, AnnotatedSplit validation) {
        Modality modality = options.modality();
        boolean audioAvailable = train.anyAudio() && validation.anyAudio();
        if (modality.usesAudio() && !audioAvailable) {
            throw new Fer4jException(
                    store.dir(),
                    "--modality " + modality.cliName() + " needs audio.npy in training"
                            + " and validation videos, but " + (train.anyAudio() ? "no validation" : "no training")
                            + " video has one; add audio with `fer4j extract --audio-only --audio-model FILE`, or use"
                            + " --modality visual");
        }
        return audioAvailable;
    }

    /** The heads to train: the primary visual head, the other visual loss unless primary-only, the audio head. */
    private List<HeadPlan> headPlans(boolean audioAvailable) {
        Modality modality = options.modality();
        List<HeadPlan> plans = new ArrayList<>();
        if (modality.usesVisual() || !options.primaryOnly()) {
            plans.add(new HeadPlan(visualName(options.primaryLoss()), options.primaryLoss(), false));
            if (!options.primaryOnly()) {
                HeadLoss other = options.primaryLoss() == HeadLoss.WEIGHTED_CE ? HeadLoss.FOCAL : HeadLoss.WEIGHTED_CE;
                plans.add(new HeadPlan(visualName(other), other, false));
            }
        }
        if (audioAvailable && (modality.usesAudio() || !options.primaryOnly())) {
            plans.add(new HeadPlan(TrainedHead.AUDIO_FOCAL, HeadLoss.FOCAL, true));
        }
        return plans;
    }

    /** Trains one head on the training split's labelled rows, validating each epoch on the validation split's. */
    private TrainingResult trainHead(
            HeadPlan plan, AnnotatedSplit train, AnnotatedSplit validation, Consumer<String> log) {
        StoreTrainingRows trainRows = plan.audio ? StoreTrainingRows.audio(train) : StoreTrainingRows.visual(train);
        StoreTrainingRows valRows =
                plan.audio ? StoreTrainingRows.audio(validation) : StoreTrainingRows.visual(validation);
        if (trainRows == null || trainRows.rowCount() == 0) {
            throw new Fer4jException(
                    options.annotations().resolve(ExprAnnotations.TRAIN_SET),
                    "no labelled "
                            + (plan.audio ? "audio" : "face") + " frame to train the " + plan.name + " head on (every"
                            + " frame is −1, beyond the annotation, or has no face); check the annotations and the store");
        }
        log.accept(String.format(
                "training %s on %d frames (D=%d), validating on %d",
                plan.name, trainRows.rowCount(), trainRows.dim(), valRows == null ? 0 : valRows.rowCount()));
        HeadTrainer trainer = new HeadTrainer(options.head().withLoss(plan.loss));
        TrainingResult r = trainer.train(
                trainRows,
                valRows == null || valRows.rowCount() == 0 ? null : valRows,
                e -> log.accept(String.format(
                        "  epoch %2d  loss %.4f  val macro-F1 %.4f  acc %.4f  (%.1f s)",
                        e.epoch(), e.trainLoss(), e.validationMacroF1(), e.validationAccuracy(), e.seconds())));
        long[] counts = r.trainClassCounts();
        for (int k = 0; k < counts.length; k++) {
            if (counts[k] == 0) {
                log.accept("  warning: class " + AbawClass.of(k).displayName() + " has no training frame for "
                        + plan.name + " (its loss weight is 0; logit adjustment starts it at log N_max)");
            }
        }
        return r;
    }

    /** The k folds of the honest estimates, or null (fewer validation videos than folds, or folds off). */
    private KFoldByVideo honestFolds(AnnotatedSplit validation, Consumer<String> log) {
        KFoldByVideo folds = options.folds() >= 2 && validation.videos().size() >= options.folds()
                ? new KFoldByVideo(options.folds(), options.head().seed())
                : null;
        if (options.folds() >= 2 && folds == null) {
            log.accept("honest k-fold estimates skipped: " + validation.videos().size() + " validation videos < "
                    + options.folds() + " folds");
        }
        return folds;
    }

    /**
     * One head's logit adjustment comparison on validation.
     *
     * @param head         the head with the chosen estimator's adjustment and every estimator's scores
     * @param winner       the estimator with the best validation macro-F1
     * @param honestWinner the estimator with the best honest k-fold macro-F1, or null without folds
     * @param scores       "none", each estimator, and "{estimator}.honest_kfold" with folds
     */
    private record AdjustmentChoice(TrainedHead head, String winner, String honestWinner, Map<String, Double> scores) {}

    /**
     * Fits every logit adjustment estimator of {@code provisional} (the unadjusted head) on validation and scores it
     * (argmax macro-F1; with {@code folds}, also refitted per fold on held-out folds); keeps the chosen estimator's.
     */
    private AdjustmentChoice chooseAdjustment(
            HeadPlan plan,
            TrainingResult result,
            TrainedHead provisional,
            List<CachedHeadLogits> valOutputs,
            KFoldByVideo folds,
            Consumer<String> log) {
        Map<String, Double> scores = new LinkedHashMap<>();
        LogitAdjustment chosen = null;
        String winner = null;
        double best = Double.NEGATIVE_INFINITY;
        String honestWinner = null;
        double bestHonest = Double.NEGATIVE_INFINITY;
        scores.put(
                "none",
                PipelineTuner.rowConfusion(provisional, null, valOutputs).macroF1());
        for (String est : LogitAdjustmentEstimators.names()) {
            LogitAdjustment a = PipelineTuner.fitAdjustment(provisional, est, valOutputs);
            if (a == null) {
                throw new Fer4jException(
                        options.annotations().resolve(ExprAnnotations.VALIDATION_SET),
                        "no labelled validation frame for the " + plan.name + " head; the logit adjustment is"
                                + " fitted on validation, so it needs labelled frames with features");
            }
            double f1 = PipelineTuner.rowConfusion(provisional, a.bias(), valOutputs)
                    .macroF1();
            scores.put(est, f1);
            if (f1 > best) {
                best = f1;
                winner = est;
            }
            if (est.equals(options.estimator())) {
                chosen = a;
            }
            if (folds != null) {
                double honest = honestAdjustmentScore(plan, result, a, est, valOutputs, folds);
                scores.put(est + ".honest_kfold", honest);
                if (honest > bestHonest) {
                    bestHonest = honest;
                    honestWinner = est;
                }
            }
        }
        log.accept(String.format(
                "logit adjustment for %s (validation macro-F1, argmax): none %.4f, paper %.4f,"
                        + " balanced-ce %.4f, prior %.4f -> best %s, using %s",
                plan.name,
                scores.get("none"),
                scores.get("paper"),
                scores.get("balanced-ce"),
                scores.get("prior"),
                winner,
                options.estimator()));
        if (honestWinner != null) {
            log.accept(String.format(
                    "  honest %d-fold (refitted per fold): paper %.4f, balanced-ce %.4f," + " prior %.4f -> best %s",
                    folds.folds(),
                    scores.get("paper.honest_kfold"),
                    scores.get("balanced-ce.honest_kfold"),
                    scores.get("prior.honest_kfold"),
                    honestWinner));
        }
        return new AdjustmentChoice(head(plan, result, chosen, scores), winner, honestWinner, scores);
    }

    /** The honest comparison of one estimator: refit on k−1 folds, argmax scored on the held-out fold. */
    private double honestAdjustmentScore(
            HeadPlan plan,
            TrainingResult result,
            LogitAdjustment fitted,
            String est,
            List<CachedHeadLogits> valOutputs,
            KFoldByVideo folds) {
        TrainedHead withEst = head(plan, result, fitted, Map.of());
        PipelineSpec.Builder only = PipelineSpec.named("logit adjustment " + est);
        PipelineSpec adjustedOnly = (plan.audio
                        ? only.adjustedAudioHead(plan.name)
                        : only.adjustedVisualHead(plan.name))
                .fixed(PostProcessingConfig.NONE)
                .build();
        return new PipelineTuner(Map.of(plan.name, withEst), options.grid(), options.threads(), folds)
                .runHonest(adjustedOnly, valOutputs)
                .macroF1();
    }

    /** The run's settings as the bundle records them (keys as in every bundle written so far). */
    private Map<String, String> hyperparameters(Map<String, String> winners, Map<String, String> honestWinners) {
        Map<String, String> hp = new LinkedHashMap<>();
        hp.put("modality", options.modality().cliName());
        hp.put("loss", BundleFiles.lossName(options.primaryLoss()));
        hp.put("epochs", Integer.toString(options.head().epochs()));
        hp.put("batch_size", Integer.toString(options.head().batchSize()));
        hp.put("learning_rate", Double.toString(options.head().learningRate()));
        hp.put("hidden_dim", Integer.toString(options.head().hiddenDim()));
        hp.put("focal_gamma", Double.toString(options.head().focalGamma()));
        hp.put("focal_class_weights", Boolean.toString(options.head().focalClassWeights()));
        hp.put("seed", Long.toString(options.head().seed()));
        hp.put("epoch_selection", options.head().selection().name().toLowerCase(java.util.Locale.ROOT));
        // bundle keys keep their first spelling ("gla" = the paper's name for logit adjustment): files stay readable
        hp.put("gla", options.estimator());
        for (Map.Entry<String, String> w : winners.entrySet()) {
            hp.put("gla_best_on_validation." + w.getKey(), w.getValue());
        }
        for (Map.Entry<String, String> w : honestWinners.entrySet()) {
            hp.put("gla_best_honest_kfold." + w.getKey(), w.getValue());
        }
        hp.put("grid_delta_frames", java.util.Arrays.toString(options.grid().deltaFrames()));
        hp.put("grid_p0", java.util.Arrays.toString(options.grid().p0Values()));
        hp.put("grid_w", java.util.Arrays.toString(options.grid().visualWeights()));
        hp.put("folds", Integer.toString(options.folds()));
        hp.put("frame_count_tolerance", Integer.toString(options.alignment().frameCountTolerance()));
        hp.put("blas", RowMajorGemm.implementationName());
        return hp;
    }

    /** The bundle of the trained heads with the tuned δ/p0/w. */
    private Bundle bundle(
            BackboneInfo backbone,
            Map<String, TrainedHead> heads,
            PostProcessingConfig tuned,
            int audioDim,
            Provenance provenance) {
        Modality modality = options.modality();
        String primary = modality.usesVisual() ? visualName(options.primaryLoss()) : null;
        // audio-only predictions take no visual weight: record w = 0 (the predictor does not use w then)
        PostProcessingConfig config =
                modality == Modality.AUDIO ? new PostProcessingConfig(tuned.deltaFrames(), tuned.p0(), 0.0) : tuned;
        return new Bundle(
                Bundle.FORMAT_VERSION,
                AbawClass.displayNames(),
                backbone,
                modality,
                primary,
                heads,
                config,
                heads.containsKey(TrainedHead.AUDIO_FOCAL) ? audioDim : 0,
                provenance);
    }

    /** The bundle's own pipeline for a modality: everything on (calibration, gate where visual, smoothing, fusion). */
    public static PipelineSpec bundleSpec(Modality modality, String visualHead) {
        return switch (modality) {
            case VISUAL ->
                PipelineSpec.named("bundle")
                        .adjustedVisualHead(visualHead)
                        .withGate()
                        .withSmoothing()
                        .build();
            case BOTH ->
                PipelineSpec.named("bundle")
                        .adjustedVisualHead(visualHead)
                        .adjustedAudioHead(TrainedHead.AUDIO_FOCAL)
                        .withGate()
                        .withSmoothing()
                        .withFusion()
                        .build();
            case AUDIO ->
                PipelineSpec.named("bundle")
                        .adjustedAudioHead(TrainedHead.AUDIO_FOCAL)
                        .withSmoothing()
                        .build();
        };
    }

    public static String visualName(HeadLoss loss) {
        return loss == HeadLoss.WEIGHTED_CE ? TrainedHead.VISUAL_WEIGHTED_CE : TrainedHead.VISUAL_FOCAL;
    }

    private record HeadPlan(String name, HeadLoss loss, boolean audio) {}

    private static TrainedHead head(HeadPlan plan, TrainingResult r, LogitAdjustment a, Map<String, Double> scores) {
        List<EpochRecord> epochs = r.history().epochs();
        return new TrainedHead(
                plan.name,
                plan.audio ? TrainedHead.INPUT_AUDIO : TrainedHead.INPUT_VISUAL,
                plan.loss,
                r.head(),
                a,
                scores,
                r.trainClassCounts(),
                r.classWeights(),
                epochs,
                r.history().selectedEpoch(),
                r.history().bestAccuracyEpoch());
    }

    /** The backbone of every used video; videos of different backbones or widths fail, naming one of each. */
    public static BackboneInfo backboneOf(FeatureStore store, AnnotatedSplit... splits) {
        StoredVideo first = null;
        for (AnnotatedSplit s : splits) {
            for (AnnotatedVideo v : s.videos()) {
                StoredVideo sv = v.video();
                if (first == null) {
                    first = sv;
                    continue;
                }
                if (!sv.meta().backbone().equals(first.meta().backbone())
                        || !sv.meta().backboneSha256().equals(first.meta().backboneSha256())
                        || sv.embeddingDim() != first.embeddingDim()
                        || sv.logitsDim() != first.logitsDim()) {
                    throw new Fer4jException(
                            store.dir(),
                            "videos " + first.id() + " (" + describe(first) + ") and "
                                    + sv.id() + " (" + describe(sv)
                                    + ") come from different backbones; a bundle is trained on"
                                    + " one backbone's features: re-extract the store with one backbone");
                }
            }
        }
        StoredVideo one = first;
        return new BackboneInfo(
                one.meta().backbone(),
                one.meta().backboneSha256(),
                one.embeddingDim(),
                one.logitsDim(),
                one.meta()
                        .classSpace()
                        .orElseGet(() ->
                                BackboneInfo.spaceForLogitsDim(one.logitsDim()).name()));
    }

    private static String describe(StoredVideo v) {
        return v.meta().backbone() + ", D=" + v.embeddingDim() + ", K=" + v.logitsDim();
    }

    public static int audioDimOf(FeatureStore store, AnnotatedSplit... splits) {
        StoredVideo first = null;
        for (AnnotatedSplit s : splits) {
            for (AnnotatedVideo v : s.videos()) {
                if (!v.video().hasAudio()) {
                    continue;
                }
                if (first == null) {
                    first = v.video();
                } else if (first.audioDim() != v.video().audioDim()) {
                    throw new Fer4jException(
                            store.dir(),
                            "videos " + first.id() + " and " + v.id()
                                    + " have audio rows of different widths (" + first.audioDim() + " vs "
                                    + v.video().audioDim() + "); extract all audio with one model");
                }
            }
        }
        return first == null ? 0 : first.audioDim();
    }
}
