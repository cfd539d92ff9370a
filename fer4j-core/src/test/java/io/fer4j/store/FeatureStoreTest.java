package io.fer4j.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.error.Fer4jException;
import io.fer4j.npy.Npy;
import io.fer4j.npy.NpyDtype;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureStoreTest {
    @TempDir
    Path dir;

    static final int D = 4;
    static final int K = 8;

    static VideoMeta meta(int frameCount) {
        return new VideoMeta(30.0, frameCount, "enet_b0_8_best_vgaf", "00085f9a", D);
    }

    /** Writes a video with face frames {@code frames}; embedding row r = (frame, r, -frame, 0.5), logits = frame/10. */
    static void writeVideo(FeatureStore store, String id, int frameCount, boolean fp16, int... frames) {
        try (StoreVideoWriter w = store.beginVideo(id, D, K, fp16)) {
            for (int r = 0; r < frames.length; r++) {
                float[] e = {frames[r], r, -frames[r], 0.5f};
                float[] l = new float[K];
                java.util.Arrays.fill(l, frames[r] / 10f);
                w.appendFrame(frames[r], e, 0, l, 0);
            }
            w.commit(meta(frameCount));
        }
    }

    @Test
    void writeCommitAndReadBack() {
        FeatureStore store = FeatureStore.create(dir.resolve("store"));
        writeVideo(store, "v1", 10, true, 2, 3, 7);
        StoredVideo v = store.video("v1", true);
        assertEquals(List.of("v1"), store.completeVideoIds());
        assertEquals(List.of(), store.incompleteVideoIds());
        assertArrayEquals(new int[] {2, 3, 7}, v.frames());
        assertEquals(3, v.rowCount());
        assertEquals(10, v.frameCount());
        assertEquals(D, v.embeddingDim());
        assertTrue(v.embeddingsFloat16());
        assertTrue(v.embeddings().memoryMapped());
        float[] row = new float[D + 1];
        v.embeddingRow(2, row, 1);
        assertArrayEquals(new float[] {0, 7, 2, -7, 0.5f}, row);
        assertEquals(K, v.logitsDim());
        float[] l = new float[K];
        v.logitsRow(1, l, 0);
        assertEquals(0.3f, l[5]);
        assertEquals(1, v.rowOf(3));
        assertEquals(-1, v.rowOf(4));
        assertFalse(v.hasAudio());
        assertEquals("enet_b0_8_best_vgaf", v.meta().backbone());
        assertEquals(30.0, v.meta().fps());
        // the files are plain .npy: frames int32, embeddings float16, logits float32
        assertEquals(
                NpyDtype.INT32, Npy.readHeader(v.dir().resolve("frames.npy")).dtype());
        assertEquals(
                NpyDtype.FLOAT32, Npy.readHeader(v.dir().resolve("logits.npy")).dtype());
        assertEquals(List.of(), hidden(store));
    }

    @Test
    void float32EmbeddingsAndEmptyVideo() {
        FeatureStore store = FeatureStore.create(dir);
        writeVideo(store, "full", 3, false, 1, 2, 3);
        writeVideo(store, "noface", 5, false);
        StoredVideo full = store.video("full");
        assertFalse(full.embeddingsFloat16());
        StoredVideo empty = store.video("noface", true);
        assertEquals(0, empty.rowCount());
        assertEquals(5, empty.frameCount());
        assertEquals(List.of("full", "noface"), store.completeVideoIds());
    }

    @Test
    void nothingVisibleBeforeCommitAndAbortLeavesNothing() {
        FeatureStore store = FeatureStore.create(dir);
        try (StoreVideoWriter w = store.beginVideo("v", D, K, true)) {
            w.appendFrame(1, new float[D], 0, new float[K], 0);
            assertEquals(List.of(), store.completeVideoIds());
            assertEquals(List.of(), store.incompleteVideoIds());
            assertFalse(Files.exists(dir.resolve("v")));
            assertEquals(1, hidden(store).size());
            w.abort();
        }
        assertEquals(List.of(), hidden(store));
        try (StoreVideoWriter w = store.beginVideo("v", D, K, true)) {
            w.appendFrame(1, new float[D], 0, new float[K], 0);
        } // closed without commit
        assertEquals(List.of(), hidden(store));
        assertFalse(Files.exists(dir.resolve("v")));
    }

    @Test
    void interruptedWriteIsCleanedUpByTheNextAttempt() {
        FeatureStore store = FeatureStore.create(dir);
        StoreVideoWriter crashed = store.beginVideo("v", D, K, false);
        crashed.appendFrame(1, new float[D], 0, new float[K], 0);
        // the process "dies" here: no commit, no abort
        assertEquals(1, hidden(store).size());
        assertEquals(List.of(), store.completeVideoIds());
        writeVideo(store, "v", 2, false, 1, 2);
        assertEquals(List.of(), hidden(store));
        assertEquals(2, store.video("v").rowCount());
    }

    @Test
    void incompleteLeftoverIsListedSkippedAndReplaced() throws IOException {
        FeatureStore store = FeatureStore.create(dir);
        writeVideo(store, "good", 3, true, 1);
        Path leftover = dir.resolve("bad");
        Files.createDirectories(leftover);
        Npy.write(leftover.resolve("frames.npy"), new int[] {1, 2});
        assertEquals(List.of("good"), store.completeVideoIds());
        assertEquals(List.of("bad"), store.incompleteVideoIds());
        assertFalse(store.isComplete("bad"));
        Fer4jException e = assertThrows(Fer4jException.class, () -> store.video("bad"));
        assertTrue(e.getMessage().contains("incomplete"), e.getMessage());
        writeVideo(store, "bad", 4, true, 2, 4);
        assertEquals(List.of("bad", "good"), store.completeVideoIds());
        assertEquals(List.of(), store.incompleteVideoIds());
        assertArrayEquals(new int[] {2, 4}, store.video("bad").frames());
        assertEquals(List.of(), hidden(store));
    }

    @Test
    void recommitReplacesACompleteVideo() {
        FeatureStore store = FeatureStore.create(dir);
        writeVideo(store, "v", 3, true, 1, 2, 3);
        writeVideo(store, "v", 9, true, 5);
        assertArrayEquals(new int[] {5}, store.video("v").frames());
        assertEquals(List.of(), hidden(store));
    }

    @Test
    void writerRejectsBadFramesAndValues() {
        FeatureStore store = FeatureStore.create(dir);
        try (StoreVideoWriter w = store.beginVideo("v", D, K, true)) {
            w.appendFrame(3, new float[D], 0, new float[K], 0);
            Fer4jException order =
                    assertThrows(Fer4jException.class, () -> w.appendFrame(3, new float[D], 0, new float[K], 0));
            assertTrue(order.getMessage().contains("strictly ascending"), order.getMessage());
            Fer4jException nan = assertThrows(
                    Fer4jException.class, () -> w.appendFrame(4, new float[] {0, Float.NaN, 0, 0}, 0, new float[K], 0));
            assertTrue(nan.getMessage().contains("frame 4, column 1"), nan.getMessage());
            Fer4jException half = assertThrows(
                    Fer4jException.class, () -> w.appendFrame(5, new float[] {0, 0, 70000f, 0}, 0, new float[K], 0));
            assertTrue(half.getMessage().contains("float16"), half.getMessage());
            Fer4jException beyond = assertThrows(Fer4jException.class, () -> w.commit(meta(2)));
            assertTrue(beyond.getMessage().contains("frame_count is 2"), beyond.getMessage());
        }
        assertFalse(Files.exists(dir.resolve("v")));
        assertEquals(List.of(), hidden(store));
        try (StoreVideoWriter w = store.beginVideo("v", D, K, true)) {
            assertThrows(Fer4jException.class, () -> w.appendFrame(0, new float[D], 0, new float[K], 0));
        }
        assertThrows(IllegalArgumentException.class, () -> store.beginVideo("../x", D, K, true));
        assertThrows(IllegalArgumentException.class, () -> store.beginVideo(".hidden", D, K, true));
    }

    @Test
    void audioWithTheVideoAndAddedLater() {
        FeatureStore store = FeatureStore.create(dir);
        try (StoreVideoWriter w = store.beginVideo("a", D, K, true)) {
            w.appendFrame(2, new float[D], 0, new float[K], 0);
            w.setAudio(new float[] {1, 2, 3, 4, 5, 6}, 3, 2, false);
            w.commit(meta(3).withExtra("detector", "yunet"));
        }
        StoredVideo a = store.video("a", true);
        assertTrue(a.hasAudio());
        assertEquals(2, a.audioDim());
        float[] row = new float[2];
        a.audioRow(3, row, 0);
        assertArrayEquals(new float[] {5, 6}, row);
        assertEquals(
                Map.of("rows", 3, "dim", 2, "dtype", "float32"),
                a.meta().extras().get("audio"));

        writeVideo(store, "b", 2, true, 1);
        store.addAudio("b", new float[] {0.5f, 1.5f, 2.5f, 3.5f, 9f}, 2, 2, true);
        StoredVideo b = store.video("b", true);
        a.audioRow(1, row, 0);
        b.audioRow(2, row, 0);
        assertArrayEquals(new float[] {2.5f, 3.5f}, row);
        assertEquals("float16", ((Map<?, ?>) b.meta().extras().get("audio")).get("dtype"));
        assertEquals("enet_b0_8_best_vgaf", b.meta().backbone());

        Fer4jException rows = assertThrows(Fer4jException.class, () -> store.addAudio("b", new float[6], 3, 2, true));
        assertTrue(rows.getMessage().contains("frame_count 2"), rows.getMessage());
        Fer4jException nan = assertThrows(
                Fer4jException.class,
                () -> store.addAudio("b", new float[] {0, 0, Float.POSITIVE_INFINITY, 0}, 2, 2, true));
        assertTrue(nan.getMessage().contains("frame 2"), nan.getMessage());
        assertEquals(List.of(), hidden(store));
    }

    @Test
    void extrasArePreservedOnRewrite() throws IOException {
        FeatureStore store = FeatureStore.create(dir);
        writeVideo(store, "v", 2, true, 1);
        Path metaFile = dir.resolve("v/meta.json");
        String json = Files.readString(metaFile)
                .replace(
                        "\"embedding_dim\" : 4",
                        "\"embedding_dim\" : 4,\n  \"tracker\" : {\"iou\" : 0.3, \"ids\" : [1, 2]}");
        Files.writeString(metaFile, json);
        store.addAudio("v", new float[2], 2, 1, false);
        VideoMeta m = store.video("v").meta();
        assertEquals(Map.of("iou", 0.3, "ids", List.of(1, 2)), m.extras().get("tracker"));
        assertTrue(m.extras().containsKey("audio"));
    }

    @Test
    void batchedAppendsAndConcurrentWritersOfDifferentVideos() throws Exception {
        FeatureStore store = FeatureStore.create(dir);
        int videos = 6;
        int n = 50;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            List<java.util.concurrent.Future<?>> jobs = new java.util.ArrayList<>();
            for (int v = 0; v < videos; v++) {
                int vid = v;
                jobs.add(pool.submit(() -> {
                    int[] frames = new int[n];
                    float[] emb = new float[n * D];
                    float[] logits = new float[n * K];
                    for (int r = 0; r < n; r++) {
                        frames[r] = 2 * r + 1;
                        for (int c = 0; c < D; c++) {
                            emb[r * D + c] = vid * 1000 + r + c / 4f;
                        }
                        logits[r * K] = vid;
                    }
                    try (StoreVideoWriter w = store.beginVideo("video" + vid, D, K, false)) {
                        w.appendFrames(frames, 0, emb, 0, logits, 0, 20);
                        w.appendFrames(frames, 20, emb, 20 * D, logits, 20 * K, n - 20);
                        w.commit(meta(2 * n));
                    }
                }));
            }
            for (java.util.concurrent.Future<?> j : jobs) {
                j.get();
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(videos, store.completeVideoIds().size());
        for (int v = 0; v < videos; v++) {
            StoredVideo sv = store.video("video" + v, true);
            assertEquals(n, sv.rowCount());
            assertEquals(2 * 37 + 1, sv.frame(37));
            float[] row = new float[D];
            sv.embeddingRow(37, row, 0);
            assertArrayEquals(new float[] {v * 1000 + 37, v * 1000 + 37.25f, v * 1000 + 37.5f, v * 1000 + 37.75f}, row);
            assertEquals(v, sv.logits()[37 * K]);
        }
        // one mapped array read from several threads at once gives the same rows
        StoredVideo sv = store.video("video3");
        double expected = 0;
        for (int r = 0; r < n; r++) {
            float[] row = new float[D];
            sv.embeddingRow(r, row, 0);
            expected += row[0] + row[3];
        }
        double parallel = java.util.stream.IntStream.range(0, 4000)
                .parallel()
                .mapToDouble(i -> {
                    float[] row = new float[D];
                    sv.embeddingRow(i % n, row, 0);
                    return row[0] + row[3];
                })
                .sum();
        assertEquals(expected * 80, parallel, 1e-3 * Math.abs(parallel));
    }

    // --- stores written by other tools (numpy) with defects: each gets a message naming the file ---

    private Path numpyVideo(String id, int[] frames, int embRows, int logitRows, int frameCount) throws IOException {
        Path v = dir.resolve(id);
        Files.createDirectories(v);
        Npy.write(v.resolve("frames.npy"), frames);
        Npy.writeFloat32(v.resolve("embeddings.npy"), new float[embRows * D], embRows, D);
        Npy.writeFloat32(v.resolve("logits.npy"), new float[logitRows * K], logitRows, K);
        Files.writeString(
                v.resolve("meta.json"),
                "{\"fps\": 25, \"frame_count\": " + frameCount + ", \"backbone\": \"x\", \"backbone_sha256\": \"\"}");
        return v;
    }

    @Test
    void rowCountMismatchIsRejected() throws IOException {
        numpyVideo("v", new int[] {1, 2, 3}, 2, 3, 5);
        Fer4jException e =
                assertThrows(Fer4jException.class, () -> FeatureStore.open(dir).video("v"));
        assertTrue(e.getMessage().contains("frames.npy has 3, embeddings.npy has 2, logits.npy has 3"), e.getMessage());
    }

    @Test
    void framesOutOfOrderOrRangeAreRejected() throws IOException {
        numpyVideo("desc", new int[] {1, 3, 2}, 3, 3, 5);
        numpyVideo("zero", new int[] {0, 1}, 2, 2, 5);
        numpyVideo("beyond", new int[] {4, 6}, 2, 2, 5);
        FeatureStore store = FeatureStore.open(dir);
        Fer4jException desc = assertThrows(Fer4jException.class, () -> store.video("desc"));
        assertTrue(desc.getMessage().contains("strictly ascending: row 2 has 2 after 3"), desc.getMessage());
        assertTrue(desc.getMessage().contains("frames.npy"), desc.getMessage());
        Fer4jException zero = assertThrows(Fer4jException.class, () -> store.video("zero"));
        assertTrue(zero.getMessage().contains("frame number 0 at row 0"), zero.getMessage());
        Fer4jException beyond = assertThrows(Fer4jException.class, () -> store.video("beyond"));
        assertTrue(beyond.getMessage().contains("frame number 6 at row 1 is outside 1..5"), beyond.getMessage());
    }

    @Test
    void nonFiniteValuesAreFoundByValidate() throws IOException {
        Path v = numpyVideo("v", new int[] {2, 4}, 2, 2, 5);
        float[] emb = new float[2 * D];
        emb[D + 3] = Float.NaN;
        Npy.writeFloat16(v.resolve("embeddings.npy"), emb, 2, D);
        FeatureStore store = FeatureStore.open(dir);
        StoredVideo opened = store.video("v"); // structural checks pass
        assertEquals(4, opened.embeddingDim()); // embedding_dim absent from meta.json: taken from embeddings.npy
        Fer4jException e = assertThrows(Fer4jException.class, opened::validate);
        assertTrue(
                e.getMessage().contains("embeddings.npy") && e.getMessage().contains("row 1 (frame 4), column 3"),
                e.getMessage());

        Npy.writeFloat16(v.resolve("embeddings.npy"), new float[2 * D], 2, D);
        float[] logits = new float[2 * K];
        logits[K + 2] = Float.NEGATIVE_INFINITY;
        Npy.writeFloat32(v.resolve("logits.npy"), logits, 2, K);
        Fer4jException l = assertThrows(Fer4jException.class, () -> store.video("v", true));
        assertTrue(
                l.getMessage().contains("logits.npy") && l.getMessage().contains("row 1 (frame 4), column 2"),
                l.getMessage());
    }

    @Test
    void malformedMetaAndWrongShapesAreRejected() throws IOException {
        Path v = numpyVideo("v", new int[] {1}, 1, 1, 5);
        FeatureStore store = FeatureStore.open(dir);
        Files.writeString(v.resolve("meta.json"), "{\"fps\": 25, \"frame_count\": 5,");
        Fer4jException json = assertThrows(Fer4jException.class, () -> store.video("v"));
        assertTrue(
                json.getMessage().contains("meta.json") && json.getMessage().contains("malformed JSON"),
                json.getMessage());
        Files.writeString(v.resolve("meta.json"), "{\"fps\": 25, \"backbone\": \"x\"}");
        Fer4jException missing = assertThrows(Fer4jException.class, () -> store.video("v"));
        assertTrue(missing.getMessage().contains("'frame_count'"), missing.getMessage());
        Files.writeString(
                v.resolve("meta.json"), "{\"fps\": 25, \"frame_count\": 5, \"backbone\": \"x\", \"embedding_dim\": 8}");
        Fer4jException dim = assertThrows(Fer4jException.class, () -> store.video("v"));
        assertTrue(dim.getMessage().contains("embedding width 4 differs from embedding_dim 8"), dim.getMessage());
        Files.writeString(v.resolve("meta.json"), "{\"fps\": 25, \"frame_count\": 5, \"backbone\": \"x\"}");
        Npy.writeFloat32(v.resolve("embeddings.npy"), new float[D], D);
        Fer4jException shape = assertThrows(Fer4jException.class, () -> store.video("v"));
        assertTrue(shape.getMessage().contains("expected a 2-d array"), shape.getMessage());
        Npy.writeFloat32(v.resolve("embeddings.npy"), new float[D], 1, D);
        Npy.writeFloat32(v.resolve("audio.npy"), new float[4 * 3], 4, 3);
        Fer4jException audio = assertThrows(Fer4jException.class, () -> store.video("v"));
        assertTrue(audio.getMessage().contains("audio has 4 rows but the video has frame_count 5"), audio.getMessage());
    }

    @Test
    void missingStoreAndVideoAreReported() {
        Fer4jException e = assertThrows(Fer4jException.class, () -> FeatureStore.open(dir.resolve("nope")));
        assertTrue(e.getMessage().contains("fer4j extract"), e.getMessage());
        Fer4jException v =
                assertThrows(Fer4jException.class, () -> FeatureStore.open(dir).video("x"));
        assertTrue(v.getMessage().contains("not in the store"), v.getMessage());
    }

    @Test
    void numpyReadsAStoreWeWrote() throws Exception {
        FeatureStore store = FeatureStore.create(dir.resolve("s"));
        writeVideo(store, "vid", 9, true, 2, 5, 9);
        store.addAudio("vid", new float[9 * 3], 9, 3, true);
        String out = io.fer4j.npy.PythonNumpyAccess.run(dir, """
                import json, numpy as np
                d = 's/vid/'
                f = np.load(d + 'frames.npy'); e = np.load(d + 'embeddings.npy'); l = np.load(d + 'logits.npy')
                a = np.load(d + 'audio.npy'); m = json.load(open(d + 'meta.json'))
                assert f.dtype == np.int32 and f.tolist() == [2, 5, 9]
                assert e.dtype == np.float16 and e.shape == (3, 4) and e[2].tolist() == [9, 2, -9, 0.5]
                assert l.dtype == np.float32 and l.shape == (3, 8)
                assert a.shape == (9, 3) and a.dtype == np.float16
                assert m['frame_count'] == 9 and m['embedding_dim'] == 4 and m['audio']['dim'] == 3
                print('store ok')
                """);
        assertTrue(out.contains("store ok"), out);
    }

    static List<Path> hidden(FeatureStore store) {
        try (Stream<Path> s = Files.list(store.dir())) {
            return s.filter(p -> p.getFileName().toString().startsWith(".")).toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
