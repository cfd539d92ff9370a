package io.fer4j.prediction;

/**
 * Valence and arousal of one video summarised over its frames that have them: the mean and the spread (population
 * standard deviation, as {@link io.fer4j.va.VaPredictor.Prediction#standardDeviation}), in double.
 *
 * @param frameCount frames with valence/arousal (every frame once the video has a face)
 */
public record ValenceArousalSummary(
        int frameCount, double meanValence, double meanArousal, double spreadValence, double spreadArousal) {
    /** The summary of {@code frames}' finite values, or null when none has them. */
    static ValenceArousalSummary of(java.util.List<FramePrediction> frames) {
        int n = 0;
        double sv = 0;
        double sa = 0;
        for (FramePrediction f : frames) {
            if (!Float.isNaN(f.valence()) && !Float.isNaN(f.arousal())) {
                sv += f.valence();
                sa += f.arousal();
                n++;
            }
        }
        if (n == 0) {
            return null;
        }
        double mv = sv / n;
        double ma = sa / n;
        double dv = 0;
        double da = 0;
        for (FramePrediction f : frames) {
            if (!Float.isNaN(f.valence()) && !Float.isNaN(f.arousal())) {
                dv += (f.valence() - mv) * (f.valence() - mv);
                da += (f.arousal() - ma) * (f.arousal() - ma);
            }
        }
        return new ValenceArousalSummary(n, mv, ma, Math.sqrt(dv / n), Math.sqrt(da / n));
    }
}
