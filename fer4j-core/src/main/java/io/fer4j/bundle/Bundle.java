package io.fer4j.bundle;

import io.fer4j.label.AbawClass;
import io.fer4j.postprocess.PostProcessingConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A trained model with its provenance: heads (weights and logit adjustment each), the δ/p0/w chosen on validation,
 * the backbone it applies to, and how it was made. Immutable. Read and written by {@link BundleFiles}.
 *
 * @param formatVersion  {@link #FORMAT_VERSION} for bundles this code writes
 * @param classOrder     ABAW class names in output order (checked on load)
 * @param backbone       the backbone of the store it was trained on
 * @param modality       what {@link BundlePredictor} predicts from
 * @param primaryVisual  name of the visual head used for predictions (picked by {@code --loss}); null for audio-only
 * @param heads          all trained heads by name (the ablation needs the weighted-CE and focal visual heads and,
 *                       when trained, the audio head)
 * @param postProcessing δ, p0, w tuned on validation for {@code modality}
 * @param audioDim       Da of the audio head's input (0 without an audio head)
 * @param provenance     how it was made
 */
public record Bundle(
        int formatVersion,
        List<String> classOrder,
        BackboneInfo backbone,
        Modality modality,
        String primaryVisual,
        Map<String, TrainedHead> heads,
        PostProcessingConfig postProcessing,
        int audioDim,
        Provenance provenance) {
    /** Version of the bundle format written by this code; readers accept this version only. */
    public static final int FORMAT_VERSION = 1;
    /** The {@code format} marker in bundle files. */
    public static final String FORMAT_NAME = "fer4j-bundle";

    public Bundle {
        classOrder = List.copyOf(classOrder);
        Objects.requireNonNull(backbone, "backbone");
        Objects.requireNonNull(modality, "modality");
        Objects.requireNonNull(postProcessing, "postProcessing");
        Objects.requireNonNull(provenance, "provenance");
        heads = Collections.unmodifiableMap(new LinkedHashMap<>(heads));
        if (!classOrder.equals(AbawClass.displayNames())) {
            throw new IllegalArgumentException(
                    "class order " + classOrder + " is not the ABAW order " + AbawClass.displayNames());
        }
        if (modality.usesVisual()) {
            TrainedHead v = heads.get(primaryVisual);
            if (v == null || v.isAudio()) {
                throw new IllegalArgumentException("modality " + modality.cliName() + " needs a visual head named '"
                        + primaryVisual + "', bundle has " + heads.keySet());
            }
            if (v.head().inputDim() != backbone.embeddingDim()) {
                throw new IllegalArgumentException(
                        "visual head input " + v.head().inputDim() + " differs from the backbone embedding width "
                                + backbone.embeddingDim());
            }
        }
        if (modality.usesAudio()) {
            TrainedHead a = heads.get(TrainedHead.AUDIO_FOCAL);
            if (a == null || a.head().inputDim() != audioDim) {
                throw new IllegalArgumentException(
                        "modality " + modality.cliName() + " needs an audio head of input width " + audioDim);
            }
        }
    }

    /** The visual head used for predictions, or null for an audio-only bundle. */
    public TrainedHead visualHead() {
        return modality.usesVisual() ? heads.get(primaryVisual) : null;
    }

    /** The audio head, or null when none was trained. */
    public TrainedHead audioHead() {
        return heads.get(TrainedHead.AUDIO_FOCAL);
    }

    /** The head whose training prior labels videos with neither face nor audio. */
    public TrainedHead priorHead() {
        return modality.usesVisual() ? visualHead() : audioHead();
    }

    /** A copy with another post-processing configuration (e.g. for an ablation row). */
    public Bundle withPostProcessing(PostProcessingConfig config) {
        return new Bundle(
                formatVersion, classOrder, backbone, modality, primaryVisual, heads, config, audioDim, provenance);
    }
}
