package io.fer4j.head;

/**
 * One training epoch: mean training loss over its mini-batches and validation metrics of the weights at its end
 * (NaN when training ran without a validation split).
 *
 * @param epoch 1-based
 */
public record EpochRecord(
        int epoch, double trainLoss, double validationMacroF1, double validationAccuracy, double seconds) {}
