package io.fer4j.bundle;

import io.fer4j.label.ClassSpace;
import java.util.Objects;

/**
 * The backbone whose features a bundle was trained on, from the store's meta.json (CONTRACTS §3). A bundle only
 * applies to features of the same backbone: the same sha256 where both sides record one, else the same
 * name; and the same widths ({@link BundleCompatibility}, the one place of that rule).
 *
 * @param name         backbone model name, e.g. {@code enet_b0_8_best_vgaf}
 * @param sha256       sha256 of its ONNX file (hex; empty when the store did not record it)
 * @param embeddingDim D, width of embeddings.npy rows
 * @param logitsDim    K, width of logits.npy rows (8, 10 for *_va_mtl, 7 for enet_b2_7)
 * @param classSpace   name of the backbone's output class order ({@link ClassSpace#byName})
 */
public record BackboneInfo(String name, String sha256, int embeddingDim, int logitsDim, String classSpace) {
    public BackboneInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(classSpace, "classSpace");
        if (embeddingDim <= 0 || logitsDim <= 0) {
            throw new IllegalArgumentException(
                    "embedding and logits widths must be positive: " + embeddingDim + ", " + logitsDim);
        }
    }

    /** The backbone's class space. */
    public ClassSpace space() {
        return ClassSpace.byName(classSpace);
    }

    /**
     * The class space of logits rows of width {@code logitsDim}: 8 → AffectNet-8, 10 → AffectNet-8 + valence/arousal,
     * 7 → AffectNet-7 (CONTRACTS §1). Other widths are not an EmotiEffLib backbone.
     */
    public static ClassSpace spaceForLogitsDim(int logitsDim) {
        return switch (logitsDim) {
            case 8 -> ClassSpace.AFFECTNET_8;
            case 10 -> ClassSpace.AFFECTNET_8_VA;
            case 7 -> ClassSpace.AFFECTNET_7;
            default ->
                throw new IllegalArgumentException("logits rows of width " + logitsDim
                        + " match no known class space (8: AffectNet-8, 10: AffectNet-8 with valence/arousal,"
                        + " 7: AffectNet-7)");
        };
    }
}
