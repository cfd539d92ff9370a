package io.fer4j.vision.extract;

import io.fer4j.store.Sha256;
import io.fer4j.vision.backbone.Backbone;
import io.fer4j.vision.backbone.BackboneOutput;
import io.fer4j.vision.backbone.FacePreprocessor;
import io.fer4j.vision.crop.FaceCrops;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * {@link BatchEmbedder} over an {@link Backbone} ONNX Runtime session. Preprocessing reads the BGR frame region
 * directly (OpenCV resizes per channel, so BGR→RGB before or after the resize gives the same bytes).
 */
public final class BackboneEmbedder implements BatchEmbedder {
    private final Backbone backbone;
    private final FacePreprocessor preprocessor;
    private final String sha256;
    private final boolean owns;
    /** Per thread: concurrent predict calls share one embedder (the ONNX session itself is thread-safe). */
    private final ThreadLocal<float[]> batchBuffer = ThreadLocal.withInitial(() -> new float[0]);

    /** An embedder that closes {@code backbone} when it is closed itself (the backbone is used by nothing else). */
    public static BackboneEmbedder owning(Backbone backbone) {
        return new BackboneEmbedder(backbone, true);
    }

    /** An embedder over a backbone the caller keeps and closes; closing the embedder leaves it open. */
    public static BackboneEmbedder borrowing(Backbone backbone) {
        return new BackboneEmbedder(backbone, false);
    }

    private BackboneEmbedder(Backbone backbone, boolean owns) {
        this.backbone = backbone;
        this.preprocessor = backbone.preprocessor();
        String pinned = backbone.spec().sha256();
        this.sha256 = pinned != null ? pinned : Sha256.of(backbone.file());
        this.owns = owns;
    }

    public Backbone backbone() {
        return backbone;
    }

    @Override
    public String name() {
        return backbone.spec().name();
    }

    @Override
    public String sha256() {
        return sha256;
    }

    @Override
    public int embeddingDim() {
        return backbone.embeddingDim();
    }

    @Override
    public String classSpace() {
        return backbone.spec().classSpace().name();
    }

    @Override
    public int outputCount() {
        return backbone.spec().outputCount();
    }

    @Override
    public float[] preprocess(Mat bgrFrame, FaceCrops.PixelBox box) {
        return preprocess(preprocessor, bgrFrame, box);
    }

    /** One face of a BGR frame → the model input for it (also used by {@link FaceSampler}). */
    static float[] preprocess(FacePreprocessor preprocessor, Mat bgrFrame, FaceCrops.PixelBox box) {
        float[] out = new float[preprocessor.sliceLength()];
        try (Rect r = new Rect(box.x0(), box.y0(), box.width(), box.height())) {
            preprocessor.preprocess(bgrFrame, r, FacePreprocessor.ChannelOrder.BGR, out, 0);
        }
        return out;
    }

    @Override
    public Outputs infer(float[][] inputs, int count) {
        int slice = preprocessor.sliceLength();
        float[] buffer = batchBuffer.get();
        if (buffer.length < count * slice) {
            buffer = new float[count * slice];
            batchBuffer.set(buffer);
        }
        for (int i = 0; i < count; i++) {
            System.arraycopy(inputs[i], 0, buffer, i * slice, slice);
        }
        BackboneOutput out = backbone.run(buffer, count);
        float[][] emb = new float[count][];
        float[][] logits = new float[count][];
        for (int i = 0; i < count; i++) {
            emb[i] = out.embedding(i);
            logits[i] = out.logits(i);
        }
        return new Outputs(emb, logits);
    }

    @Override
    public void close() {
        if (owns) {
            backbone.close();
        }
    }
}
