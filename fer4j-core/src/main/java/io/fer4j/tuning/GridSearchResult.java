package io.fer4j.tuning;

import io.fer4j.metrics.ConfusionMatrix;
import io.fer4j.postprocess.PostProcessingConfig;
import java.util.List;

/**
 * Outcome of {@link GridSearch#search}: the best configuration with its pooled confusion, and every cell tried
 * (ordered by δ, then p0, then w, ascending) for reports.
 *
 * @param best          the chosen configuration (ties: smaller δ, then larger p0, then larger w)
 * @param bestConfusion confusion pooled over all frames of all videos for {@code best}
 * @param table         all cells
 * @param videoCount    videos searched over
 * @param frameCount    labelled frames (label ≠ −1) scored
 */
public record GridSearchResult(
        PostProcessingConfig best,
        ConfusionMatrix bestConfusion,
        List<GridCell> table,
        int videoCount,
        long frameCount) {
    public GridSearchResult {
        table = List.copyOf(table);
    }

    public double macroF1() {
        return bestConfusion.macroF1();
    }

    public double accuracy() {
        return bestConfusion.accuracy();
    }
}
