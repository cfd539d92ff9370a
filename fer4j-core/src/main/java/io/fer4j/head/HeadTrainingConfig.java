package io.fer4j.head;

import java.util.Objects;

/**
 * Hyperparameters of head training (CONTRACTS §5). {@link #defaults()} is the paper's setting: weighted CE, Adam
 * lr 1e-3 (β 0.9/0.999, ε 1e-8 as PyTorch), batch 256, 10 epochs, hidden width 128, seed 0, epoch kept by
 * validation macro-F1.
 *
 * @param focalGamma        γ of the focal loss (ignored for weighted CE)
 * @param focalClassWeights whether the focal loss also uses the weights {@code N_max / N_k}
 */
public record HeadTrainingConfig(
        HeadLoss loss,
        double focalGamma,
        boolean focalClassWeights,
        int hiddenDim,
        int epochs,
        int batchSize,
        double learningRate,
        double beta1,
        double beta2,
        double epsilon,
        long seed,
        EpochSelection selection) {
    public HeadTrainingConfig {
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(selection, "selection");
        if (!(focalGamma >= 0)) {
            throw new IllegalArgumentException("focal gamma must be >= 0, got " + focalGamma);
        }
        if (hiddenDim <= 0 || epochs <= 0 || batchSize <= 0) {
            throw new IllegalArgumentException("the hidden width, the epochs (--epochs) and the batch size"
                    + " (--batch-size) must be positive, got " + hiddenDim + ", " + epochs + ", " + batchSize);
        }
        if (!(learningRate > 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(epsilon >= 0)) {
            throw new IllegalArgumentException(
                    "invalid Adam settings: lr=" + learningRate + " betas=" + beta1 + "/" + beta2 + " eps=" + epsilon);
        }
    }

    public static HeadTrainingConfig defaults() {
        return new HeadTrainingConfig(
                HeadLoss.WEIGHTED_CE,
                2.0,
                false,
                MlpHead.HIDDEN,
                10,
                256,
                1e-3,
                0.9,
                0.999,
                1e-8,
                0L,
                EpochSelection.MACRO_F1);
    }

    public HeadTrainingConfig withLoss(HeadLoss newLoss) {
        return new HeadTrainingConfig(
                newLoss,
                focalGamma,
                focalClassWeights,
                hiddenDim,
                epochs,
                batchSize,
                learningRate,
                beta1,
                beta2,
                epsilon,
                seed,
                selection);
    }

    public HeadTrainingConfig withFocalClassWeights(boolean use) {
        return new HeadTrainingConfig(
                loss,
                focalGamma,
                use,
                hiddenDim,
                epochs,
                batchSize,
                learningRate,
                beta1,
                beta2,
                epsilon,
                seed,
                selection);
    }

    public HeadTrainingConfig withEpochs(int newEpochs) {
        return new HeadTrainingConfig(
                loss,
                focalGamma,
                focalClassWeights,
                hiddenDim,
                newEpochs,
                batchSize,
                learningRate,
                beta1,
                beta2,
                epsilon,
                seed,
                selection);
    }

    public HeadTrainingConfig withSeed(long newSeed) {
        return new HeadTrainingConfig(
                loss,
                focalGamma,
                focalClassWeights,
                hiddenDim,
                epochs,
                batchSize,
                learningRate,
                beta1,
                beta2,
                epsilon,
                newSeed,
                selection);
    }

    public HeadTrainingConfig withSelection(EpochSelection newSelection) {
        return new HeadTrainingConfig(
                loss,
                focalGamma,
                focalClassWeights,
                hiddenDim,
                epochs,
                batchSize,
                learningRate,
                beta1,
                beta2,
                epsilon,
                seed,
                newSelection);
    }

    public HeadTrainingConfig withBatchSize(int newBatchSize) {
        return new HeadTrainingConfig(
                loss,
                focalGamma,
                focalClassWeights,
                hiddenDim,
                epochs,
                newBatchSize,
                learningRate,
                beta1,
                beta2,
                epsilon,
                seed,
                selection);
    }

    public HeadTrainingConfig withLearningRate(double newLearningRate) {
        return new HeadTrainingConfig(
                loss,
                focalGamma,
                focalClassWeights,
                hiddenDim,
                epochs,
                batchSize,
                newLearningRate,
                beta1,
                beta2,
                epsilon,
                seed,
                selection);
    }
}
