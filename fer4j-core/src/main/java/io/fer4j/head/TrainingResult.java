package io.fer4j.head;

/**
 * A trained head with its history and the training-split statistics it was trained with.
 *
 * @param trainClassCounts N_k, frames per ABAW class in training (labels −1 excluded); also the start of the
 *                         paper's logit adjustment
 * @param classWeights     the loss weights used (all 1 for unweighted focal loss)
 */
public record TrainingResult(
        MlpHead head,
        TrainingHistory history,
        long[] trainClassCounts,
        float[] classWeights,
        HeadTrainingConfig config) {
    public TrainingResult {
        trainClassCounts = trainClassCounts.clone();
        classWeights = classWeights.clone();
    }

    @Override
    public long[] trainClassCounts() {
        return trainClassCounts.clone();
    }

    @Override
    public float[] classWeights() {
        return classWeights.clone();
    }
}
