package io.fer4j.vision.backbone;

import io.fer4j.label.ClassSpace;
import java.util.Arrays;

/**
 * One batch's results, row-major: {@code embeddings[i·D + d]} is the input of the final Gemm for face i (CONTRACTS §3
 * embeddings.npy), {@code logits[i·K + k]} its output in the backbone's own class order (K = 8, 7, or 10 for
 * multi-task models whose last two outputs are valence and arousal).
 */
public record BackboneOutput(
        int batchSize, int embeddingDim, float[] embeddings, int outputCount, float[] logits, ClassSpace classSpace) {

    public BackboneOutput {
        if (embeddings.length != batchSize * embeddingDim || logits.length != batchSize * outputCount) {
            throw new IllegalArgumentException(
                    "buffer sizes do not match batch " + batchSize + " x (" + embeddingDim + ", " + outputCount + ")");
        }
    }

    /** Copy of face i's embedding. */
    public float[] embedding(int i) {
        return Arrays.copyOfRange(embeddings, i * embeddingDim, (i + 1) * embeddingDim);
    }

    /** Copy of face i's full output row (class logits, then valence/arousal where present). */
    public float[] logits(int i) {
        return Arrays.copyOfRange(logits, i * outputCount, (i + 1) * outputCount);
    }

    /** Whether the model is multi-task (yields valence and arousal after the class logits). */
    public boolean hasValenceArousal() {
        return classSpace.extraOutputs().contains("valence")
                && classSpace.extraOutputs().contains("arousal");
    }

    public float valence(int i) {
        return extra(i, "valence");
    }

    public float arousal(int i) {
        return extra(i, "arousal");
    }

    private float extra(int i, String what) {
        int e = classSpace.extraOutputs().indexOf(what);
        if (e < 0) {
            throw new IllegalStateException("backbone with class space " + classSpace + " has no " + what + " output");
        }
        return logits[i * outputCount + classSpace.classCount() + e];
    }
}
