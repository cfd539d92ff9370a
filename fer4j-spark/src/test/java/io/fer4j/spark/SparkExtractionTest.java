package io.fer4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer4j.cli.Fer4jCommand;
import io.fer4j.error.ExitCodes;
import io.fer4j.npy.Npy;
import io.fer4j.npy.NpyArray;
import io.fer4j.store.FeatureStore;
import io.fer4j.store.StoredVideo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark local mode over the shared fixtures: the store Spark writes equals the one fer4j's own extraction writes
 * (frames bit for bit, embeddings within 1e-5, meta.json apart from extracted_by), a restarted job resumes, a
 * corrupt video among good ones is reported, and a second job on a store in use refuses.
 */
class SparkExtractionTest {
    private static Path fixtures;
    private static SparkSession spark;

    @BeforeAll
    static void setUp() {
        String shared = System.getProperty("fer4j.shared");
        fixtures = shared == null ? null : Path.of(shared, "fixtures");
        Assumptions.assumeTrue(
                fixtures != null && Files.isRegularFile(fixtures.resolve("media/video.mp4")),
                "needs ../shared/fixtures (video.mp4, enet_b0_random.onnx, face_detection_yunet.onnx); not present");
        spark = Fer4jSpark.session("fer4j-spark-test", "local[2]");
    }

    @AfterAll
    static void tearDown() {
        if (spark != null) {
            spark.stop();
        }
    }

    private static String[] extractArgs(Path input, Path store, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of(
                "extract",
                "--master",
                "local[2]",
                "--input",
                input.toString(),
                "--store",
                store.toString(),
                "--backbone",
                fixtures.resolve("models/enet_b0_random.onnx").toString(),
                "--detector",
                fixtures.resolve("models/face_detection_yunet.onnx").toString()));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void sparkStoreEqualsLocalExtractionAndResumes(@TempDir Path tmp) throws Exception {
        Path videos = Files.createDirectories(tmp.resolve("videos"));
        for (String id : List.of("a", "b", "c")) {
            Files.copy(fixtures.resolve("media/video.mp4"), videos.resolve(id + ".mp4"));
        }
        Files.write(videos.resolve("broken.mp4"), new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p', 1, 2, 3});

        Path sparkStore = tmp.resolve("spark-store");
        Path summary = tmp.resolve("summary.json");
        int exit = Fer4jSpark.commandLine()
                .execute(extractArgs(
                        videos,
                        sparkStore,
                        "--summary",
                        summary.toString(),
                        "--parquet",
                        tmp.resolve("table.parquet").toUri().toString()));
        assertEquals(ExitCodes.SOME_FAILED, exit, "one corrupt video must make the exit code say so");
        JsonNode s = new ObjectMapper().readTree(summary.toFile());
        assertEquals(4, s.get("videos").asInt());
        assertEquals(3, s.get("extracted").asInt());
        assertEquals(1, s.get("failed").asInt());
        for (JsonNode r : s.get("results")) {
            if (r.get("videoId").asText().equals("broken")) {
                assertEquals("failed", r.get("status").asText());
                assertFalse(r.get("message").asText().isBlank());
            }
        }
        assertFalse(Files.exists(sparkStore.resolve("broken").resolve("meta.json")));

        // Reference: the single-JVM command `fer4j extract` on the same video with its default settings.
        Path localStore = tmp.resolve("local-store");
        Path single = Files.createDirectories(tmp.resolve("single"));
        Files.copy(videos.resolve("a.mp4"), single.resolve("a.mp4"));
        assertEquals(
                0,
                Fer4jCommand.commandLine()
                        .execute(
                                "extract",
                                "--input",
                                single.toString(),
                                "--store",
                                localStore.toString(),
                                "--backbone",
                                fixtures.resolve("models/enet_b0_random.onnx").toString(),
                                "--detector",
                                fixtures.resolve("models/face_detection_yunet.onnx")
                                        .toString()));
        StoredVideo expected = FeatureStore.open(localStore).video("a");
        // the same store: meta.json as fer4j extract writes it (detector, detect_width, crop_margin, all_faces),
        // apart from who wrote it; no attempt folder or lock left behind
        for (String id : List.of("a", "b", "c")) {
            StoreAssertions.assertSameMeta(localStore.resolve("a/meta.json"), sparkStore.resolve(id + "/meta.json"));
        }
        assertEquals(List.of(), StoreAssertions.hiddenEntries(sparkStore));
        for (String id : List.of("a", "b", "c")) {
            StoredVideo got = FeatureStore.open(sparkStore).video(id);
            assertArrayEquals(
                    Files.readAllBytes(localStore.resolve("a/frames.npy")),
                    Files.readAllBytes(sparkStore.resolve(id + "/frames.npy")),
                    "frames.npy bit for bit");
            assertEquals(expected.meta().frameCount(), got.meta().frameCount());
            float[] e = Npy.read(localStore.resolve("a/embeddings.npy")).toFloatArray();
            float[] g = Npy.read(sparkStore.resolve(id + "/embeddings.npy")).toFloatArray();
            assertEquals(e.length, g.length);
            for (int i = 0; i < e.length; i++) {
                assertEquals(e[i], g[i], 1e-5, "embedding value " + i + " of " + id);
            }
        }

        // Parquet: one row per face frame with the store's values.
        List<Row> rows = spark.read()
                .parquet(tmp.resolve("table.parquet").toUri().toString())
                .filter("video = 'b'")
                .orderBy("frame")
                .collectAsList();
        assertEquals(expected.rowCount(), rows.size());
        assertTrue(
                expected.rowCount() >= 1, "video.mp4 shows faces; some must be found at the default detection width");
        NpyArray logits = Npy.read(sparkStore.resolve("b/logits.npy"));
        assertEquals(logits.getFloat(0), rows.get(0).<Float>getList(3).get(0), 0f);

        // A killed job leaves an incomplete video (no meta.json) and a hidden temp folder: rerun redoes only that.
        Files.delete(sparkStore.resolve("c/meta.json"));
        Files.createDirectories(sparkStore.resolve(".c.tmp-killed"));
        Files.delete(summary);
        exit = Fer4jSpark.commandLine().execute(extractArgs(videos, sparkStore, "--summary", summary.toString()));
        assertEquals(ExitCodes.SOME_FAILED, exit);
        s = new ObjectMapper().readTree(summary.toFile());
        assertEquals(1, s.get("extracted").asInt(), "only the interrupted video is redone");
        assertEquals(2, s.get("skipped").asInt());
        assertTrue(Files.exists(sparkStore.resolve("c/meta.json")));
        assertEquals(List.of(), StoreAssertions.hiddenEntries(sparkStore), "the driver removed the stale temp folder");
        assertArrayEquals(
                Files.readAllBytes(localStore.resolve("a/frames.npy")),
                Files.readAllBytes(sparkStore.resolve("c/frames.npy")));
    }

    @Test
    void aSecondJobOnAStoreInUseRefusesAndLeavesItAlone(@TempDir Path tmp) throws Exception {
        Path videos = Files.createDirectories(tmp.resolve("videos"));
        Files.copy(fixtures.resolve("media/video.mp4"), videos.resolve("v.mp4"));
        Path store = tmp.resolve("store");
        java.io.StringWriter err = new java.io.StringWriter();
        try (StoreJob running =
                StoreJob.open(store.toString(), spark.sparkContext().hadoopConfiguration(), "app-first")) {
            Files.createDirectories(store.resolve(".v.attempt-1-0-app-first")); // the first job's attempt, mid-write
            var cl = Fer4jSpark.commandLine();
            cl.setErr(new java.io.PrintWriter(err, true));
            assertEquals(ExitCodes.USER_ERROR, cl.execute(extractArgs(videos, store)));
            assertTrue(Files.isDirectory(store.resolve(".v.attempt-1-0-app-first")), "the running job's folder stays");
        }
        assertTrue(
                err.toString().contains("another fer4j-spark job")
                        && err.toString().contains("app-first"),
                err.toString());
        assertEquals(0, Fer4jSpark.commandLine().execute(extractArgs(videos, store)), "once the first job is done");
        assertTrue(Files.isRegularFile(store.resolve("v/meta.json")));
        assertEquals(List.of(), StoreAssertions.hiddenEntries(store));
    }

    @Test
    void modelsAreLoadedOncePerJvm(@TempDir Path tmp) throws Exception {
        Path videos = Files.createDirectories(tmp.resolve("videos"));
        for (String id : List.of("x", "y", "z")) {
            Files.copy(fixtures.resolve("media/video.mp4"), videos.resolve(id + ".mp4"));
        }
        assertEquals(0, Fer4jSpark.commandLine().execute(extractArgs(videos, tmp.resolve("store"))));
        int loaded = ExecutorModels.loadedCount();
        assertEquals(0, Fer4jSpark.commandLine().execute(extractArgs(videos, tmp.resolve("store2"))));
        assertEquals(
                loaded, ExecutorModels.loadedCount(), "a second job with the same models reuses the JVM's session");
    }
}
