package io.fer4j.logitadjustment;

/**
 * Fits a {@link LogitAdjustment} on a labelled split that is not the training split (CONTRACTS §6). Implementations are
 * stateless and thread-safe; {@link LogitAdjustmentEstimators#byName} selects one.
 */
public interface LogitAdjustmentEstimator {
    /** Name used on the command line and in bundles. */
    String name();

    /**
     * @param headLogits       head logits, row-major {@code n × K}
     * @param labels           n labels in 0..K-1, or −1 for a frame that is ignored (it takes no part in the fit)
     * @param trainClassCounts N_k, training frames per class (used by {@code paper}'s start)
     */
    LogitAdjustment fit(float[] headLogits, int[] labels, long[] trainClassCounts);
}
