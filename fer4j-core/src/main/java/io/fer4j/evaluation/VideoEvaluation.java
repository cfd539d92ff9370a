package io.fer4j.evaluation;

import io.fer4j.postprocess.VideoPrediction;

/**
 * One evaluated video: its annotation and the bundle's prediction (labels, probabilities, gate/fill flags), for
 * reports.
 *
 * @param id         video id
 * @param trueLabels labels of frames 1..F (−1 = ignored)
 * @param prediction the bundle's output for frames 1..F
 */
public record VideoEvaluation(String id, int[] trueLabels, VideoPrediction prediction) {
    public VideoEvaluation {
        trueLabels = trueLabels.clone();
    }

    @Override
    public int[] trueLabels() {
        return trueLabels.clone();
    }
}
