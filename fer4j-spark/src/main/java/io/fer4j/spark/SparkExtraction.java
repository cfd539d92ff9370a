package io.fer4j.spark;

import io.fer4j.engine.Engine;
import io.fer4j.error.Fer4jException;
import io.fer4j.store.AtomicFiles;
import io.fer4j.vision.decode.FaceImageFolderSource;
import io.fer4j.vision.decode.VideoFileScanner;
import io.fer4j.vision.extract.StoreExtraction;
import io.fer4j.vision.extract.VideoSummary;
import io.fer4j.vision.registry.ModelResolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Distributed feature extraction: one Spark task per video, each running fer4j's own extraction pipeline
 * ({@link StoreExtraction}) with models loaded once per executor JVM, writing the same store layout as
 * {@code fer4j extract} (CONTRACTS §3). Complete videos are skipped, so a restarted job resumes; a video that is bad in
 * itself is reported in the summary and does not fail the job. Safe under speculation and zombie executors: every
 * task attempt writes into a folder of its own and commits by rename, first committer wins (docs/spark.md).
 */
public final class SparkExtraction {
    /** meta.json's record of the writer, after the keys every entry point's store records ({@link Engine}). */
    static final Map<String, Object> WRITER = Map.of("extracted_by", "fer4j-spark");

    private SparkExtraction() {}

    /** Expands inputs (video files, directories of videos or face-image folders, on any Hadoop filesystem). */
    public static List<VideoTask> listTasks(List<String> inputs, Configuration conf) {
        List<VideoTask> tasks = new ArrayList<>();
        for (String input : inputs) {
            FileStatus[] entries;
            try {
                org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(input);
                FileStatus st = p.getFileSystem(conf).getFileStatus(p);
                if (st.isFile()) {
                    tasks.add(new VideoTask(
                            VideoFileScanner.videoId(Path.of(p.getName())),
                            st.getPath().toString(),
                            false));
                    continue;
                }
            } catch (IOException e) {
                throw new Fer4jException(
                        Path.of(input),
                        "cannot be read (" + e.getMessage()
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
                    tasks.add(new VideoTask(
                            VideoFileScanner.videoId(Path.of(name)), e.getPath().toString(), false));
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

    /** How long the driver waits after the job for killed attempts (speculative copies) to end before cleaning up. */
    static final Duration ATTEMPTS_DRAIN = Duration.ofMinutes(2);

    /**
     * Runs the job: one partition (task) per video; returns one result per video, in input order. The driver holds
     * the store ({@link StoreJob}): it removes stale temporary folders before the job and, once no attempt runs any
     * more, the folders of killed attempts after it.
     */
    public static List<TaskResult> run(
            SparkSession spark, List<VideoTask> tasks, String storeUri, ExtractConfig config) {
        if (tasks.isEmpty()) {
            return List.of();
        }
        SparkContext sc = spark.sparkContext();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(sc);
        SerializableConfiguration conf = new SerializableConfiguration(jsc.hadoopConfiguration());
        int maxFailures = maxTaskFailures(sc);
        try (StoreJob job = StoreJob.open(storeUri, jsc.hadoopConfiguration(), sc.applicationId())) {
            job.removeStale(tasks, config.allFaces());
            RunningTasks attempts = new RunningTasks();
            sc.addSparkListener(attempts);
            try {
                return jsc.parallelize(tasks, tasks.size())
                        .map(t -> process(t, storeUri, config, conf.value(), maxFailures))
                        .collect();
            } finally {
                try {
                    if (!attempts.awaitIdle(ATTEMPTS_DRAIN)) {
                        System.err.println("warning: killed task attempts still running after "
                                + ATTEMPTS_DRAIN.toSeconds() + " s; removing their folders anyway (their videos are"
                                + " committed by other attempts)");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                sc.removeSparkListener(attempts);
                job.removeStale(List.of(), config.allFaces());
                // executors on the driver's host that died mid-task (elsewhere their host's next task does this)
                ExecutorTemp.sweepDead(Path.of(System.getProperty("java.io.tmpdir")));
            }
        } catch (IOException e) {
            throw new Fer4jException(
                    Path.of(storeUri.replaceFirst("^file:", "")),
                    "cannot clean the store's temporary" + " folders (" + e.getMessage()
                            + "); --store must be writable from the driver");
        }
    }

    /** How many times Spark runs a task before failing the job: local[N] 1, local[N,F] F, else spark.task.maxFailures. */
    static int maxTaskFailures(SparkContext sc) {
        Matcher m = LOCAL_WITH_RETRIES.matcher(sc.master());
        if (m.matches()) {
            return Integer.parseInt(m.group(1));
        }
        if (sc.master().startsWith("local") && !sc.master().startsWith("local-cluster")) {
            return 1;
        }
        return sc.conf().getInt("spark.task.maxFailures", 4);
    }

    private static final Pattern LOCAL_WITH_RETRIES = Pattern.compile("local\\[\\s*(?:\\d+|\\*)\\s*,\\s*(\\d+)\\s*]");

    /**
     * Executor side: extracts one video unless it is already complete in the store. A failure that may not repeat
     * (store or staging I/O, models, a lost or interrupted attempt) is thrown so that Spark runs the task again; on
     * the last attempt Spark allows ({@code maxFailures}) it is reported instead, so the other videos still finish.
     * A video that is bad in itself (not decodable, no frames) is reported at once.
     */
    static TaskResult process(
            VideoTask task, String storeUri, ExtractConfig config, Configuration conf, int maxFailures) {
        long start = System.nanoTime();
        TaskAttempt attempt = TaskAttempt.current();
        // With --all-faces, video v is stored as v_track1..k and v_track1 is written last.
        String storeId = config.allFaces() ? task.videoId() + "_track1" : task.videoId();
        try {
            if (HadoopStaging.isComplete(storeUri, storeId, conf)) {
                return new TaskResult(task.videoId(), TaskResult.SKIPPED, 0, 0, seconds(start), "", attempt.executor());
            }
            return extract(task, storeUri, config, conf, attempt, start);
        } catch (IOException | RuntimeException e) {
            String why = attempt.where() + ": " + message(e);
            if (attempt.attemptNumber() + 1 < maxFailures || isInterrupted()) {
                throw new AttemptFailedException(why, e);
            }
            try {
                if (HadoopStaging.isComplete(storeUri, storeId, conf)) { // another attempt committed it meanwhile
                    return new TaskResult(
                            task.videoId(),
                            TaskResult.SKIPPED,
                            0,
                            0,
                            seconds(start),
                            "committed by another attempt; " + why,
                            attempt.executor());
                }
            } catch (IOException ignored) {
                // report the first failure
            }
            return new TaskResult(
                    task.videoId(),
                    TaskResult.FAILED,
                    0,
                    0,
                    seconds(start),
                    why + " (failed " + maxFailures + " times; see spark.task.maxFailures)",
                    attempt.executor());
        }
    }

    /**
     * One attempt: extraction into a store of the attempt's own ({@code <store>/.<id>.attempt-<n>-…}, or a local
     * folder for a remote store), then the commit: each store video renamed into place, {@code _track1} last. A video
     * another attempt committed first is left alone and this attempt's copy dropped (the copies are identical).
     */
    private static TaskResult extract(
            VideoTask task, String storeUri, ExtractConfig config, Configuration conf, TaskAttempt attempt, long start)
            throws IOException {
        boolean localStore = HadoopStaging.isLocal(storeUri);
        Path tmp = localStore && HadoopStaging.isLocal(task.uri()) ? null : ExecutorTemp.create(attempt);
        Path store = localStore ? HadoopStaging.localPath(storeUri) : null;
        Path attemptStore = localStore ? store.resolve(attempt.folderName(task.videoId())) : tmp.resolve("store");
        try {
            try {
                Files.createDirectories(attemptStore); // a store this executor cannot write fails here, naming it
            } catch (IOException e) {
                throw AtomicFiles.failure(attemptStore.getParent(), "create the task attempt's folder in", e);
            }
            Engine engine = ExecutorModels.get(config, SparkExtraction::openEngine);
            Path input = HadoopStaging.stageIn(task.uri(), tmp, conf);
            StoreExtraction.Report report = engine.extract(
                    engine.storeExtractor(),
                    List.of(new VideoFileScanner.Item(task.videoId(), input, task.faceFolder())),
                    attemptStore,
                    WRITER,
                    new StoreExtraction.Listener() {});
            if (!report.allOk()) {
                RuntimeException why = report.failed().get(0).failure();
                if (concerns(why, attemptStore) || isInterrupted()) {
                    throw why; // the store or this attempt, not the video: retry
                }
                return new TaskResult(
                        task.videoId(), TaskResult.FAILED, 0, 0, seconds(start), message(why), attempt.executor());
            }
            VideoSummary s = report.extracted().get(0);
            int dropped = 0;
            for (String id : commitOrder(attemptStore)) {
                boolean committed = localStore
                        ? AttemptCommit.commitLocal(attemptStore.resolve(id), store)
                        : HadoopStaging.publish(attemptStore.resolve(id), storeUri, attempt.folderName(id), conf);
                dropped += committed ? 0 : 1;
            }
            return new TaskResult(
                    task.videoId(),
                    TaskResult.EXTRACTED,
                    s.frameCount(),
                    s.framesWithFace(),
                    seconds(start),
                    dropped == 0 ? "" : "already committed by another attempt; this copy dropped",
                    attempt.executor());
        } finally {
            if (localStore) {
                AtomicFiles.deleteQuietly(attemptStore);
            }
            AtomicFiles.deleteQuietly(tmp);
        }
    }

    /** The attempt store's videos in commit order: {@code <id>_track1}, whose meta.json marks the video, last. */
    static List<String> commitOrder(Path attemptStore) throws IOException {
        try (var written = Files.list(attemptStore)) {
            return written.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("."))
                    .sorted(Comparator.comparingInt(SparkExtraction::trackNumber)
                            .reversed()
                            .thenComparing(Comparator.naturalOrder()))
                    .toList();
        }
    }

    private static int trackNumber(String storeId) {
        int at = storeId.lastIndexOf("_track");
        try {
            return at < 0 ? 0 : Integer.parseInt(storeId.substring(at + "_track".length()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Whether a failure concerns a file under {@code dir} (writing the attempt's store) rather than the input. */
    static boolean concerns(Throwable e, Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof Fer4jException f
                    && f.file() != null
                    && f.file().toAbsolutePath().normalize().startsWith(root)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isInterrupted() {
        TaskContext tc = TaskContext.get();
        return Thread.currentThread().isInterrupted() || (tc != null && tc.isInterrupted());
    }

    /** A failed attempt that Spark should run again (it counts towards spark.task.maxFailures). */
    static final class AttemptFailedException extends RuntimeException {
        AttemptFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Loads the models once per executor JVM and configuration, through the engine every entry point builds on; a
     * task's cores (spark.task.cpus) are shared by the rule of fer4j extract --threads.
     */
    static Engine openEngine(ExtractConfig c) {
        return Engine.open(c.toSpec(), ModelResolver.defaults());
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
