package io.fer4j.tuning;

import java.util.Arrays;

/**
 * The values tried for δ, p0 and w. Stored sorted ascending and de-duplicated.
 *
 * <p>Defaults: δ ∈ {0, 5, …, 100} (21 values; 100 frames ≈ 3.3 s each side at 30 fps, twice the paper's 50);
 * p0 ∈ {0.55, 0.60, …, 1.00} (10 values): it brackets the paper's 0.8–0.9, goes down to 0.55 because a calibrated
 * head and the pretrained backbone disagree differently per backbone, stays above 0.5 (below that, two classes
 * can tie at the top and the gate would override the head almost everywhere), and ends at 1.0, which switches the
 * gate off, so "no gate" is one of the candidates; w ∈ {0, 0.1, …, 1.0} (11 values), collapsed to {1} when no video
 * has audio.
 *
 * @param deltaFrames   δ values, each ≥ 0
 * @param p0Values      gate thresholds (≥ 1 = off)
 * @param visualWeights w values in [0, 1]
 */
public record PostProcessingGrid(int[] deltaFrames, double[] p0Values, double[] visualWeights) {

    public PostProcessingGrid {
        deltaFrames = Arrays.stream(deltaFrames).sorted().distinct().toArray();
        p0Values = Arrays.stream(p0Values).sorted().distinct().toArray();
        visualWeights = Arrays.stream(visualWeights).sorted().distinct().toArray();
        if (deltaFrames.length == 0 || p0Values.length == 0 || visualWeights.length == 0) {
            throw new IllegalArgumentException("every grid axis needs at least one value");
        }
        if (deltaFrames[0] < 0) {
            throw new IllegalArgumentException("δ values must be ≥ 0, got " + deltaFrames[0]);
        }
        for (double p0 : p0Values) {
            if (Double.isNaN(p0)) {
                throw new IllegalArgumentException("p0 values must be numbers");
            }
        }
        if (!(visualWeights[0] >= 0.0 && visualWeights[visualWeights.length - 1] <= 1.0)) {
            throw new IllegalArgumentException("w values must be in [0, 1]");
        }
    }

    /** 21 × 10 × 11 = 2,310 configurations (see the class comment). */
    public static PostProcessingGrid defaults() {
        int[] deltas = new int[21];
        for (int i = 0; i < deltas.length; i++) {
            deltas[i] = 5 * i;
        }
        double[] p0 = new double[10];
        for (int i = 0; i < p0.length; i++) {
            p0[i] = (55 + 5 * i) / 100.0;
        }
        double[] w = new double[11];
        for (int i = 0; i < w.length; i++) {
            w[i] = i / 10.0;
        }
        return new PostProcessingGrid(deltas, p0, w);
    }

    public int size() {
        return deltaFrames.length * p0Values.length * visualWeights.length;
    }

    @Override
    public int[] deltaFrames() {
        return deltaFrames.clone();
    }

    @Override
    public double[] p0Values() {
        return p0Values.clone();
    }

    @Override
    public double[] visualWeights() {
        return visualWeights.clone();
    }

    /** The same δ and p0 values with w fixed at 1 (for data without audio). */
    public PostProcessingGrid visualOnly() {
        return new PostProcessingGrid(deltaFrames, p0Values, new double[] {1.0});
    }
}
