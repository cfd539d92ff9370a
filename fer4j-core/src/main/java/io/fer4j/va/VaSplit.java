package io.fer4j.va;

import io.fer4j.annotation.ExprAnnotation;
import io.fer4j.annotation.VaAnnotation;
import io.fer4j.annotation.VaAnnotations;
import io.fer4j.store.FeatureStore;
import io.fer4j.training.AlignmentPolicy;
import io.fer4j.training.AnnotatedSplit;
import io.fer4j.training.AnnotatedVideo;
import io.fer4j.training.StoreTrainingRows;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * A valence-arousal split matched to a feature store. The store alignment is the expression track's
 * ({@link AnnotatedSplit}: frame counts within the tolerance, rows beyond F left out, missing videos named, NaN/Inf
 * scanned) over each annotation's presence mask; the targets come from the VA annotations.
 */
public record VaSplit(AnnotatedSplit split, SortedMap<String, VaAnnotation> annotations) {

    public static VaSplit load(FeatureStore store, Path annotationsRoot, String split, AlignmentPolicy policy) {
        SortedMap<String, VaAnnotation> va = VaAnnotations.readSplit(annotationsRoot, split);
        Map<String, ExprAnnotation> masks = new LinkedHashMap<>();
        va.forEach((id, a) -> masks.put(id, a.presenceMask()));
        return new VaSplit(AnnotatedSplit.load(store, annotationsRoot, split, policy, masks), va);
    }

    /** Annotated face rows (embeddings) with their targets. */
    public VaTrainingRows visualRows() {
        return withTargets(StoreTrainingRows.visual(split));
    }

    /** Annotated frames of videos with audio.npy with their targets; null when no video has audio. */
    public VaTrainingRows audioRows() {
        StoreTrainingRows rows = StoreTrainingRows.audio(split);
        return rows == null ? null : withTargets(rows);
    }

    private VaTrainingRows withTargets(StoreTrainingRows rows) {
        float[] targets = new float[rows.rowCount() * VaTrainingRows.OUTPUTS];
        for (int r = 0; r < rows.rowCount(); r++) {
            VaAnnotation a = annotations.get(rows.videoOf(r).id());
            int frame = rows.frameOf(r);
            targets[r * 2] = (float) a.valence(frame);
            targets[r * 2 + 1] = (float) a.arousal(frame);
        }
        return VaTrainingRows.of(rows, targets);
    }

    /** Every video's sequences under the given heads (null: absent), with its annotation. */
    public List<VaScoredVideo> scored(VaHead visual, VaHead audio) {
        List<VaScoredVideo> out = new ArrayList<>();
        for (AnnotatedVideo v : split.videos()) {
            VaVideoOutputs o = VaVideoOutputs.compute(
                    v.features(), visual == null ? null : visual.head(), audio == null ? null : audio.head());
            out.add(VaScoredVideo.of(o, annotations.get(v.id())));
        }
        return out;
    }

    /** Annotated frames over the used videos. */
    public long annotatedFrames() {
        long n = 0;
        for (AnnotatedVideo v : split.videos()) {
            n += annotations.get(v.id()).annotatedFrameCount();
        }
        return n;
    }
}
