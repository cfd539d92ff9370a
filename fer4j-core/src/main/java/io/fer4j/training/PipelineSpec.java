package io.fer4j.training;

import io.fer4j.postprocess.PostProcessingConfig;
import io.fer4j.tuning.PostProcessingGrid;

import java.util.Objects;

/**
 * Which parts of the method a prediction uses (a row of the paper's ablation, DESIGN §11, or a bundle's own
 * configuration): which heads, whether each is calibrated (logit adjustment), and which of gate, smoothing and
 * fusion are on. Parts that are off are pinned (δ = 0, p0 = 1 = gate off, w = 1); parts that are on are tuned over
 * the grid.
 *
 * @param name             row label
 * @param visualHead       visual head name, or null (audio only)
 * @param calibrateVisual  apply the visual head's logit adjustment
 * @param audioHead        audio head name, or null
 * @param calibrateAudio   apply the audio head's logit adjustment
 * @param gate             confidence gate on (p0 tuned)
 * @param smoothing        temporal smoothing on (δ tuned)
 * @param fusion           late fusion on (w tuned); needs both heads
 * @param fixed            a fixed configuration instead of tuning (e.g. the backbone-only row), or null
 */
public record PipelineSpec(String name, String visualHead, boolean calibrateVisual, String audioHead,
                           boolean calibrateAudio, boolean gate, boolean smoothing, boolean fusion,
                           PostProcessingConfig fixed) {
    public PipelineSpec {
        Objects.requireNonNull(name, "name");
        if (visualHead == null && audioHead == null) {
            throw new IllegalArgumentException(name + ": needs a visual or an audio head");
        }
        if (fusion && (visualHead == null || audioHead == null)) {
            throw new IllegalArgumentException(name + ": fusion needs a visual and an audio head");
        }
        if (visualHead == null && gate) {
            throw new IllegalArgumentException(name + ": the gate needs the visual backbone's probabilities");
        }
    }

    /** The grid restricted to the parts that are on. */
    public PostProcessingGrid restrict(PostProcessingGrid grid) {
        if (fixed != null) {
            return new PostProcessingGrid(new int[] {fixed.deltaFrames()}, new double[] {fixed.p0()},
                    new double[] {fixed.visualWeight()});
        }
        return new PostProcessingGrid(smoothing ? grid.deltaFrames() : new int[] {0},
                gate ? grid.p0Values() : new double[] {1.0}, fusion ? grid.visualWeights() : new double[] {1.0});
    }

    /** Whether anything is fitted on the evaluated split (logit adjustment or a grid with more than one cell). */
    public boolean tunes(PostProcessingGrid grid) {
        return calibrateVisual || calibrateAudio || restrict(grid).size() > 1;
    }

    /** Whether the spec needs audio head outputs. */
    public boolean usesAudio() {
        return audioHead != null;
    }
}
