package io.fer4j.spark;

import io.fer4j.engine.EngineSpec;
import io.fer4j.model.ModelPolicy;
import java.io.Serializable;

/**
 * Extraction settings shipped to executors, where they become the {@link EngineSpec} every entry point builds its
 * pipeline from. Model references are registry names, local paths readable on every executor (shared storage), or
 * names of files shipped with {@code --files} (resolved through SparkFiles).
 *
 * @param backbone     registry name or ONNX file
 * @param detector     {@code yunet}, {@code haar} or an ONNX file with YuNet's interface
 * @param detectWidth  width the detector sees (pixels; boxes mapped back to full resolution)
 * @param batchSize    faces per backbone call
 * @param threadsPerTask cores per task (Spark's spark.task.cpus should match), shared by {@link
 *                       io.fer4j.vision.extract.ThreadBudget} between decoding/detection and ONNX Runtime
 * @param float16      write embeddings as float16
 * @param allFaces     one store video per tracked person
 * @param device       {@code cpu} or {@code cuda[:N]}
 * @param stride       the backbone on every K-th face frame ({@code --stride})
 * @param detectEvery  the detector on every K-th frame ({@code --detect-every})
 */
public record ExtractConfig(
        String backbone,
        String detector,
        int detectWidth,
        int batchSize,
        int threadsPerTask,
        boolean float16,
        boolean allFaces,
        String device,
        int stride,
        int detectEvery)
        implements Serializable {
    /** On the CPU, every face frame embedded, detection on every frame. */
    public ExtractConfig(
            String backbone,
            String detector,
            int detectWidth,
            int batchSize,
            int threadsPerTask,
            boolean float16,
            boolean allFaces) {
        this(backbone, detector, detectWidth, batchSize, threadsPerTask, float16, allFaces, "cpu", 1, 1);
    }

    /** The engine specification on an executor (model names resolved through SparkFiles; downloads allowed). */
    EngineSpec toSpec() {
        return EngineSpec.builder()
                .backbone(ExecutorModels.localModel(backbone))
                .detector(ExecutorModels.localModel(detector))
                .detectWidth(detectWidth)
                .batchSize(batchSize)
                .threads(threadsPerTask)
                .float16(float16)
                .allFaces(allFaces)
                .device(device)
                .stride(stride)
                .detectEvery(detectEvery)
                .modelPolicy(ModelPolicy.DOWNLOAD)
                .build();
    }
}
