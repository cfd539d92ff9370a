package io.fer4j.spark;

import io.fer4j.error.Fer4jException;
import io.fer4j.vision.backbone.BackboneOptions;
import io.fer4j.vision.decode.FaceImageFolderSource;
import io.fer4j.vision.decode.VideoFileScanner;
import io.fer4j.vision.detect.FaceDetector;
import io.fer4j.vision.detect.YuNetDetector;
import io.fer4j.vision.extract.BackboneEmbedder;
import io.fer4j.vision.extract.ExtractionOptions;
import io.fer4j.vision.extract.ThreadBudget;
import io.fer4j.vision.extract.StoreExtraction;
import io.fer4j.vision.extract.VideoFeatureExtractor;
import io.fer4j.vision.extract.VideoSummary;
import io.fer4j.vision.registry.ModelResolver;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Distributed feature extraction: one Spark task per video, each running fer4j's own extraction pipeline
 * ({@link StoreExtraction}) with models loaded once per executor JVM, writing the same store layout as
 * {@code fer4j extract} (DESIGN §3). Complete videos are skipped, so a restarted job resumes; a failing video is
 * reported in the summary and does not fail the job.
 */
public final class SparkExtraction {

    private SparkExtraction() {
    }

    /** Expands inputs (video files, directories of videos or face-image folders, on any Hadoop filesystem). */
    public static List<VideoTask> listTasks(List<String> inputs, Configuration conf) {
        List<VideoTask> tasks = new ArrayList<>();
        for (String input : inputs) {
            FileStatus[] entries;
            try {
                org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(input);
                FileStatus st = p.getFileSystem(conf).getFileStatus(p);
                if (st.isFile()) {
                    tasks.add(new VideoTask(VideoFileScanner.videoId(Path.of(p.getName())), st.getPath().toString(), false));
                    continue;
                }
            } catch (IOException e) {
                throw new Fer4jException(Path.of(input), "cannot be read (" + e.getMessage()
                        + "); pass existing video files or directories (local, hdfs://, s3a://)");
            }
            entries = HadoopStaging.list(input, conf);
            if (isFaceFolder(entries)) {
                org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(input);
                tasks.add(new VideoTask(p.getName(), p.toString(), true));
                continue;
            }
            for (FileStatus e : entries) {
                String name = e.getPath().getName();
                if (name.startsWith(".")) {
                    continue;
                }
                if (e.isDirectory()) {
                    if (isFaceFolder(HadoopStaging.list(e.getPath().toString(), conf))) {
                        tasks.add(new VideoTask(name, e.getPath().toString(), true));
                    }
                } else if (VideoFileScanner.VIDEO_EXTENSIONS.contains(extension(name))) {
                    tasks.add(new VideoTask(VideoFileScanner.videoId(Path.of(name)), e.getPath().toString(), false));
                }
            }
        }
        return tasks;
    }

    private static boolean isFaceFolder(FileStatus[] entries) {
        for (FileStatus e : entries) {
            if (e.isFile() && FaceImageFolderSource.isFrameImageName(e.getPath().getName())) {
                return true;
            }
        }
        return false;
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** Runs the job: one partition (task) per video; returns one result per video, in input order. */
    public static List<TaskResult> run(SparkSession spark, List<VideoTask> tasks, String storeUri, ExtractConfig config) {
        if (tasks.isEmpty()) {
            return List.of();
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        SerializableConfiguration conf = new SerializableConfiguration(jsc.hadoopConfiguration());
        return jsc.parallelize(tasks, tasks.size())
                .map(t -> process(t, storeUri, config, conf.value()))
                .collect();
    }

    /** Executor side: extracts one video unless it is already complete in the store. */
    static TaskResult process(VideoTask task, String storeUri, ExtractConfig config, Configuration conf) {
        long start = System.nanoTime();
        String executor = executorName();
        Path tmp = null;
        try {
            // With --all-faces, video v is stored as v_track1..k and v_track1 is written last.
            String storeId = config.allFaces() ? task.videoId() + "_track1" : task.videoId();
            if (HadoopStaging.isComplete(storeUri, storeId, conf)) {
                return new TaskResult(task.videoId(), TaskResult.SKIPPED, 0, 0, seconds(start), "", executor);
            }
            VideoFeatureExtractor extractor = ExecutorModels.get(config, SparkExtraction::openExtractor);
            tmp = Files.createTempDirectory("fer4j-spark-");
            Path input = HadoopStaging.stageIn(task.uri(), tmp, conf);
            boolean localStore = HadoopStaging.isLocal(storeUri);
            Path store = localStore ? HadoopStaging.localPath(storeUri) : tmp.resolve("store");
            StoreExtraction.Report report = StoreExtraction.run(extractor,
                    List.of(new VideoFileScanner.Item(task.videoId(), input, task.faceFolder())), store,
                    new StoreExtraction.Settings(config.float16(), Map.of("extracted_by", "fer4j-spark")),
                    new StoreExtraction.Listener() { });
            if (!report.allOk()) {
                RuntimeException why = report.failed().get(0).failure();
                return new TaskResult(task.videoId(), TaskResult.FAILED, 0, 0, seconds(start), message(why), executor);
            }
            VideoSummary s = report.extracted().get(0);
            if (!localStore) {
                try (var written = Files.list(store)) {
                    for (Path videoDir : written.filter(Files::isDirectory)
                            .filter(p -> !p.getFileName().toString().startsWith(".")).toList()) {
                        HadoopStaging.publish(videoDir, storeUri, conf);
                    }
                }
            }
            return new TaskResult(task.videoId(), TaskResult.EXTRACTED, s.frameCount(), s.framesWithFace(),
                    seconds(start), "", executor);
        } catch (IOException | RuntimeException e) {
            return new TaskResult(task.videoId(), TaskResult.FAILED, 0, 0, seconds(start), message(e), executor);
        } finally {
            HadoopStaging.deleteLocal(tmp);
        }
    }

    /** Opens the backbone session and detector factory once per executor JVM and configuration. */
    static VideoFeatureExtractor openExtractor(ExtractConfig c) {
        ModelResolver resolver = ModelResolver.defaults();
        ModelResolver.ResolvedBackbone backbone = resolver.resolveBackbone(ExecutorModels.localModel(c.backbone()));
        // a task's cores (spark.task.cpus) are shared by the rule of fer4j extract --threads
        ThreadBudget budget = ThreadBudget.forCores(c.threadsPerTask());
        BackboneEmbedder embedder = BackboneEmbedder.owning(backbone.open(budget.applyTo(BackboneOptions.defaults())));
        FaceDetector.Factory detectors = resolver.detector(ExecutorModels.localModel(c.detector()), c.detectWidth(),
                YuNetDetector.DEFAULT_SCORE_THRESHOLD).factory();
        ExtractionOptions options = budget.applyTo(ExtractionOptions.defaults()).withBatchSize(c.batchSize())
                .withAllFaces(c.allFaces());
        return new VideoFeatureExtractor(embedder, detectors, options);
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static String executorName() {
        try {
            return InetAddress.getLocalHost().getHostName() + "/" + ManagementFactory.getRuntimeMXBean().getPid();
        } catch (IOException e) {
            return "pid " + ManagementFactory.getRuntimeMXBean().getPid();
        }
    }
}
