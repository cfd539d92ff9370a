package io.fer4j.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.spark.SparkFiles;

/**
 * Per-JVM model holder. Spark runs many tasks in one executor JVM; loading an ONNX session and a detector per task
 * would cost seconds each, so tasks share one instance per configuration. This is the one deliberate piece of static
 * state in fer4j: Spark gives tasks no other place that outlives them. Values must be thread-safe (executors run
 * tasks concurrently) and are never closed before the JVM exits.
 */
final class ExecutorModels {
    private static final Map<Object, Object> INSTANCES = new ConcurrentHashMap<>();

    private ExecutorModels() {
    }

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
     * shipped with {@code spark-submit --files} is found through SparkFiles; anything else (a registry name such as
     * {@code yunet} or {@code enet_b0_8_best_vgaf}) is returned unchanged for the model registry.
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
        return ref;
    }
}
