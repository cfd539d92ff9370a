package io.fer4j.va;

/**
 * One epoch of VA head training: mean training loss and the validation CCC of the epoch's weights per frame row
 * (before fill and smoothing; NaN without a validation split).
 */
public record VaEpochRecord(
        int epoch, double trainLoss, double validationCccValence, double validationCccArousal, double seconds) {
    /** The selection score: mean of the two CCCs. */
    public double validationCccMean() {
        return (validationCccValence + validationCccArousal) / 2;
    }
}
