package io.fer4j.cli;

import io.fer4j.tuning.GridSearch;
import io.fer4j.tuning.PostProcessingGrid;
import java.util.Arrays;
import picocli.CommandLine.Option;

/** δ/p0/w grid and tuning options shared by {@code train} and {@code evaluate}. */
final class GridOptions {
    @Option(
            names = "--deltas",
            split = ",",
            paramLabel = "FRAMES",
            description = "Smoothing half-widths δ to try (default 0,5,...,100).")
    int[] deltas;

    @Option(
            names = "--p0s",
            split = ",",
            paramLabel = "P0",
            description = "Gate thresholds p0 to try; 1 = gate off (default 0.55,0.60,...,1.00).")
    double[] p0s;

    @Option(
            names = "--weights",
            split = ",",
            paramLabel = "W",
            description = "Fusion weights w of the visual head to try (default 0,0.1,...,1; only with audio).")
    double[] weights;

    @Option(
            names = "--folds",
            defaultValue = "5",
            paramLabel = "K",
            description = "k of the honest k-fold-by-video estimate; 0 = skip (default: ${DEFAULT-VALUE}).")
    int folds;

    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "Worker threads for the grid search (default: cores, at most 8).")
    Integer threads;

    /** Range checks of the grid options, before any work (see {@link OptionBounds}). */
    void validate() {
        for (int d : deltas == null ? new int[0] : deltas) {
            OptionBounds.requireInt("--deltas", d, 0, OptionBounds.MAX_DELTA_FRAMES, "frames");
        }
        for (double p : p0s == null ? new double[0] : p0s) {
            OptionBounds.requireDouble("--p0s", p, 0, 1e6, "");
        }
        for (double w : weights == null ? new double[0] : weights) {
            OptionBounds.requireDouble("--weights", w, 0, 1, "");
        }
        OptionBounds.requireInt("--folds", folds, 0, 1000, "");
        if (threads != null) {
            OptionBounds.requireInt("--threads", threads, 1, OptionBounds.MAX_THREADS, "");
        }
    }

    PostProcessingGrid grid() {
        PostProcessingGrid d = PostProcessingGrid.defaults();
        return new PostProcessingGrid(
                deltas == null ? d.deltaFrames() : deltas,
                p0s == null ? d.p0Values() : p0s,
                weights == null ? d.visualWeights() : weights);
    }

    int threads() {
        return threads == null ? GridSearch.defaultThreads() : threads;
    }

    static String describe(PostProcessingGrid g) {
        return g.deltaFrames().length + " δ × " + g.p0Values().length + " p0 × " + g.visualWeights().length + " w"
                + " (δ " + Arrays.toString(g.deltaFrames()) + ")";
    }
}
