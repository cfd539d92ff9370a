package io.fer4j.head;

import io.fer4j.label.AbawClass;
import io.fer4j.metrics.ConfusionMatrix;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Trains the expression {@link MlpHead} of CONTRACTS §5 with the mini-batch Adam loop of {@link MlpTrainingLoop}
 * (class-weighted cross-entropy or focal loss; epoch kept by validation macro-F1 or accuracy). All dense products go
 * through BLAS {@code sgemm} ({@link RowMajorGemm}); the arithmetic is sequential, so a seed gives the same weights
 * bit for bit on one machine and BLAS build. Rows labelled −1 are skipped.
 */
public final class HeadTrainer {
    private static final int VALIDATION_BATCH = 4096;

    private final HeadTrainingConfig config;
    private final int classCount;

    public HeadTrainer(HeadTrainingConfig config) {
        this(config, AbawClass.COUNT);
    }

    public HeadTrainer(HeadTrainingConfig config, int classCount) {
        this.config = Objects.requireNonNull(config);
        if (classCount < 2) {
            throw new IllegalArgumentException("need at least 2 classes, got " + classCount);
        }
        this.classCount = classCount;
    }

    public HeadTrainingConfig config() {
        return config;
    }

    /** Trains on {@code train}, selects the epoch on {@code validation} (null: keep the last epoch). */
    public TrainingResult train(TrainingRows train, TrainingRows validation) {
        return train(train, validation, e -> {});
    }

    /** As {@link #train(TrainingRows, TrainingRows)}, reporting each finished epoch to {@code onEpoch}. */
    public TrainingResult train(TrainingRows train, TrainingRows validation, Consumer<EpochRecord> onEpoch) {
        long[] counts = checkedClassCounts(train, validation);
        int[] order = labelledRows(train);
        if (order.length == 0) {
            throw new IllegalArgumentException(
                    "no labelled training rows (all " + train.rowCount() + " rows are labelled -1)");
        }
        float[] weights = lossClassWeights(counts);
        double gamma = config.loss() == HeadLoss.FOCAL ? config.focalGamma() : 0.0;
        int[] labels = new int[config.batchSize()];
        MlpTrainingLoop.Run<EpochRecord> run = MlpTrainingLoop.train(
                config,
                train,
                order,
                new MlpTrainingLoop.Objective<>() {
                    @Override
                    public int outputs() {
                        return classCount;
                    }

                    @Override
                    public double lossAndGradient(float[] logits, int[] rowIds, int rows, float[] gradient) {
                        for (int i = 0; i < rows; i++) {
                            labels[i] = train.label(rowIds[i]);
                        }
                        return HeadLosses.focal(logits, labels, rows, classCount, weights, gamma, gradient);
                    }

                    @Override
                    public EpochRecord record(int epoch, double meanTrainLoss, double seconds, MlpHead head) {
                        if (validation == null) {
                            return new EpochRecord(epoch, meanTrainLoss, Double.NaN, Double.NaN, seconds);
                        }
                        ConfusionMatrix cm = evaluate(head, validation);
                        return new EpochRecord(epoch, meanTrainLoss, cm.macroF1(), cm.accuracy(), seconds);
                    }

                    @Override
                    public double selectionScore(EpochRecord r) {
                        return config.selection() == EpochSelection.MACRO_F1
                                ? r.validationMacroF1()
                                : r.validationAccuracy();
                    }
                },
                onEpoch);
        return new TrainingResult(
                run.head(),
                new TrainingHistory(run.epochs(), run.selectedEpoch(), config.selection()),
                counts,
                weights,
                config);
    }

    /** Class counts of {@code train}; rejects a validation set of another width or with labels outside -1..K-1. */
    private long[] checkedClassCounts(TrainingRows train, TrainingRows validation) {
        int dim = train.dim();
        if (validation != null && validation.dim() != dim) {
            throw new IllegalArgumentException(
                    "validation rows have dimension " + validation.dim() + " but training rows " + dim);
        }
        long[] counts = ClassWeights.count(train, classCount);
        if (validation != null) {
            ClassWeights.count(validation, classCount); // rejects labels outside -1..K-1 before any work
        }
        return counts;
    }

    /** The per-class weights of the loss: inverse frequency, or ones for focal loss without class weights. */
    private float[] lossClassWeights(long[] counts) {
        return switch (config.loss()) {
            case WEIGHTED_CE -> ClassWeights.inverseFrequency(counts);
            case FOCAL -> config.focalClassWeights() ? ClassWeights.inverseFrequency(counts) : ones(classCount);
        };
    }

    /** Confusion matrix of the head's argmax predictions on {@code rows} (labels −1 skipped). */
    public static ConfusionMatrix evaluate(MlpHead head, TrainingRows rows) {
        int k = head.classCount();
        long[][] counts = new long[k][k];
        MlpTrainingLoop.predictAll(head, rows, VALIDATION_BATCH, (from, count, z) -> {
            for (int i = 0; i < count; i++) {
                int label = rows.label(from + i);
                if (label != AbawClass.IGNORED) {
                    counts[label][Softmax.argmaxRow(z, i, k)]++;
                }
            }
        });
        return ConfusionMatrix.of(counts);
    }

    private static int[] labelledRows(TrainingRows rows) {
        int n = 0;
        for (int r = 0; r < rows.rowCount(); r++) {
            if (rows.label(r) != AbawClass.IGNORED) {
                n++;
            }
        }
        int[] ids = new int[n];
        int i = 0;
        for (int r = 0; r < rows.rowCount(); r++) {
            if (rows.label(r) != AbawClass.IGNORED) {
                ids[i++] = r;
            }
        }
        return ids;
    }

    private static float[] ones(int n) {
        float[] w = new float[n];
        java.util.Arrays.fill(w, 1f);
        return w;
    }
}
