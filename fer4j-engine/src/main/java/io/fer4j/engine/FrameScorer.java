package io.fer4j.engine;

import io.fer4j.bundle.Bundle;
import io.fer4j.bundle.BundlePredictor;
import io.fer4j.label.AbawClass;
import io.fer4j.label.ClassSpace;
import io.fer4j.vision.extract.FrameFeatures;

/**
 * One face's backbone outputs → the per-frame rows post-processing needs: calibrated head probabilities (the bundle's
 * visual head + logit adjustment, CONTRACTS §5–6; the pretrained probabilities themselves in backbone-only mode), the
 * pretrained probabilities mapped to ABAW (§1, for the gate); valence/arousal are {@link ValenceArousalTrack}'s.
 * Immutable and thread-safe.
 */
final class FrameScorer {
    private final Bundle bundle;
    private final ClassSpace space;

    FrameScorer(Bundle bundle, ClassSpace space) {
        this.bundle = bundle;
        this.space = space;
    }

    /** The logits column of valence (arousal follows) when the class space declares them, else −1. */
    static int valenceColumn(ClassSpace space) {
        int extra = space.extraOutputs().indexOf("valence");
        return extra >= 0 ? space.classCount() + extra : -1;
    }

    /** Scores of one face ({@code head} null for an audio-only bundle). */
    public record Scores(float[] head, float[] pretrained) {}

    public Scores score(FrameFeatures f) {
        float[] pretrained = pretrained(f);
        float[] head;
        if (bundle == null) {
            head = pretrained;
        } else if (bundle.visualHead() != null) {
            head = BundlePredictor.headProbabilities(bundle.visualHead(), f.embedding(), 1, true);
        } else {
            head = null; // audio-only bundle: faces give the gate nothing either
        }
        return new Scores(head, pretrained);
    }

    /** False for an audio-only bundle: faces then give post-processing no row at all. */
    public boolean scoresFaces() {
        return bundle == null || bundle.visualHead() != null;
    }

    /** True when the head rows are the pretrained probabilities themselves (backbone-only mode). */
    public boolean headIsPretrained() {
        return bundle == null;
    }

    /**
     * Head rows of {@code rows} embeddings at once (row-major rows × D → rows × 8), the same call
     * {@link BundlePredictor#predict} makes on a stored video; requires a bundle with a visual head.
     */
    public float[] headRows(float[] embeddings, int rows) {
        return BundlePredictor.headProbabilities(bundle.visualHead(), embeddings, rows, true);
    }

    /** The pretrained probabilities of one face mapped to ABAW (CONTRACTS §1). */
    public float[] pretrained(FrameFeatures f) {
        float[] pretrained = new float[AbawClass.COUNT];
        space.softmaxToAbaw(f.logits(), 0, pretrained, 0);
        return pretrained;
    }
}
