package io.fer4j.evaluation;

import io.fer4j.bundle.Bundle;
import io.fer4j.bundle.TrainedHead;
import io.fer4j.postprocess.PostProcessingConfig;
import io.fer4j.training.PipelineSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of the paper's ablation (CONTRACTS §11) that a bundle and the data allow, plus "backbone only, mapped to
 * ABAW". Visual rows use the weighted-CE head ("EmotiEffNet (MLP)") or the focal head as the paper does; audio rows
 * need the bundle's audio head and audio.npy in the evaluated videos; fusion rows use the weighted-CE visual head
 * (the bundle's primary visual head when it has no weighted-CE head).
 *
 * <p>"Backbone only, mapped to ABAW": the pretrained backbone's softmax mapped to ABAW order (CONTRACTS §1), label =
 * argmax over ABAW [0..6] — the gate's rule, since slot 7 holds AffectNet's Contempt, not "Other" (so "Other" is
 * never predicted). Computed as the gate with p0 = 0 (it fires on every frame) and δ = 0.
 */
public final class AblationRows {
    public static final String BACKBONE_ONLY = "backbone only, mapped to ABAW";
    /** Gate always fires, no smoothing, visual only. */
    public static final PostProcessingConfig BACKBONE_ONLY_CONFIG = new PostProcessingConfig(0, 0.0, 1.0);

    private AblationRows() {}

    /** The rows for {@code bundle}; audio and fusion rows only when {@code audioInData}. */
    public static List<PipelineSpec> rows(Bundle bundle, boolean audioInData) {
        List<PipelineSpec> rows = new ArrayList<>();
        String wce = bundle.heads().containsKey(TrainedHead.VISUAL_WEIGHTED_CE) ? TrainedHead.VISUAL_WEIGHTED_CE : null;
        String focal = bundle.heads().containsKey(TrainedHead.VISUAL_FOCAL) ? TrainedHead.VISUAL_FOCAL : null;
        String anyVisual = wce != null ? wce : focal;
        String audio = bundle.audioHead() != null && audioInData ? TrainedHead.AUDIO_FOCAL : null;
        if (anyVisual != null) {
            rows.add(PipelineSpec.named(BACKBONE_ONLY)
                    .visualHead(anyVisual)
                    .withGate()
                    .fixed(BACKBONE_ONLY_CONFIG)
                    .build());
        }
        if (wce != null) {
            rows.add(PipelineSpec.named("EmotiEffNet (MLP)").visualHead(wce).build());
            rows.add(PipelineSpec.named("+ calibration").adjustedVisualHead(wce).build());
            rows.add(PipelineSpec.named("+ confidence-gated calibration")
                    .adjustedVisualHead(wce)
                    .withGate()
                    .build());
        }
        if (focal != null) {
            rows.add(PipelineSpec.named("focal loss").visualHead(focal).build());
            rows.add(PipelineSpec.named("focal loss + calibration")
                    .adjustedVisualHead(focal)
                    .build());
        }
        if (wce != null) {
            rows.add(PipelineSpec.named("calibration + smoothing")
                    .adjustedVisualHead(wce)
                    .withSmoothing()
                    .build());
            rows.add(PipelineSpec.named("confidence-gated calibration + smoothing")
                    .adjustedVisualHead(wce)
                    .withGate()
                    .withSmoothing()
                    .build());
        }
        if (audio != null) {
            rows.add(PipelineSpec.named("wav2vec 2.0, focal loss")
                    .audioHead(audio)
                    .build());
            rows.add(PipelineSpec.named("wav2vec 2.0, focal loss + GLA")
                    .adjustedAudioHead(audio)
                    .build());
            rows.add(PipelineSpec.named("wav2vec 2.0, focal loss + GLA + smoothing")
                    .adjustedAudioHead(audio)
                    .withSmoothing()
                    .build());
            String fusionVisual = wce != null ? wce : bundle.primaryVisual();
            if (fusionVisual != null) {
                rows.add(PipelineSpec.named("wav2vec 2.0 + EmotiEffNet, calibration")
                        .adjustedVisualHead(fusionVisual)
                        .adjustedAudioHead(audio)
                        .withFusion()
                        .build());
                rows.add(PipelineSpec.named("wav2vec 2.0 + EmotiEffNet, calibration + smoothing")
                        .adjustedVisualHead(fusionVisual)
                        .adjustedAudioHead(audio)
                        .withSmoothing()
                        .withFusion()
                        .build());
                rows.add(PipelineSpec.named("wav2vec 2.0 + EmotiEffNet, confidence-gated calibration + smoothing")
                        .adjustedVisualHead(fusionVisual)
                        .adjustedAudioHead(audio)
                        .withGate()
                        .withSmoothing()
                        .withFusion()
                        .build());
            }
        }
        return rows;
    }
}
