package io.fer4j.va;

import io.fer4j.head.HeadLosses;
import io.fer4j.head.HeadTrainingConfig;
import io.fer4j.head.MlpHead;
import io.fer4j.head.MlpTrainingLoop;
import io.fer4j.metrics.Concordance;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Trains a valence-arousal head: the expression head's MLP {@code Linear(D, 128) → ReLU → Linear(128, 2)} with two
 * linear outputs, the same Adam loop ({@link MlpTrainingLoop}: lr, batch, epochs, seed of {@code config}), loss
 * {@code 1 − mean CCC} per mini-batch ({@link HeadLosses#concordance}) or MSE; the epoch kept is the one with the
 * best validation mean CCC over frame rows (the first on ties). {@code config.loss()} and its class-weight settings
 * do not apply.
 */
public final class VaHeadTrainer {
    private static final int VALIDATION_BATCH = 4096;

    private final HeadTrainingConfig config;
    private final VaLoss loss;

    public VaHeadTrainer(HeadTrainingConfig config, VaLoss loss) {
        this.config = Objects.requireNonNull(config);
        this.loss = Objects.requireNonNull(loss);
    }

    /**
     * A trained head with its per-epoch history.
     *
     * @param selectedEpoch 1-based epoch of {@code head}
     */
    public record Result(MlpHead head, java.util.List<VaEpochRecord> epochs, int selectedEpoch, VaLoss loss) {
        public Result {
            epochs = java.util.List.copyOf(epochs);
        }
    }

    /** Trains on {@code train}, keeps the epoch with the best mean CCC on {@code validation} (null: the last). */
    public Result train(VaTrainingRows train, VaTrainingRows validation, Consumer<VaEpochRecord> onEpoch) {
        if (validation != null && validation.dim() != train.dim()) {
            throw new IllegalArgumentException(
                    "validation rows have dimension " + validation.dim() + " but training rows " + train.dim());
        }
        if (train.rowCount() == 0) {
            throw new IllegalArgumentException("no annotated training rows");
        }
        int[] order = new int[train.rowCount()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        int k = VaTrainingRows.OUTPUTS;
        float[] targets = new float[config.batchSize() * k];
        MlpTrainingLoop.Run<VaEpochRecord> run = MlpTrainingLoop.train(
                config,
                train,
                order,
                new MlpTrainingLoop.Objective<>() {
                    @Override
                    public int outputs() {
                        return k;
                    }

                    @Override
                    public double lossAndGradient(float[] outputs, int[] rowIds, int rows, float[] gradient) {
                        for (int i = 0; i < rows; i++) {
                            targets[i * k] = train.target(rowIds[i], 0);
                            targets[i * k + 1] = train.target(rowIds[i], 1);
                        }
                        return loss == VaLoss.CCC
                                ? HeadLosses.concordance(outputs, targets, rows, k, gradient)
                                : HeadLosses.meanSquared(outputs, targets, rows, k, gradient);
                    }

                    @Override
                    public VaEpochRecord record(int epoch, double meanTrainLoss, double seconds, MlpHead head) {
                        if (validation == null) {
                            return new VaEpochRecord(epoch, meanTrainLoss, Double.NaN, Double.NaN, seconds);
                        }
                        Concordance[] c = evaluate(head, validation);
                        return new VaEpochRecord(epoch, meanTrainLoss, c[0].ccc(), c[1].ccc(), seconds);
                    }

                    @Override
                    public double selectionScore(VaEpochRecord r) {
                        return r.validationCccMean();
                    }
                },
                onEpoch);
        return new Result(run.head(), run.epochs(), run.selectedEpoch(), loss);
    }

    /** Valence and arousal concordance of the head's outputs with the targets, per row (no fill, no smoothing). */
    public static Concordance[] evaluate(MlpHead head, VaTrainingRows rows) {
        Concordance[] c = {Concordance.EMPTY, Concordance.EMPTY};
        float[] targets = rows.targets();
        double[] truth = new double[targets.length];
        for (int i = 0; i < truth.length; i++) {
            truth[i] = targets[i];
        }
        MlpTrainingLoop.predictAll(head, rows, VALIDATION_BATCH, (from, count, z) -> {
            for (int k = 0; k < 2; k++) {
                c[k] = c[k].plus(Concordance.of(z, k, 2, truth, from * 2 + k, 2, count, null));
            }
        });
        return c;
    }
}
