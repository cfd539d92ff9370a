package io.fer4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.cli.Fer4jCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Extraction on a real cluster: a Spark standalone master and two 1-core workers as separate JVMs on loopback
 * ({@link StandaloneCluster}; {@code local-cluster} cannot be used: all its workers share one host, and Spark never
 * runs a speculative copy on the original's host), executors launched by the workers, speculation forced on, over one
 * short and two long videos; then once more while an executor is killed (kill -9) in the middle of a task. Both
 * runs must exit 0 with every video present, no temporary folder left, and stores bit-identical to
 * {@code fer4j extract}. The second run reads its input through a filesystem of its own scheme ({@code loop://},
 * {@link LoopbackFileSystem}), so executors stage it into local temporary folders, which must not survive the kill.
 * Starting executor JVMs and extracting ~2000 frames takes minutes on two cores: this test runs in .ci/run
 * ({@code -Dfer4j.cluster=true}), not in every {@code mvn verify}.
 */
class SparkClusterTest {
    private static final String OPENS = "--add-opens=java.base/java.lang=ALL-UNNAMED"
            + " --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED"
            + " --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED"
            + " --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED"
            + " --add-opens=java.base/java.util.concurrent=ALL-UNNAMED"
            + " --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED"
            + " --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED"
            + " --add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false";
    private static final List<String> IDS = List.of("a-short", "b-long", "c-long");

    @Test
    void speculationAndAKilledExecutorLeaveTheStoreOfFer4jExtract(@TempDir Path tmp) throws Exception {
        Assumptions.assumeTrue(
                Boolean.getBoolean("fer4j.cluster"),
                "starts executor JVMs and takes minutes: runs in" + " .ci/run with -Dfer4j.cluster=true");
        String shared = System.getProperty("fer4j.shared");
        Path fixtures = shared == null ? null : Path.of(shared, "fixtures");
        Assumptions.assumeTrue(
                fixtures != null && Files.isRegularFile(fixtures.resolve("media/video_long.mp4")),
                "needs ../shared/fixtures (video.mp4, video_long.mp4, models); not present");
        Path backbone = fixtures.resolve("models/enet_b0_random.onnx");
        Path detector = fixtures.resolve("models/face_detection_yunet.onnx");
        Path in = Files.createDirectories(tmp.resolve("in"));
        // one task per video in name order: the short one first, so that the long ones start apart and one of
        // them is still running when a slot frees up for a speculative copy
        Files.copy(fixtures.resolve("media/video.mp4"), in.resolve("a-short.mp4"));
        Files.copy(fixtures.resolve("media/video_long.mp4"), in.resolve("b-long.mp4"));
        Files.copy(fixtures.resolve("media/video_long.mp4"), in.resolve("c-long.mp4"));

        // the reference: fer4j extract of the short and one long video (the two long ones are the same file)
        Path reference = Files.createDirectories(tmp.resolve("reference"));
        Files.copy(in.resolve("a-short.mp4"), reference.resolve("a-short.mp4"));
        Files.copy(in.resolve("b-long.mp4"), reference.resolve("long.mp4"));
        Path cliStore = tmp.resolve("cli-store");
        assertEquals(
                0,
                Fer4jCommand.commandLine()
                        .execute(
                                "extract",
                                "--input",
                                reference.toString(),
                                "--store",
                                cliStore.toString(),
                                "--backbone",
                                backbone.toString(),
                                "--detector",
                                detector.toString()));

        Path sparkHome = Files.createDirectories(tmp.resolve("spark-home/jars")).getParent();
        StandaloneCluster cluster = StandaloneCluster.start(tmp, sparkHome, 2, OPENS);
        SparkSession spark = SparkSession.builder()
                .appName("fer4j-cluster-test")
                .master(cluster.masterUrl())
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.executor.extraClassPath", System.getProperty("java.class.path"))
                .config("spark.executor.extraJavaOptions", OPENS)
                .config("spark.executor.memory", "1g")
                .config("spark.speculation", "true")
                .config("spark.speculation.quantile", "0.3")
                .config("spark.speculation.multiplier", "0.2")
                .config("spark.speculation.interval", "1s")
                .config("spark.speculation.minTaskRuntime", "1s")
                .config("spark.hadoop.fs.loop.impl", LoopbackFileSystem.class.getName())
                .config("spark.hadoop.fs.AbstractFileSystem.loop.impl", LoopbackFileSystem.Context.class.getName())
                .config("spark.ui.enabled", "false")
                .getOrCreate();
        Attempts attempts = new Attempts();
        spark.sparkContext().addSparkListener(attempts);
        try {
            // 1. speculation: copies of slow tasks race their originals to the commit
            Path store = tmp.resolve("spark-store");
            assertEquals(0, extract(in.toString(), store, backbone, detector));
            assertTrue(attempts.speculative.get() >= 1, "speculation must have started a copy of a long task");
            assertStoreOfFer4jExtract(cliStore, store);

            // 2. an executor killed in the middle of a task; the input comes through a "remote" filesystem
            Path store2 = tmp.resolve("spark-store-killed");
            Killer killer = new Killer(store2, attempts);
            killer.start();
            int exit = extract(
                    LoopbackFileSystem.ROOT.resolve(in.toUri().getPath()).toString(), store2, backbone, detector);
            killer.interrupt(); // done when the job is: stop polling if it never found its moment
            killer.join();
            assertEquals(null, killer.failure, "the killer thread");
            assertTrue(killer.killedPid > 0, "an executor must have been killed mid-task");
            assertEquals(0, exit, "the killed executor's task is retried");
            assertStoreOfFer4jExtract(cliStore, store2);
            try (Stream<Path> left = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
                String killedPrefix = "-" + killer.killedPid + "-";
                assertEquals(
                        List.of(),
                        left.map(p -> p.getFileName().toString())
                                .filter(n -> n.startsWith(ExecutorTemp.PREFIX) && n.contains(killedPrefix))
                                .toList(),
                        "temporary folders of the killed executor's task");
            }
        } finally {
            spark.stop();
            cluster.close();
        }
    }

    private static int extract(String input, Path store, Path backbone, Path detector) {
        return Fer4jSpark.commandLine()
                .execute(
                        "extract",
                        "--input",
                        input,
                        "--store",
                        store.toString(),
                        "--backbone",
                        backbone.toString(),
                        "--detector",
                        detector.toString());
    }

    private static void assertStoreOfFer4jExtract(Path cliStore, Path sparkStore) throws IOException {
        assertEquals(List.of(), StoreAssertions.hiddenEntries(sparkStore), "no temporary folder or lock left");
        for (String id : IDS) {
            StoreAssertions.assertSameVideo(cliStore, id.endsWith("-long") ? "long" : id, sparkStore, id);
        }
    }

    /** Task attempts seen by the driver: which executor runs which attempt, how many were speculative. */
    static final class Attempts extends SparkListener {
        final Map<Long, String> executorOfTask = new ConcurrentHashMap<>();
        final AtomicInteger speculative = new AtomicInteger();

        @Override
        public void onTaskStart(SparkListenerTaskStart start) {
            executorOfTask.put(start.taskInfo().taskId(), start.taskInfo().executorId());
            if (start.taskInfo().speculative()) {
                speculative.incrementAndGet();
            }
        }
    }

    /**
     * Kills (SIGKILL) the executor JVM running a long video as soon as that attempt's folder exists in the store,
     * i.e. while it is extracting.
     */
    static final class Killer extends Thread {
        private final Path store;
        private final Attempts attempts;
        volatile long killedPid;
        volatile Throwable failure;

        Killer(Path store, Attempts attempts) {
            this.store = store;
            this.attempts = attempts;
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
                while (System.nanoTime() < deadline) {
                    Optional<Long> task = runningLongAttempt();
                    String executor = task.map(attempts.executorOfTask::get).orElse(null);
                    if (executor != null) {
                        Optional<ProcessHandle> p = ProcessHandle.current()
                                .descendants()
                                .filter(h -> commandLine(h).contains("CoarseGrainedExecutorBackend")
                                        && commandLine(h).contains("--executor-id " + executor + " "))
                                .findFirst();
                        if (p.isPresent()) {
                            killedPid = p.get().pid();
                            p.get().destroyForcibly();
                            return;
                        }
                    }
                    Thread.sleep(50); // polling the store for the attempt folder, not waiting for an outcome
                }
            } catch (InterruptedException stopped) {
                // the job ended first: killedPid stays 0 and the test says so
            } catch (Throwable t) {
                failure = t;
            }
        }

        /** The full command line (ProcessHandle.Info truncates long ones, such as a JVM's with a long classpath). */
        private static String commandLine(ProcessHandle h) {
            try {
                return new String(
                                Files.readAllBytes(Path.of("/proc", Long.toString(h.pid()), "cmdline")),
                                java.nio.charset.StandardCharsets.UTF_8)
                        .replace('\0', ' ');
            } catch (IOException e) {
                return h.info().commandLine().orElse("");
            }
        }

        private Optional<Long> runningLongAttempt() throws IOException {
            if (!Files.isDirectory(store)) {
                return Optional.empty();
            }
            try (Stream<Path> s = Files.list(store)) {
                return s.map(p -> p.getFileName().toString())
                        .filter(n -> n.contains("-long" + TaskAttempt.FOLDER_MARKER))
                        .map(n -> Long.parseLong(
                                n.substring(n.indexOf(TaskAttempt.FOLDER_MARKER) + TaskAttempt.FOLDER_MARKER.length())
                                        .split("-")[0]))
                        .findFirst();
            }
        }
    }
}
