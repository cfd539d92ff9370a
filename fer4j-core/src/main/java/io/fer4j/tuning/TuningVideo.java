package io.fer4j.tuning;

import io.fer4j.label.AbawClass;
import io.fer4j.postprocess.VideoInputs;

/**
 * One labelled validation video for tuning: its post-processing inputs and its annotation.
 *
 * @param id         video id (CONTRACTS §2), unique within a tuning set; k-fold splits by it
 * @param trueLabels ABAW label per frame 1..F (index frame−1), −1 = ignored; length must equal
 *                   {@code inputs.frameCount()}
 * @param inputs     head / pretrained / audio probabilities
 */
public record TuningVideo(String id, int[] trueLabels, VideoInputs inputs) {
    public TuningVideo {
        java.util.Objects.requireNonNull(id, "id");
        trueLabels = trueLabels.clone();
        if (trueLabels.length != inputs.frameCount()) {
            throw new IllegalArgumentException("video " + id + ": " + trueLabels.length + " labels for "
                    + inputs.frameCount() + " frames; the annotation's line count defines F (docs/CONTRACTS.md §2)");
        }
        for (int i = 0; i < trueLabels.length; i++) {
            int t = trueLabels[i];
            if (t < AbawClass.IGNORED || t >= AbawClass.COUNT) {
                throw new IllegalArgumentException(
                        "video " + id + ", frame " + (i + 1) + ": label " + t + " is outside −1..7");
            }
        }
    }

    @Override
    public int[] trueLabels() {
        return trueLabels.clone();
    }

    /** Label of 1-based frame {@code frameIndex} without copying the array. */
    public int trueLabel(int frameIndex) {
        return trueLabels[frameIndex - 1];
    }
}
