package io.fer4j.engine;

import io.fer4j.head.MlpHead;
import io.fer4j.postprocess.CausalWindow;
import io.fer4j.postprocess.FillMissingFrames;
import io.fer4j.va.VaBundle;
import io.fer4j.va.VaHead;
import io.fer4j.va.VaPostProcessing;
import io.fer4j.va.VaSource;
import io.fer4j.vision.extract.FrameFeatures;

/**
 * Where a run's per-frame valence/arousal come from and how they are post-processed, decided once per engine
 * (docs/predict.md "Valence and arousal"):
 * <ul>
 *   <li>a VA bundle ({@code "tasks"} holding {@code va}): its visual VA head, or the backbone's own VA outputs when it
 *   was trained with that source; smoothed with the bundle's δ. Exactly {@link io.fer4j.va.VaPredictor}'s visual
 *   pipeline (audio VA fusion is not applied by predict);</li>
 *   <li>no VA bundle, a multi-task backbone (logits 8 and 9 are valence and arousal): those outputs, smoothed with the
 *   run's δ (the labels' δ);</li>
 *   <li>neither: none (NaN on every frame, the outputs without VA columns filled).</li>
 * </ul>
 * Files: the face frames' values filled over frames without a face (CONTRACTS §7 step 1) and smoothed with the centred
 * window. Live: {@link Causal}. Immutable and thread-safe.
 */
final class ValenceArousalTrack {
    /** Valence and arousal: two columns per frame. */
    static final int COLUMNS = 2;

    private static final ValenceArousalTrack NONE = new ValenceArousalTrack(null, -1, 0);

    private final MlpHead head;
    private final int backboneColumn;
    private final int deltaFrames;

    private ValenceArousalTrack(MlpHead head, int backboneColumn, int deltaFrames) {
        this.head = head;
        this.backboneColumn = backboneColumn;
        this.deltaFrames = deltaFrames;
    }

    static ValenceArousalTrack of(LoadedModels models) {
        VaBundle va = models.va();
        if (va != null) {
            VaHead visual = va.visualHead();
            if (visual != null) {
                return new ValenceArousalTrack(visual.head(), -1, va.deltaFrames());
            }
            if (va.source() == VaSource.BACKBONE && va.modality().usesVisual()) {
                return new ValenceArousalTrack(null, VaBundle.BACKBONE_VALENCE_COLUMN, va.deltaFrames());
            }
            return NONE; // audio-only VA bundles are refused when loading
        }
        int column = FrameScorer.valenceColumn(models.classSpace());
        return column >= 0
                ? new ValenceArousalTrack(null, column, models.config().deltaFrames())
                : NONE;
    }

    /** Whether the run gives valence/arousal at all. */
    boolean active() {
        return head != null || backboneColumn >= 0;
    }

    /** Whether the values come from a VA head on the embeddings (else from the backbone's outputs). */
    boolean usesHead() {
        return head != null;
    }

    int deltaFrames() {
        return deltaFrames;
    }

    /** Copies one face's backbone valence and arousal into {@code out[offset..offset+1]} (requires !usesHead). */
    void backboneValues(FrameFeatures f, float[] out, int offset) {
        float[] logits = f.logits();
        boolean present = logits.length > backboneColumn + 1;
        out[offset] = present ? logits[backboneColumn] : Float.NaN;
        out[offset + 1] = present ? logits[backboneColumn + 1] : Float.NaN;
    }

    /** The VA head's outputs of {@code rows} embeddings (row-major rows × D → rows × 2), one call as on a store. */
    float[] headValues(float[] embeddings, int rows) {
        float[] out = new float[rows * COLUMNS];
        head.predictLogits(embeddings, rows, out);
        return out;
    }

    /** The values of one face for the live path. */
    float[] faceValues(FrameFeatures f) {
        if (usesHead()) {
            return headValues(f.embedding(), 1);
        }
        float[] v = new float[COLUMNS];
        backboneValues(f, v, 0);
        return v;
    }

    /**
     * A whole video's values: face rows filled over the other frames, then the centred window mean of δ.
     *
     * @param faceRows face count × 2, in face-frame order
     * @return F × 2, or null when the video has no face frame (valence/arousal unknown)
     */
    float[] video(int frames, int[] faceFrames, float[] faceRows) {
        if (faceFrames.length == 0) {
            return null;
        }
        float[] filled = new float[frames * COLUMNS];
        FillMissingFrames.fillInto(frames, faceFrames, faceRows, COLUMNS, filled);
        return VaPostProcessing.smoothed(filled, frames, deltaFrames);
    }

    /**
     * The live counterpart, as CONTRACTS §7's causal labels: a frame without a face holds the last face frame's values
     * (none before the first face), and each frame gets the mean of the values present among frames
     * {@code max(1, i−2δ)..i}; NaN while that window holds none. One stream, one thread.
     */
    static final class Causal {
        private final ValenceArousalTrack track;
        private final CausalWindow window;
        private float[] held;

        Causal(ValenceArousalTrack track) {
            this.track = track;
            this.window = new CausalWindow(track.active() ? 2 * track.deltaFrames + 1 : 1, COLUMNS);
        }

        /** The next frame's causal valence and arousal ({@code face} null: no face); NaN, NaN when inactive. */
        float[] push(FrameFeatures face) {
            if (!track.active()) {
                return new float[] {Float.NaN, Float.NaN};
            }
            if (face != null) {
                held = track.faceValues(face);
            }
            window.push(held);
            return window.present() == 0 ? new float[] {Float.NaN, Float.NaN} : window.mean();
        }
    }
}
