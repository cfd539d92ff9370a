package io.fer4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.error.Fer4jException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commit and clean-up rules without a cluster: attempts commit by rename and the first one wins, the driver's
 * lock keeps a second job off a store, stale folders go only through the driver, and failures are sorted into
 * "retry" and "bad video".
 */
class StoreCommitTest {
    private static final Configuration CONF = new Configuration();

    private static Path video(Path dir, String id, String content) throws IOException {
        Path v = Files.createDirectories(dir.resolve(id));
        Files.writeString(v.resolve("frames.npy"), content);
        Files.writeString(v.resolve("meta.json"), "{\"by\":\"" + content + "\"}\n");
        return v;
    }

    @Test
    void firstCommitWinsAndTheSecondCopyIsDropped(@TempDir Path tmp) throws IOException {
        Path store = Files.createDirectories(tmp.resolve("store"));
        Path first = video(tmp.resolve(".v.attempt-1-0-app"), "v", "first");
        Path second = video(tmp.resolve(".v.attempt-2-1-app"), "v", "second");
        assertTrue(AttemptCommit.commitLocal(first, store));
        byte[] committed = Files.readAllBytes(store.resolve("v/frames.npy"));
        assertFalse(AttemptCommit.commitLocal(second, store), "the second attempt finds the video complete");
        assertArrayEquals(committed, Files.readAllBytes(store.resolve("v/frames.npy")), "store unchanged");
        assertEquals("{\"by\":\"first\"}\n", Files.readString(store.resolve("v/meta.json")));
        assertTrue(Files.isDirectory(second), "the dropped copy is left to its own attempt to delete");
    }

    @Test
    void aRemoteStoreAlsoKeepsTheFirstCommit(@TempDir Path tmp) throws IOException {
        // the Hadoop path (hdfs://, s3a://): copy into the attempt folder, then a rename that does not overwrite
        Configuration conf = new Configuration();
        conf.set("fs.loop.impl", LoopbackFileSystem.class.getName());
        conf.set("fs.AbstractFileSystem.loop.impl", LoopbackFileSystem.Context.class.getName());
        Path store = Files.createDirectories(tmp.resolve("store"));
        String storeUri =
                LoopbackFileSystem.ROOT.resolve(store.toUri().getPath()).toString();
        Path first = video(tmp.resolve("a1"), "v", "first");
        Path second = video(tmp.resolve("a2"), "v", "second");
        assertTrue(HadoopStaging.publish(first, storeUri, ".v.attempt-1-0-app", conf));
        assertFalse(HadoopStaging.publish(second, storeUri, ".v.attempt-2-1-app", conf), "second copy dropped");
        assertEquals("{\"by\":\"first\"}\n", Files.readString(store.resolve("v/meta.json")));
        try (var files = Files.list(store.resolve("v"))) {
            assertEquals(
                    List.of("frames.npy", "meta.json"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(),
                    "nothing nested into the committed folder");
        }
        assertEquals(List.of(), StoreAssertions.hiddenEntries(store), "attempt folders removed");
    }

    @Test
    void aCommitThatCannotRenameNamesTheVideo(@TempDir Path tmp) throws IOException {
        Path store = Files.createDirectories(tmp.resolve("store"));
        Files.createDirectories(store.resolve("v/leftover")); // not complete and not empty: rename(2) refuses
        Path mine = video(tmp.resolve("attempt"), "v", "x");
        Fer4jException e = assertThrows(Fer4jException.class, () -> AttemptCommit.commitLocal(mine, store));
        assertTrue(e.getMessage().contains(store.resolve("v").toString()), e.getMessage());
    }

    @Test
    void aSecondJobRefusesAFreshLockAndTakesOverAStaleOne(@TempDir Path tmp) throws IOException {
        String store = tmp.resolve("store").toString();
        try (StoreJob first = StoreJob.open(store, CONF, "app-1")) {
            Fer4jException e = assertThrows(Fer4jException.class, () -> StoreJob.open(store, CONF, "app-2"));
            assertTrue(
                    e.getMessage().contains(StoreJob.LOCK_NAME)
                            && e.getMessage().contains("app-1"),
                    e.getMessage());
        }
        assertEquals(List.of(), StoreAssertions.hiddenEntries(Path.of(store)), "closing releases the lock");

        // a driver killed while holding the lock: its heartbeat stopped long ago
        Path lock = Files.writeString(Path.of(store, StoreJob.LOCK_NAME), "application app-dead\n");
        Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minus(StoreJob.STALE_AFTER.multipliedBy(2))));
        try (StoreJob taken = StoreJob.open(store, CONF, "app-3")) {
            assertTrue(Files.readString(lock).contains("app-3"));
        }
    }

    @Test
    void theDriverRemovesStaleFoldersButNoCompleteVideo(@TempDir Path tmp) throws IOException {
        Path store = Files.createDirectories(tmp.resolve("store"));
        video(store, "done", "x");
        Files.createDirectories(store.resolve("partial/frames.npy")); // no meta.json: an interrupted old writer
        Files.createDirectories(store.resolve(".partial.tmp-1"));
        Files.createDirectories(store.resolve(".done.attempt-7-1-app"));
        Files.createDirectories(store.resolve(".x.old-2"));
        Files.createDirectories(store.resolve("other")); // not a video of this job: left alone
        try (StoreJob job = StoreJob.open(store.toString(), CONF, "app")) {
            List<VideoTask> tasks =
                    List.of(new VideoTask("done", "done.mp4", false), new VideoTask("partial", "partial.mp4", false));
            assertEquals(4, job.removeStale(tasks, false));
            assertEquals(List.of(StoreJob.LOCK_NAME), StoreAssertions.hiddenEntries(store));
        }
        assertTrue(Files.isRegularFile(store.resolve("done/meta.json")));
        assertFalse(Files.exists(store.resolve("partial")));
        assertTrue(Files.isDirectory(store.resolve("other")));
    }

    @Test
    void allFacesTracksOfAnIncompleteVideoGoTooThoseOfACompleteOneStay(@TempDir Path tmp) throws IOException {
        Path store = Files.createDirectories(tmp.resolve("store"));
        video(store, "a_track1", "1");
        video(store, "a_track2", "2");
        video(store, "b_track2", "2"); // b_track1 missing: b is not complete
        try (StoreJob job = StoreJob.open(store.toString(), CONF, "app")) {
            job.removeStale(List.of(new VideoTask("a", "a.mp4", false), new VideoTask("b", "b.mp4", false)), true);
        }
        assertTrue(Files.isDirectory(store.resolve("a_track2")));
        assertFalse(Files.exists(store.resolve("b_track2")));
    }

    @Test
    void commitOrderPutsTrackOneLast(@TempDir Path tmp) throws IOException {
        for (String id : List.of("v_track1", "v_track10", "v_track2", ".v_track3.tmp-1")) {
            Files.createDirectories(tmp.resolve(id));
        }
        assertEquals(List.of("v_track10", "v_track2", "v_track1"), SparkExtraction.commitOrder(tmp));
    }

    @Test
    void storeFailuresAreRetriedInputFailuresAreTheVideos(@TempDir Path tmp) {
        Path attemptStore = tmp.resolve("store/.v.attempt-1-0-app");
        RuntimeException write = new RuntimeException(
                "consumer",
                new Fer4jException(attemptStore.resolve(".v.tmp-1/frames.npy"), "could not write the file"));
        assertTrue(SparkExtraction.concerns(write, attemptStore));
        assertFalse(SparkExtraction.concerns(new Fer4jException(tmp.resolve("in/v.mp4"), "not a video"), attemptStore));
    }

    @Test
    void anUnwritableStoreIsRetriedThenReportedNamingHostAndPath(@TempDir Path tmp) throws Exception {
        Path store = Files.createDirectories(tmp.resolve("store"));
        Assumptions.assumeTrue(
                makeUnwritable(store), "needs a folder this user cannot write (chmod, or chattr +i as root)");
        try {
            Path video = Files.writeString(tmp.resolve("v.mp4"), "not read: the store fails first");
            VideoTask task = new VideoTask("v", video.toString(), false);
            ExtractConfig config = new ExtractConfig("haar", "haar", 320, 8, 1, false, false);
            String host = TaskAttempt.executorName();
            // attempt 1 of 2: thrown, so that Spark runs it again (maybe on another executor)
            RuntimeException e = assertThrows(
                    SparkExtraction.AttemptFailedException.class,
                    () -> SparkExtraction.process(task, store.toString(), config, CONF, 2));
            assertTrue(e.getMessage().contains(host) && e.getMessage().contains(store.toString()), e.getMessage());
            // the last attempt Spark allows: reported, so the other videos finish
            TaskResult r = SparkExtraction.process(task, store.toString(), config, CONF, 1);
            assertEquals(TaskResult.FAILED, r.status());
            assertTrue(r.message().contains(host) && r.message().contains(store.toString()), r.message());
        } finally {
            makeWritable(store);
        }
    }

    @Test
    void aModelFileNotShippedWithFilesIsRefusedOnTheDriver() {
        SparkConf conf = new SparkConf(false).set("spark.files", "file:/models/face_detection_yunet.onnx");
        ExecutorModels.requireShipped("--detector", "face_detection_yunet.onnx", conf);
        ExecutorModels.requireShipped("--backbone", "enet_b0_8_best_vgaf", conf); // a registry name
        Fer4jException e = assertThrows(
                Fer4jException.class, () -> ExecutorModels.requireShipped("--backbone", "my_backbone.onnx", conf));
        assertTrue(e.getMessage().contains("--backbone") && e.getMessage().contains("--files"), e.getMessage());
        Fer4jException onExecutor =
                assertThrows(Fer4jException.class, () -> ExecutorModels.localModel("my_backbone.onnx"));
        assertTrue(onExecutor.getMessage().contains(TaskAttempt.executorName()), onExecutor.getMessage());
    }

    private static boolean makeUnwritable(Path dir) throws Exception {
        if (new com.sun.security.auth.module.UnixSystem().getUid() == 0) { // root writes anywhere but immutable folders
            return new ProcessBuilder("chattr", "+i", dir.toString())
                            .redirectErrorStream(true)
                            .start()
                            .waitFor()
                    == 0;
        }
        return dir.toFile().setWritable(false, false) && !Files.isWritable(dir);
    }

    private static void makeWritable(Path dir) throws Exception {
        if (new com.sun.security.auth.module.UnixSystem().getUid() == 0) {
            new ProcessBuilder("chattr", "-i", dir.toString())
                    .redirectErrorStream(true)
                    .start()
                    .waitFor();
        }
        dir.toFile().setWritable(true, false);
    }
}
