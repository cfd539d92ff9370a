package io.fer4j.vision.extract;

import io.fer4j.vision.crop.FaceCrops;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The backbone as the pipeline sees it: per-face preprocessing, thread-safe so it runs on the decode/detect thread,
 * and batched inference on the inference thread. {@link BackboneEmbedder} adapts {@code io.fer4j.vision.backbone}.
 */
public interface BatchEmbedder extends AutoCloseable {
    /** Model name recorded in meta.json. */
    String name();

    /** SHA-256 of the model file (recorded in meta.json), or null. */
    String sha256();

    /** Embedding width D. */
    int embeddingDim();

    /** Outputs per face K (8, or 10 for multi-task models). */
    int outputCount();

    /**
     * Name of the output class space ({@code ClassSpace#byName}), recorded in meta.json as {@code class_space} because
     * logits width alone does not tell AffectNet-7 from face-api's 7 classes; null where unknown.
     */
    default String classSpace() {
        return null;
    }

    /**
     * One face → the model's input for it (NCHW floats of one image, CONTRACTS §4). Thread-safe.
     *
     * @param bgrFrame the full-resolution 8-bit BGR frame
     * @param box      the crop, already clipped to the frame and non-empty
     */
    float[] preprocess(Mat bgrFrame, FaceCrops.PixelBox box);

    /**
     * Runs the first {@code count} preprocessed faces through the network.
     *
     * @return {@code [count][D]} embeddings and {@code [count][K]} logits
     */
    Outputs infer(float[][] inputs, int count);

    record Outputs(float[][] embeddings, float[][] logits) {}

    @Override
    void close();
}
