package io.fer4j.spark;

import io.fer4j.annotation.ExprAnnotation;
import io.fer4j.annotation.ExprAnnotations;
import io.fer4j.bundle.BundleCompatibility;
import io.fer4j.bundle.BundleFiles;
import io.fer4j.bundle.BundlePredictor;
import io.fer4j.error.Fer4jException;
import io.fer4j.label.AbawClass;
import io.fer4j.metrics.ConfusionMatrix;
import io.fer4j.store.AtomicFiles;
import io.fer4j.store.FeatureStore;
import io.fer4j.store.OutputGuard;
import io.fer4j.store.StoredVideo;
import io.fer4j.training.AlignmentPolicy;
import io.fer4j.training.AnnotatedVideo;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/**
 * Distributed evaluation of a bundle over a large store: each task post-processes one video (CONTRACTS §7) and returns
 * its confusion counts; the driver sums them, so the pooled macro-F1 equals single-JVM {@code fer4j evaluate}
 * exactly (confusions are summed, never F1s averaged, §8). The store and annotations must be readable at the same
 * path on every executor (local mode or shared storage).
 */
public final class SparkEvaluation {
    private SparkEvaluation() {}

    /** One video's outcome: its confusion counts, or why it could not be scored. */
    public record VideoScore(String videoId, long[][] confusion, String error) implements Serializable {}

    /** The pooled result. */
    public record Result(ConfusionMatrix confusion, List<VideoScore> videos) {
        public List<VideoScore> failed() {
            return videos.stream().filter(v -> v.error() != null).toList();
        }
    }

    public static Result evaluate(SparkSession spark, Path bundle, Path store, Path annotations, String split) {
        List<String> ids = annotatedIds(annotations.resolve(split));
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        String b = bundle.toAbsolutePath().toString();
        String s = store.toAbsolutePath().toString();
        String a = annotations.resolve(split).toAbsolutePath().toString();
        List<VideoScore> scores = jsc.parallelize(ids, Math.max(1, ids.size()))
                .map(id -> score(b, s, a, id))
                .collect();
        ConfusionMatrix total = ConfusionMatrix.empty(AbawClass.COUNT);
        for (VideoScore v : scores) {
            if (v.error() == null) {
                total = total.plus(ConfusionMatrix.of(v.confusion()));
            }
        }
        return new Result(total, scores);
    }

    static List<String> annotatedIds(Path splitDir) {
        try (Stream<Path> s = Files.list(splitDir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".txt"))
                    .map(n -> n.substring(0, n.length() - 4))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new Fer4jException(
                    splitDir,
                    "cannot list the annotation folder (" + e.getMessage()
                            + "); pass --annotations with Train_Set/ and Validation_Set/ inside");
        }
    }

    /** Executor side: one video's confusion counts with the bundle's own configuration. */
    static VideoScore score(String bundlePath, String storeDir, String splitDir, String videoId) {
        try {
            BundlePredictor predictor = ExecutorModels.get(
                    "bundle:" + bundlePath, k -> new BundlePredictor(BundleFiles.read(Path.of(bundlePath))));
            Path annotationFile = Path.of(splitDir, videoId + ".txt");
            ExprAnnotation annotation = ExprAnnotations.read(annotationFile);
            FeatureStore store = FeatureStore.open(Path.of(storeDir));
            if (!store.isComplete(videoId)) {
                return new VideoScore(videoId, null, "missing or incomplete in the store " + storeDir);
            }
            StoredVideo video = store.video(videoId, true);
            BundleCompatibility.require(Path.of(bundlePath), predictor.bundle(), Path.of(storeDir), video);
            AnnotatedVideo aligned =
                    AnnotatedVideo.align(annotation, video, AlignmentPolicy.defaults(), annotationFile);
            int[] predicted = predictor.predict(aligned.features()).labels();
            return new VideoScore(
                    videoId, ConfusionMatrix.of(annotation.labels(), predicted).toArray(), null);
        } catch (RuntimeException e) {
            return new VideoScore(videoId, null, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    @picocli.CommandLine.Command(
            name = "evaluate",
            mixinStandardHelpOptions = true,
            description = "Evaluate a bundle over a store, one Spark task per video; confusions are summed exactly.")
    static final class Command implements Callable<Integer> {
        @Option(names = "--bundle", required = true, description = "Bundle written by 'fer4j train'.")
        Path bundle;

        @Option(names = "--store", required = true, description = "Feature store directory (shared storage).")
        Path store;

        @Option(
                names = "--annotations",
                required = true,
                description = "Folder holding Train_Set/ and Validation_Set/.")
        Path annotations;

        @Option(names = "--split", defaultValue = "Validation_Set", description = "Annotation split to score.")
        String split;

        @Option(
                names = "--json",
                description = "Write macro_f1, accuracy, per_class_f1, confusion as JSON (must not "
                        + "exist unless --force).")
        Path json;

        @Option(names = "--force", description = "Overwrite an existing --json file (never an input).")
        boolean force;

        @Option(names = "--master", description = "Spark master when not set by spark-submit (default local[cores]).")
        String master;

        @Override
        public Integer call() throws Exception {
            if (json != null) { // before the job: a refused output must not cost a whole evaluation
                OutputGuard.overwriting(force)
                        .reading("--bundle", bundle)
                        .readingTree("--store", store)
                        .readingTree("--annotations", annotations)
                        .requireFile("--json", json);
            }
            BundleFiles.read(bundle); // fail fast on the driver with the bundle's own message
            SparkSession spark = Fer4jSpark.session("fer4j evaluate", master);
            Result r = evaluate(spark, bundle, store, annotations, split);
            for (VideoScore f : r.failed()) {
                System.err.println("FAILED " + f.videoId() + ": " + f.error());
            }
            ConfusionMatrix cm = r.confusion();
            System.out.printf(
                    "%s: %d videos (%d failed), macro-F1 %.4f, accuracy %.4f%n",
                    split, r.videos().size(), r.failed().size(), cm.macroF1(), cm.accuracy());
            if (json != null) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("macro_f1", cm.macroF1());
                m.put("accuracy", cm.accuracy());
                m.put("per_class_f1", cm.perClassF1());
                m.put("confusion", cm.toArray());
                List<String> failed = new ArrayList<>();
                r.failed().forEach(f -> failed.add(f.videoId()));
                m.put("failed_videos", failed);
                AtomicFiles.writeString(json, Fer4jSpark.JSON.writeValueAsString(m));
            }
            return r.failed().isEmpty() ? io.fer4j.error.ExitCodes.OK : io.fer4j.error.ExitCodes.SOME_FAILED;
        }
    }
}
