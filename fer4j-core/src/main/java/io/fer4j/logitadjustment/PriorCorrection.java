package io.fer4j.logitadjustment;

/**
 * Prior correction (CONTRACTS §6): {@code a_k = −log(mean_n p_nk)}, the mean of the head's softmax probability of class
 * k over the labelled rows (label −1 rows take no part; the labels' values are not used otherwise). Computed as a
 * log-sum-exp of log-probabilities, so a tiny mean probability stays finite.
 */
public final class PriorCorrection implements LogitAdjustmentEstimator {
    @Override
    public String name() {
        return LogitAdjustmentEstimators.PRIOR;
    }

    @Override
    public LogitAdjustment fit(float[] headLogits, int[] labels, long[] trainClassCounts) {
        int classes = trainClassCounts.length;
        LogitAdjustmentEstimators.Labelled data = LogitAdjustmentEstimators.labelled(headLogits, labels, classes);
        int n = data.rows();
        if (n == 0) {
            throw new IllegalArgumentException("no labelled frames to estimate the prior on");
        }
        float[] logProbs = data.logProbs();
        float[] a = new float[classes];
        for (int k = 0; k < classes; k++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int r = 0; r < n; r++) {
                max = Math.max(max, logProbs[r * classes + k]);
            }
            double sum = 0;
            for (int r = 0; r < n; r++) {
                sum += Math.exp(logProbs[r * classes + k] - max);
            }
            double logMean = max + Math.log(sum) - Math.log(n);
            a[k] = (float) -logMean;
        }
        return new LogitAdjustment(a, name());
    }
}
