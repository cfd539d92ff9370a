package io.fer4j.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fer4j.engine.EngineSpec;
import io.fer4j.error.ExitCodes;
import io.fer4j.error.Fer4jException;
import io.fer4j.error.UserErrors;
import io.fer4j.store.AtomicFiles;
import io.fer4j.store.OutputGuard;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code spark-submit --class io.fer4j.spark.Fer4jSpark fer4j-spark-*-job.jar extract|evaluate ...}: fer4j's
 * extraction and evaluation distributed over a Spark cluster (or {@code local[N]}).
 */
@Command(
        name = "fer4j-spark",
        mixinStandardHelpOptions = true,
        description = "fer4j on Apache Spark: distributed feature extraction and evaluation.",
        subcommands = {Fer4jSpark.Extract.class, SparkEvaluation.Command.class})
public final class Fer4jSpark implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Fer4jSpark());
        cl.setExecutionExceptionHandler(
                (ex, c, parse) -> UserErrors.report(ex, "fer4j-spark " + c.getCommandName(), c.getErr()));
        return cl;
    }

    /** A session from spark-submit's settings, or {@code local[N]} when run without a master. */
    static SparkSession session(String appName, String master) {
        SparkSession.Builder b = SparkSession.builder().appName(appName);
        if (master != null) {
            b.master(master);
        } else if (!new org.apache.spark.SparkConf().contains("spark.master")) {
            b.master("local[" + Runtime.getRuntime().availableProcessors() + "]");
        }
        return b.config("spark.ui.enabled", "false").getOrCreate();
    }

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Command(
            name = "extract",
            mixinStandardHelpOptions = true,
            description = "Extract features for every video (one Spark task per video) into a feature store.")
    static final class Extract implements Callable<Integer> {
        @Option(
                names = "--input",
                required = true,
                split = ",",
                description = "Video files, directories of videos or face-image folders (local, hdfs://, s3a://).")
        List<String> inputs;

        @Option(names = "--store", required = true, description = "Feature store directory URI (docs/CONTRACTS.md §3).")
        String store;

        @Option(
                names = "--backbone",
                defaultValue = EngineSpec.DEFAULT_BACKBONE,
                description = "Registry name, ONNX path on every executor, or a file shipped with --files.")
        String backbone;

        @Option(
                names = "--detector",
                defaultValue = "yunet",
                description = "yunet, haar, or a YuNet-compatible ONNX file.")
        String detector;

        @Option(
                names = "--detect-width",
                defaultValue = "" + EngineSpec.DEFAULT_DETECT_WIDTH,
                description = "Detection width in pixels (0 = full).")
        int detectWidth;

        @Option(names = "--batch", defaultValue = "32", description = "Faces per backbone call.")
        int batch;

        @Option(
                names = "--threads",
                defaultValue = "1",
                description = "Cores per task, shared between decoding/detection and ONNX Runtime as by "
                        + "fer4j extract --threads (set spark.task.cpus to match).")
        int threads;

        @Option(names = "--device", defaultValue = "cpu", description = "cpu or cuda[:N] (as fer4j extract --device).")
        String device;

        @Option(
                names = "--stride",
                defaultValue = "1",
                description = "Run the backbone on every K-th face frame only (as fer4j extract --stride).")
        int stride;

        @Option(
                names = "--detect-every",
                defaultValue = "1",
                description = "Run the face detector on every K-th frame only (as fer4j extract --detect-every).")
        int detectEvery;

        @Option(names = "--fp16", description = "Write embeddings as float16.")
        boolean fp16;

        @Option(names = "--all-faces", description = "One store video per tracked person (<video>_track<k>).")
        boolean allFaces;

        @Option(names = "--parquet", description = "Also write the store as a Parquet table at this URI.")
        String parquet;

        @Option(
                names = "--summary",
                description =
                        "Write the per-video summary as JSON to this local file " + "(must not exist unless --force).")
        Path summary;

        @Option(names = "--force", description = "Overwrite an existing --summary file (never an input).")
        boolean force;

        @Option(names = "--master", description = "Spark master when not set by spark-submit (default local[cores]).")
        String master;

        @Override
        public Integer call() throws Exception {
            if (summary != null) { // before the job: a refused output must not cost a whole extraction
                OutputGuard guard = OutputGuard.overwriting(force);
                for (String in : inputs) {
                    guard = in.contains("://") ? guard : guard.reading("--input", Path.of(in));
                }
                guard = store.contains("://") ? guard : guard.readingTree("--store", Path.of(store));
                guard.requireFile("--summary", summary);
            }
            SparkSession spark = session("fer4j extract", master);
            long start = System.nanoTime();
            List<VideoTask> tasks =
                    SparkExtraction.listTasks(inputs, spark.sparkContext().hadoopConfiguration());
            if (tasks.isEmpty()) {
                throw new Fer4jException(
                        Path.of(inputs.get(0)), "holds no videos or face-image folders; check --input");
            }
            ExtractConfig config = new ExtractConfig(
                    backbone, detector, detectWidth, batch, threads, fp16, allFaces, device, stride, detectEvery);
            config.toSpec(); // a specification that cannot work fails here, on the driver, naming the option
            ExecutorModels.requireShipped(
                    "--backbone", backbone, spark.sparkContext().conf());
            ExecutorModels.requireShipped(
                    "--detector", detector, spark.sparkContext().conf());
            List<TaskResult> results = SparkExtraction.run(spark, tasks, store, config);
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, Object> report = summary(results, seconds);
            printSummary(results, report);
            if (summary != null) {
                AtomicFiles.writeString(summary, JSON.writeValueAsString(report));
            }
            if (parquet != null) {
                List<String> ids = new ArrayList<>();
                for (TaskResult r : results) {
                    if (!TaskResult.FAILED.equals(r.status())) {
                        ids.add(r.videoId());
                    }
                }
                if (!allFaces) {
                    long rows = ParquetExport.export(spark, store, ids, parquet).count();
                    System.out.println("parquet: " + rows + " face-frame rows written to " + parquet);
                } else {
                    System.err.println("parquet export of --all-faces stores is not supported; read the store instead");
                }
            }
            return results.stream().anyMatch(r -> TaskResult.FAILED.equals(r.status()))
                    ? ExitCodes.SOME_FAILED
                    : ExitCodes.OK;
        }
    }

    /** Counts and rates over a job's results (videos per minute counts extracted videos only). */
    static Map<String, Object> summary(List<TaskResult> results, double wallSeconds) {
        int extracted = 0;
        int skipped = 0;
        int failed = 0;
        long frames = 0;
        for (TaskResult r : results) {
            switch (r.status()) {
                case TaskResult.EXTRACTED -> {
                    extracted++;
                    frames += r.frameCount();
                }
                case TaskResult.SKIPPED -> skipped++;
                default -> failed++;
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("videos", results.size());
        m.put("extracted", extracted);
        m.put("skipped", skipped);
        m.put("failed", failed);
        m.put("frames", frames);
        m.put("wall_seconds", wallSeconds);
        m.put("videos_per_minute", wallSeconds > 0 ? extracted * 60.0 / wallSeconds : 0.0);
        m.put("frames_per_second", wallSeconds > 0 ? frames / wallSeconds : 0.0);
        m.put("results", results);
        return m;
    }

    // typed reads of summary()'s numbers, so the format string's %d and %.1f are checked at compile time
    private static long count(Map<String, Object> report, String key) {
        return ((Number) report.get(key)).longValue();
    }

    private static double real(Map<String, Object> report, String key) {
        return ((Number) report.get(key)).doubleValue();
    }

    private static void printSummary(List<TaskResult> results, Map<String, Object> report) {
        for (TaskResult r : results) {
            if (TaskResult.FAILED.equals(r.status())) {
                System.err.printf("FAILED %s: %s%n", r.videoId(), r.message());
            }
        }
        System.out.printf(
                "videos %d: extracted %d, skipped %d (already complete), failed %d; %d frames in %.1f s"
                        + " (%.2f videos/min, %.1f frames/s)%n",
                count(report, "videos"),
                count(report, "extracted"),
                count(report, "skipped"),
                count(report, "failed"),
                count(report, "frames"),
                real(report, "wall_seconds"),
                real(report, "videos_per_minute"),
                real(report, "frames_per_second"));
    }
}
