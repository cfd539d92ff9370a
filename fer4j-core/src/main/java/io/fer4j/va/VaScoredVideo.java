package io.fer4j.va;

import io.fer4j.annotation.VaAnnotation;

/**
 * A video's sequences with its annotation, for tuning and scoring.
 *
 * @param truth     F×2 annotated valence, arousal (placeholders where not annotated)
 * @param annotated per frame (index frame−1): whether it counts
 */
public record VaScoredVideo(VaVideoOutputs outputs, double[] truth, boolean[] annotated) {
    public static VaScoredVideo of(VaVideoOutputs outputs, VaAnnotation annotation) {
        int f = annotation.frameCount();
        if (outputs.frameCount() != f) {
            throw new IllegalArgumentException(
                    outputs.id() + ": outputs of " + outputs.frameCount() + " frames for an annotation of " + f);
        }
        double[] truth = new double[f * 2];
        boolean[] annotated = new boolean[f];
        for (int i = 1; i <= f; i++) {
            truth[(i - 1) * 2] = annotation.valence(i);
            truth[(i - 1) * 2 + 1] = annotation.arousal(i);
            annotated[i - 1] = annotation.isAnnotated(i);
        }
        return new VaScoredVideo(outputs, truth, annotated);
    }

    public String id() {
        return outputs.id();
    }
}
