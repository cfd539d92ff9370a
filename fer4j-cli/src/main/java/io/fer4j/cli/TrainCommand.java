package io.fer4j.cli;

import io.fer4j.bundle.Bundle;
import io.fer4j.bundle.BundleFiles;
import io.fer4j.bundle.Modality;
import io.fer4j.bundle.TrainedHead;
import io.fer4j.error.Fer4jException;
import io.fer4j.head.HeadTrainingConfig;
import io.fer4j.label.AbawClass;
import io.fer4j.store.OutputGuard;
import io.fer4j.training.BundleTrainer;
import io.fer4j.training.TrainingOptions;
import io.fer4j.va.VaLoss;
import io.fer4j.va.VaSource;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fer4j train}: heads on Train_Set, logit adjustment and δ/p0/w on Validation_Set, one bundle file. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Train the expression heads on <annotations>/Train_Set, fit the logit adjustment and tune"
                    + " δ/p0/w on <annotations>/Validation_Set, and write a self-describing bundle.",
            "Trains the weighted-CE and focal visual heads (--loss picks the one predictions use) and, when the"
                    + " store has audio.npy, the audio head (focal loss), so `fer4j evaluate --ablation` can"
                    + " score every row of the paper's ablation."
        })
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--store", required = true, paramLabel = "DIR", description = "Feature store (fer4j extract).")
    Path store;

    @Option(
            names = "--annotations",
            required = true,
            paramLabel = "DIR",
            description = "Folder holding Train_Set/ and Validation_Set/ (ABAW EXPR annotation files).")
    Path annotations;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "BUNDLE",
            description = "Bundle file to write; must not exist unless --force.")
    Path out;

    @Option(names = "--force", description = "Overwrite an existing --out bundle.")
    boolean force;

    @Option(
            names = "--task",
            defaultValue = "expr",
            paramLabel = "expr|va",
            description = "Which ABAW track to train (default: ${DEFAULT-VALUE}): expr (expression classes) or va"
                    + " (valence-arousal, --annotations with VA files).")
    String task;

    @Option(
            names = "--va-loss",
            defaultValue = "ccc",
            paramLabel = "ccc|mse",
            description =
                    "Loss of the VA head with --task va (default: ${DEFAULT-VALUE}: 1 - mean CCC per mini-batch).")
    String vaLoss;

    @Option(
            names = "--va-source",
            defaultValue = "head",
            paramLabel = "head|backbone",
            description = "With --task va: predict with a trained VA head (default) or with a multi-task backbone's"
                    + " own valence/arousal outputs (*_va_mtl stores), filled and smoothed.")
    String vaSource;

    @Option(
            names = "--loss",
            defaultValue = "weighted-ce",
            paramLabel = "weighted-ce|focal",
            description = "Loss of the visual head used for predictions (default: ${DEFAULT-VALUE}).")
    String loss;

    @Option(
            names = "--epochs",
            defaultValue = "10",
            paramLabel = "N",
            description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(
            names = "--seed",
            defaultValue = "0",
            paramLabel = "S",
            description = "Seed of weights, shuffling and folds (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--modality",
            defaultValue = "visual",
            paramLabel = "visual|audio|both",
            description = "What the bundle predicts from (default: ${DEFAULT-VALUE}); audio and both need audio.npy.")
    String modality;

    @Option(
            names = "--logit-adjustment",
            defaultValue = "paper",
            paramLabel = "paper|balanced-ce|prior",
            description = "Logit adjustment estimator stored in the bundle (default: ${DEFAULT-VALUE}); all three are"
                    + " compared on validation and the comparison recorded.")
    String logitAdjustment;

    /** The option's earlier spelling (the paper calls logit adjustment "GLA"), still accepted. */
    @Option(names = "--gla", hidden = true, paramLabel = "paper|balanced-ce|prior")
    String logitAdjustmentOldSpelling;

    @Option(
            names = "--batch-size",
            defaultValue = "256",
            paramLabel = "N",
            description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(
            names = "--learning-rate",
            defaultValue = "0.001",
            paramLabel = "LR",
            description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(
            names = "--primary-only",
            description =
                    "Train only the heads the bundle predicts with (faster; evaluate --ablation then has fewer rows).")
    boolean primaryOnly;

    @Mixin
    GridOptions gridOptions;

    @Mixin
    AlignmentOptions alignment;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        // checked before the first epoch: a refused --out must not cost a whole training run
        OutputGuard.overwriting(force)
                .readingTree("--store", store)
                .readingTree("--annotations", annotations)
                .requireFile("--out", out);
        OptionBounds.requireInt("--epochs", epochs, 1, 100_000, "");
        OptionBounds.requireInt("--batch-size", batchSize, 1, 1 << 20, "");
        OptionBounds.requireDouble("--learning-rate", learningRate, 1e-12, 10, "");
        gridOptions.validate();
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new Fer4jException(out, "the folder of --out does not exist; create " + parent + " first");
        }
        HeadTrainingConfig head = HeadTrainingConfig.defaults()
                .withEpochs(epochs)
                .withSeed(seed)
                .withBatchSize(batchSize)
                .withLearningRate(learningRate);
        TrainingOptions options = new TrainingOptions(
                store,
                annotations,
                BundleFiles.parseLoss(loss),
                Modality.parse(modality),
                head,
                estimator(),
                gridOptions.grid(),
                gridOptions.folds,
                gridOptions.threads(),
                alignment.policy(),
                primaryOnly);
        o.println("fer4j train: grid " + GridOptions.describe(options.grid()));
        o.flush();
        if (VaCommands.isVa(task)) {
            VaCommands.train(o, options, VaLoss.parse(vaLoss), VaSource.parse(vaSource), out);
            return 0;
        }
        BundleTrainer.Outcome outcome = new BundleTrainer(options).train(line -> {
            o.println(line);
            o.flush();
        });
        Bundle bundle = outcome.bundle();
        BundleFiles.write(out, bundle);
        printSummary(o, outcome);
        o.println("wrote " + out);
        o.flush();
        return 0;
    }

    static void printSummary(PrintWriter o, BundleTrainer.Outcome outcome) {
        Bundle b = outcome.bundle();
        o.println();
        o.println("summary");
        o.printf(
                "  backbone        %s (D=%d, %d logits)%n",
                b.backbone().name(), b.backbone().embeddingDim(), b.backbone().logitsDim());
        o.printf(
                "  modality        %s%s%n",
                b.modality().cliName(), b.primaryVisual() == null ? "" : ", visual head " + b.primaryVisual());
        for (TrainedHead h : b.heads().values()) {
            String honest = outcome.adjustmentHonestWinners().get(h.name());
            o.printf(
                    "  %-18s epoch %d kept (best val accuracy: epoch %d); GLA best on validation: %s%s%n",
                    h.name(),
                    h.selectedEpoch(),
                    h.bestAccuracyEpoch(),
                    outcome.adjustmentWinners().get(h.name()),
                    honest == null ? "" : ", honest k-fold: " + honest);
        }
        o.printf(
                "  δ/p0/w          %d / %s / %s (tuned on validation)%n",
                b.postProcessing().deltaFrames(),
                b.postProcessing().p0(),
                b.postProcessing().visualWeight());
        Map<String, Double> m = b.provenance().validationMetrics();
        o.printf(
                "  validation      macro-F1 %.4f, accuracy %.4f (tuned on the same split: optimistic)%n",
                m.get("tuned_macro_f1"), m.get("tuned_accuracy"));
        if (m.containsKey("honest_kfold_macro_f1")) {
            o.printf(
                    "  honest k-fold   macro-F1 %.4f, accuracy %.4f (%s folds by video)%n",
                    m.get("honest_kfold_macro_f1"),
                    m.get("honest_kfold_accuracy"),
                    b.provenance().hyperparameters().get("folds"));
        }
        long[] per = b.provenance().train().framesPerClass();
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < per.length; k++) {
            sb.append(k == 0 ? "" : ", ")
                    .append(AbawClass.of(k).displayName())
                    .append(' ')
                    .append(per[k]);
        }
        o.println("  train frames    " + sb);
    }

    /** {@code --logit-adjustment}, or its old spelling {@code --gla}; both at once only when they agree. */
    String estimator() {
        if (logitAdjustmentOldSpelling == null) {
            return logitAdjustment;
        }
        if (spec.commandLine().getParseResult().hasMatchedOption("--logit-adjustment")
                && !logitAdjustment.equals(logitAdjustmentOldSpelling)) {
            throw new IllegalArgumentException(
                    "--gla is the old spelling of --logit-adjustment; pass only" + " --logit-adjustment");
        }
        return logitAdjustmentOldSpelling;
    }
}
