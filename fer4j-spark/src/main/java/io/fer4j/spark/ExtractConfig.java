package io.fer4j.spark;

import java.io.Serializable;

/**
 * Extraction settings shipped to executors. Model references are registry names, local paths readable on every
 * executor (shared storage), or names of files shipped with {@code --files} (resolved through SparkFiles).
 *
 * @param backbone     registry name or ONNX file
 * @param detector     {@code yunet}, {@code haar} or an ONNX file with YuNet's interface
 * @param detectWidth  width the detector sees (pixels; boxes mapped back to full resolution)
 * @param batchSize    faces per backbone call
 * @param threadsPerTask cores per task (Spark's spark.task.cpus should match), shared by {@link
 *                       io.fer4j.vision.extract.ThreadBudget} between decoding/detection and ONNX Runtime
 * @param float16      write embeddings as float16
 * @param allFaces     one store video per tracked person
 */
public record ExtractConfig(String backbone, String detector, int detectWidth, int batchSize, int threadsPerTask,
                            boolean float16, boolean allFaces) implements Serializable {
}
