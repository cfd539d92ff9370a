package io.fer4j.vision.backbone;

import io.fer4j.label.ClassSpace;
import java.util.Arrays;
import java.util.Objects;

/**
 * What the code needs to know about a backbone network (CONTRACTS §4, §10): its square input size, the per-channel
 * normalisation and its output class space. Registry entries carry one; for a user's own ONNX file
 * {@link Backbone#inspect} infers it from the graph.
 *
 * @param name         registry name, or the file name without {@code .onnx} for a user file
 * @param inputSize    S of the {@code [N,3,S,S]} input
 * @param mean         per-channel mean in RGB order, on the [0,1] scale
 * @param std          per-channel standard deviation in RGB order, on the [0,1] scale
 * @param classSpace   output order of the logits (and the extra valence/arousal outputs of multi-task models)
 * @param embeddingDim width of the final Gemm's input, or 0 where unknown before the model is opened
 * @param sha256       lower-case hex SHA-256 of the ONNX file, or null where not pinned
 * @param resize       how a face crop becomes S×S (the model's own training-time preprocessing)
 */
public record BackboneSpec(
        String name,
        int inputSize,
        double[] mean,
        double[] std,
        ClassSpace classSpace,
        int embeddingDim,
        String sha256,
        CropResize resize) {

    /** How a face crop is brought to the S×S input (registry field {@code resize}). */
    public enum CropResize {
        /** EmotiEffLib: {@code cv2.resize(crop, (S, S))}, INTER_LINEAR on the 8-bit image (aspect not kept). */
        STRETCH,
        /**
         * face-api.js: centred zero-padding to a square (the odd pixel after the image), then TF's bilinear resize
         * without half-pixel centres, in float (no rounding back to 8 bits).
         */
        PAD_TO_SQUARE;

        /** The registry spelling: {@code stretch}, {@code pad_to_square}. */
        public static CropResize parse(String text) {
            for (CropResize r : values()) {
                if (r.name().equalsIgnoreCase(text)) {
                    return r;
                }
            }
            throw new IllegalArgumentException("unknown resize '" + text + "'; known: stretch, pad_to_square");
        }
    }

    /** ImageNet statistics (double, like the Python constants numpy computes with) used by EmotiEffLib's EfficientNet and MobileViT models. */
    public static final double[] IMAGENET_MEAN = {0.485, 0.456, 0.406};

    public static final double[] IMAGENET_STD = {0.229, 0.224, 0.225};

    public BackboneSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(classSpace, "classSpace");
        if (inputSize < 1) {
            throw new IllegalArgumentException("inputSize must be positive, got " + inputSize);
        }
        if (mean == null || mean.length != 3 || std == null || std.length != 3) {
            throw new IllegalArgumentException("mean and std need 3 values (RGB)");
        }
        for (double s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("std must be positive, got " + Arrays.toString(std));
            }
        }
        Objects.requireNonNull(resize, "resize");
        if (embeddingDim < 0) {
            throw new IllegalArgumentException("embeddingDim must be >= 0, got " + embeddingDim);
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** A spec with EmotiEffLib's {@link CropResize#STRETCH} preprocessing. */
    public BackboneSpec(
            String name,
            int inputSize,
            double[] mean,
            double[] std,
            ClassSpace classSpace,
            int embeddingDim,
            String sha256) {
        this(name, inputSize, mean, std, classSpace, embeddingDim, sha256, CropResize.STRETCH);
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] std() {
        return std.clone();
    }

    /** Total outputs per face: class logits, then valence and arousal for multi-task models. */
    public int outputCount() {
        return classSpace.outputCount();
    }

    public BackboneSpec withEmbeddingDim(int dim) {
        return new BackboneSpec(name, inputSize, mean, std, classSpace, dim, sha256, resize);
    }

    public BackboneSpec withSha256(String hash) {
        return new BackboneSpec(name, inputSize, mean, std, classSpace, embeddingDim, hash, resize);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BackboneSpec s
                && s.name.equals(name)
                && s.inputSize == inputSize
                && Arrays.equals(s.mean, mean)
                && Arrays.equals(s.std, std)
                && s.classSpace.equals(classSpace)
                && s.embeddingDim == embeddingDim
                && Objects.equals(s.sha256, sha256)
                && s.resize == resize;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, inputSize, classSpace, embeddingDim, sha256);
    }

    @Override
    public String toString() {
        return name + " (" + inputSize + "x" + inputSize + ", " + classSpace + ", mean " + Arrays.toString(mean)
                + ", std " + Arrays.toString(std)
                + (resize == CropResize.STRETCH ? "" : ", " + resize.name().toLowerCase())
                + (embeddingDim > 0 ? ", D=" + embeddingDim : "")
                + (sha256 == null ? ", unpinned" : ", sha256 " + sha256) + ")";
    }
}
