package io.fer4j.engine;

import io.fer4j.bundle.Bundle;
import io.fer4j.postprocess.PostProcessingConfig;

/** δ, p0 and w of a run: the bundle's (or backbone-only mode's defaults), with the specification's overrides. */
public final class PostProcessingChoice {
    /**
     * Backbone-only mode's smoothing half-window: 15 frames each side (≈1 s window at 30 fps). A third of the
     * paper's tuned δ = 50: without a trained head there is nothing to tune it on, and a short window keeps quick
     * expressions visible while removing frame-to-frame flicker.
     */
    public static final int BACKBONE_ONLY_DELTA_FRAMES = 15;

    private PostProcessingChoice() {}

    /** @param audio whether an audio embedder runs (without one the fusion weight is dropped: w = 1) */
    static PostProcessingConfig resolve(Bundle bundle, EngineSpec spec, boolean audio) {
        PostProcessingConfig base = bundle != null
                ? bundle.postProcessing()
                // gate with p0 = 0 fires on every frame: the label is the argmax over ABAW [0..6] of the smoothed
                // pretrained probabilities, as evaluate's "backbone only, mapped to ABAW" row (slot 7 is Contempt)
                : new PostProcessingConfig(BACKBONE_ONLY_DELTA_FRAMES, 0.0, 1.0);
        PostProcessingConfig tuned = new PostProcessingConfig(
                spec.deltaFrames().orElse(base.deltaFrames()), spec.p0().orElse(base.p0()), base.visualWeight());
        return audio ? tuned : tuned.withoutAudio();
    }
}
