package io.fer4j.bundle;

import io.fer4j.head.EpochRecord;
import io.fer4j.head.HeadLoss;
import io.fer4j.head.MlpHead;
import io.fer4j.logitadjustment.LogitAdjustment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One trained head of a bundle with everything needed to apply and to audit it.
 *
 * @param name              key in the bundle ({@link #VISUAL_WEIGHTED_CE}, {@link #VISUAL_FOCAL}, {@link #AUDIO_FOCAL})
 * @param input             {@code visual} (embeddings.npy rows) or {@code audio} (audio.npy rows)
 * @param loss              training loss
 * @param head              the MLP
 * @param adjustment        logit adjustment a (CONTRACTS §6) fitted on the validation split
 * @param estimatorScores   validation macro-F1 (argmax, no smoothing or gate) of each estimator tried, plus
 *                          {@code none}; insertion order
 * @param trainClassCounts  N_k, training frames per ABAW class
 * @param classWeights      loss weights used
 * @param epochs            per-epoch training loss and validation metrics
 * @param selectedEpoch     1-based epoch kept (best validation macro-F1)
 * @param bestAccuracyEpoch 1-based epoch with the best validation accuracy (what the reference kept), for the record
 */
public record TrainedHead(
        String name,
        String input,
        HeadLoss loss,
        MlpHead head,
        LogitAdjustment adjustment,
        Map<String, Double> estimatorScores,
        long[] trainClassCounts,
        float[] classWeights,
        List<EpochRecord> epochs,
        int selectedEpoch,
        int bestAccuracyEpoch) {
    public static final String VISUAL_WEIGHTED_CE = "visual-weighted-ce";
    public static final String VISUAL_FOCAL = "visual-focal";
    public static final String AUDIO_FOCAL = "audio-focal";
    public static final String INPUT_VISUAL = "visual";
    public static final String INPUT_AUDIO = "audio";

    public TrainedHead {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(head, "head");
        Objects.requireNonNull(adjustment, "adjustment");
        if (!INPUT_VISUAL.equals(input) && !INPUT_AUDIO.equals(input)) {
            throw new IllegalArgumentException("head input must be 'visual' or 'audio', got " + input);
        }
        if (adjustment.classCount() != head.classCount()) {
            throw new IllegalArgumentException(
                    "adjustment has " + adjustment.classCount() + " classes, head " + head.classCount());
        }
        estimatorScores = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(estimatorScores));
        trainClassCounts = trainClassCounts.clone();
        classWeights = classWeights.clone();
        epochs = List.copyOf(epochs);
    }

    public boolean isAudio() {
        return INPUT_AUDIO.equals(input);
    }

    @Override
    public long[] trainClassCounts() {
        return trainClassCounts.clone();
    }

    @Override
    public float[] classWeights() {
        return classWeights.clone();
    }

    /** Training class frequencies (the head's prior), 8 values summing to 1; uniform when no counts. */
    public float[] priorProbabilities() {
        long total = 0;
        for (long n : trainClassCounts) {
            total += n;
        }
        float[] p = new float[trainClassCounts.length];
        for (int k = 0; k < p.length; k++) {
            p[k] = total == 0 ? 1f / p.length : (float) ((double) trainClassCounts[k] / total);
        }
        return p;
    }
}
