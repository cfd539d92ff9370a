package io.fer4j.engine;

import io.fer4j.geometry.FaceBox;
import io.fer4j.postprocess.CausalPostProcessor;
import io.fer4j.prediction.FramePrediction;
import io.fer4j.vision.extract.FrameFeatures;
import io.fer4j.vision.extract.FrameResult;

/**
 * The live path: each frame's label as soon as the frame is through the backbone, with the causal post-processing of
 * CONTRACTS §7 (smoothing over the last 2δ+1 frames), valence/arousal likewise ({@link ValenceArousalTrack.Causal}).
 * One stream, one thread; {@code fer4j predict --live} and
 * {@code Fer4j.Session} both label through it.
 */
final class CausalLabeller {
    private final FrameScorer scorer;
    private final CausalPostProcessor causal;
    private final ValenceArousalTrack.Causal valenceArousal;

    CausalLabeller(LoadedModels models) {
        this.scorer = new FrameScorer(models.bundle(), models.classSpace());
        this.causal = new CausalPostProcessor(models.config(), models.prior());
        this.valenceArousal = new ValenceArousalTrack.Causal(ValenceArousalTrack.of(models));
    }

    /** The causal label of the next frame of the stream (frames in order). */
    public FramePrediction label(FrameResult frame) {
        FrameFeatures f = frame.mainFace();
        CausalPostProcessor.CausalFrame c;
        FrameScorer.Scores s = null;
        if (f == null || (s = scorer.score(f)).head() == null) {
            c = causal.pushNoFace(null);
        } else {
            c = causal.pushFace(s.head(), s.pretrained(), null);
        }
        FaceBox box = f == null ? null : f.box();
        float[] va = valenceArousal.push(f);
        return new FramePrediction(
                frame.frameIndex(), frame.timeSeconds(), box, c.label(), c.probabilities(), va[0], va[1]);
    }
}
