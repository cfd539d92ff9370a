package io.fer4j.va;

import io.fer4j.bundle.BackboneInfo;
import io.fer4j.bundle.Modality;
import io.fer4j.bundle.Provenance;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The valence-arousal part of a bundle (its {@code "va"} section, docs/formats.md): the heads, where the visual
 * values come from, and the δ and w tuned on validation by mean CCC.
 *
 * @param backbone     the backbone of the store it was trained on
 * @param source       trained head or the backbone's own VA outputs
 * @param modality     visual, audio or both (fusion {@code w·visual + (1−w)·audio})
 * @param heads        trained VA heads by name ({@link VaHead#VISUAL}, {@link VaHead#AUDIO})
 * @param deltaFrames  δ of the centred smoothing window
 * @param visualWeight w of the late fusion (1 without audio)
 * @param audioDim     Da of the audio head's input (0 without)
 * @param provenance   how it was made
 */
public record VaBundle(
        BackboneInfo backbone,
        VaSource source,
        Modality modality,
        Map<String, VaHead> heads,
        int deltaFrames,
        double visualWeight,
        int audioDim,
        Provenance provenance) {
    /** Column of valence in a multi-task backbone's logits ({@code *_va_mtl}, CONTRACTS §1); arousal follows. */
    public static final int BACKBONE_VALENCE_COLUMN = 8;

    public VaBundle {
        Objects.requireNonNull(backbone, "backbone");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(modality, "modality");
        Objects.requireNonNull(provenance, "provenance");
        heads = Collections.unmodifiableMap(new LinkedHashMap<>(heads));
        if (deltaFrames < 0 || !(visualWeight >= 0 && visualWeight <= 1)) {
            throw new IllegalArgumentException(
                    "δ must be ≥ 0 and w in [0, 1], got " + deltaFrames + ", " + visualWeight);
        }
        if (modality.usesVisual() && source == VaSource.HEAD) {
            VaHead v = heads.get(VaHead.VISUAL);
            if (v == null || v.head().inputDim() != backbone.embeddingDim()) {
                throw new IllegalArgumentException("a visual VA bundle needs a head '" + VaHead.VISUAL
                        + "' of input width " + backbone.embeddingDim() + ", has " + heads.keySet());
            }
        }
        if (modality.usesVisual() && source == VaSource.BACKBONE && !hasBackboneVa(backbone.logitsDim())) {
            throw new IllegalArgumentException(
                    "backbone " + backbone.name() + " has " + backbone.logitsDim() + " outputs, no valence/arousal");
        }
        if (modality.usesAudio()) {
            VaHead a = heads.get(VaHead.AUDIO);
            if (a == null || a.head().inputDim() != audioDim) {
                throw new IllegalArgumentException(
                        "modality " + modality.cliName() + " needs an audio VA head of input width " + audioDim);
            }
        }
    }

    /** Whether logits rows of this width carry valence and arousal (a {@code *_va_mtl} backbone: 10 outputs). */
    public static boolean hasBackboneVa(int logitsDim) {
        return logitsDim >= BACKBONE_VALENCE_COLUMN + 2;
    }

    /** The visual head, or null (audio-only or backbone source). */
    public VaHead visualHead() {
        return modality.usesVisual() && source == VaSource.HEAD ? heads.get(VaHead.VISUAL) : null;
    }

    /** The audio head, or null. */
    public VaHead audioHead() {
        return modality.usesAudio() ? heads.get(VaHead.AUDIO) : null;
    }

    /** A copy with another δ and w (for an ablation row). */
    public VaBundle withPostProcessing(int newDeltaFrames, double newVisualWeight) {
        return new VaBundle(backbone, source, modality, heads, newDeltaFrames, newVisualWeight, audioDim, provenance);
    }
}
