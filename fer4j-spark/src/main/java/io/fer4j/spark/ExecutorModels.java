package io.fer4j.spark;

import io.fer4j.error.Fer4jException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkFiles;

/**
 * Per-JVM model holder. Spark runs many tasks in one executor JVM; loading an ONNX session and a detector per task
 * would cost seconds each, so tasks share one instance per configuration. This is the one deliberate piece of static
 * state in fer4j: Spark gives tasks no other place that outlives them. Values must be thread-safe (executors run
 * tasks concurrently) and are never closed before the JVM exits.
 */
final class ExecutorModels {
    private static final Map<Object, Object> INSTANCES = new ConcurrentHashMap<>();

    private ExecutorModels() {}

    @SuppressWarnings("unchecked")
    static <K, V> V get(K key, Function<K, V> loader) {
        return (V) INSTANCES.computeIfAbsent(key, k -> loader.apply((K) k));
    }

    /** How many distinct model sets this JVM has loaded (tests check it stays 1 across tasks). */
    static int loadedCount() {
        return INSTANCES.size();
    }

    /**
     * A model reference as a local path when it names a file: an existing path is used as is, a bare file name
     * shipped with {@code spark-submit --files} is found through SparkFiles; anything else that looks like a file
     * ({@code .onnx}, a path) is missing on this executor and fails naming it; other references (a registry name such
     * as {@code yunet} or {@code enet_b0_8_best_vgaf}) are returned unchanged for the model registry.
     */
    static String localModel(String ref) {
        if (ref == null || Files.exists(Path.of(ref))) {
            return ref;
        }
        try {
            Path shipped = Path.of(SparkFiles.get(ref));
            if (Files.exists(shipped)) {
                return shipped.toString();
            }
        } catch (RuntimeException notInSparkContext) {
            // Not running under Spark or not shipped: fall through to the registry.
        }
        if (looksLikeFile(ref)) {
            throw new Fer4jException(
                    Path.of(ref),
                    "model file not found on " + TaskAttempt.executorName()
                            + ": neither a path readable there nor a file shipped with spark-submit --files; pass --files "
                            + "/path/to/" + Path.of(ref).getFileName()
                            + " and name it by its file name, or a path on storage"
                            + " every executor mounts");
        }
        return ref;
    }

    /**
     * Driver-side check before the job: a model named by a bare file name must be shipped with {@code --files}
     * (listed in {@code spark.files}), else every task would fail on the executors.
     */
    static void requireShipped(String option, String ref, SparkConf conf) {
        if (ref == null || !looksLikeFile(ref) || ref.contains("/") || Files.exists(Path.of(ref))) {
            return;
        }
        for (String f : conf.get("spark.files", "").split(",")) {
            if (!f.isBlank() && (f.strip().endsWith("/" + ref) || f.strip().equals(ref))) {
                return;
            }
        }
        throw new Fer4jException(
                Path.of(ref),
                option + " names a model file that is not shipped to the executors: "
                        + "add it to spark-submit --files (e.g. --files /models/" + ref
                        + "), or give a path every executor"
                        + " can read");
    }

    private static boolean looksLikeFile(String ref) {
        return ref.endsWith(".onnx") || ref.contains("/") || ref.contains("\\");
    }
}
