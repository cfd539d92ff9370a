package io.fer4j.evaluation;

import io.fer4j.bundle.Bundle;
import io.fer4j.training.PipelineSpec;
import io.fer4j.bundle.TrainedHead;
import io.fer4j.postprocess.PostProcessingConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * The rows of the paper's ablation (DESIGN §11) that a bundle and the data allow, plus "backbone only, mapped to
 * ABAW". Visual rows use the weighted-CE head ("EmotiEffNet (MLP)") or the focal head as the paper does; audio rows
 * need the bundle's audio head and audio.npy in the evaluated videos; fusion rows use the weighted-CE visual head
 * (the bundle's primary visual head when it has no weighted-CE head).
 *
 * <p>"Backbone only, mapped to ABAW": the pretrained backbone's softmax mapped to ABAW order (DESIGN §1), label =
 * argmax over ABAW [0..6] — the gate's rule, since slot 7 holds AffectNet's Contempt, not "Other" (so "Other" is
 * never predicted). Computed as the gate with p0 = 0 (it fires on every frame) and δ = 0.
 */
public final class AblationRows {
    public static final String BACKBONE_ONLY = "backbone only, mapped to ABAW";
    /** Gate always fires, no smoothing, visual only. */
    public static final PostProcessingConfig BACKBONE_ONLY_CONFIG = new PostProcessingConfig(0, 0.0, 1.0);

    private AblationRows() {
    }

    /** The rows for {@code bundle}; audio and fusion rows only when {@code audioInData}. */
    public static List<PipelineSpec> rows(Bundle bundle, boolean audioInData) {
        List<PipelineSpec> rows = new ArrayList<>();
        String wce = bundle.heads().containsKey(TrainedHead.VISUAL_WEIGHTED_CE) ? TrainedHead.VISUAL_WEIGHTED_CE : null;
        String focal = bundle.heads().containsKey(TrainedHead.VISUAL_FOCAL) ? TrainedHead.VISUAL_FOCAL : null;
        String anyVisual = wce != null ? wce : focal;
        String audio = bundle.audioHead() != null && audioInData ? TrainedHead.AUDIO_FOCAL : null;
        if (anyVisual != null) {
            rows.add(new PipelineSpec(BACKBONE_ONLY, anyVisual, false, null, false, true, false, false,
                    BACKBONE_ONLY_CONFIG));
        }
        if (wce != null) {
            rows.add(visual("EmotiEffNet (MLP)", wce, false, false, false));
            rows.add(visual("+ calibration", wce, true, false, false));
            rows.add(visual("+ confidence-gated calibration", wce, true, true, false));
        }
        if (focal != null) {
            rows.add(visual("focal loss", focal, false, false, false));
            rows.add(visual("focal loss + calibration", focal, true, false, false));
        }
        if (wce != null) {
            rows.add(visual("calibration + smoothing", wce, true, false, true));
            rows.add(visual("confidence-gated calibration + smoothing", wce, true, true, true));
        }
        if (audio != null) {
            rows.add(new PipelineSpec("wav2vec 2.0, focal loss", null, false, audio, false, false, false, false, null));
            rows.add(new PipelineSpec("wav2vec 2.0, focal loss + GLA", null, false, audio, true, false, false, false,
                    null));
            rows.add(new PipelineSpec("wav2vec 2.0, focal loss + GLA + smoothing", null, false, audio, true, false,
                    true, false, null));
            String fusionVisual = wce != null ? wce : bundle.primaryVisual();
            if (fusionVisual != null) {
                rows.add(new PipelineSpec("wav2vec 2.0 + EmotiEffNet, calibration", fusionVisual, true, audio, true,
                        false, false, true, null));
                rows.add(new PipelineSpec("wav2vec 2.0 + EmotiEffNet, calibration + smoothing", fusionVisual, true,
                        audio, true, false, true, true, null));
                rows.add(new PipelineSpec("wav2vec 2.0 + EmotiEffNet, confidence-gated calibration + smoothing",
                        fusionVisual, true, audio, true, true, true, true, null));
            }
        }
        return rows;
    }

    private static PipelineSpec visual(String name, String head, boolean calibrate, boolean gate, boolean smoothing) {
        return new PipelineSpec(name, head, calibrate, null, false, gate, smoothing, false, null);
    }
}
