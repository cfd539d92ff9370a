package io.fer4j.vision.extract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.error.Fer4jException;
import io.fer4j.geometry.FaceBox;
import io.fer4j.store.FeatureStore;
import io.fer4j.store.StoredVideo;
import io.fer4j.store.VideoMeta;
import io.fer4j.vision.backbone.Backbone;
import io.fer4j.vision.backbone.BackboneOptions;
import io.fer4j.vision.crop.FaceCrops;
import io.fer4j.vision.crop.FaceThumbnails;
import io.fer4j.vision.decode.DecodedFrame;
import io.fer4j.vision.decode.FfmpegVideoSource;
import io.fer4j.vision.decode.VideoFileScanner;
import io.fer4j.vision.decode.VideoSource;
import io.fer4j.vision.testing.SquareFaceDetector;
import io.fer4j.vision.testing.SyntheticVideos;
import io.fer4j.vision.testing.TinyOnnxModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline end to end on synthetic videos, a square "face" detector and the tiny conv → pool → Gemm model. */
class ExtractionPipelineTest {
    @TempDir
    Path dir;

    Path model;
    BackboneEmbedder embedder;

    /** Frames 1..30 at 25 fps; a face on every frame except multiples of 4. */
    static final int FRAMES = 30;

    static boolean hasFace(int k) {
        return k % 4 != 0;
    }

    static Path video(Path file) throws Exception {
        return SyntheticVideos.write(
                file, FRAMES, 25.0, 96, 64, k -> hasFace(k) ? List.of(new int[] {30 + (k % 3), 20, 24}) : List.of());
    }

    @BeforeEach
    void openModel() {
        model = TinyOnnxModels.build().write(dir.resolve("tiny.onnx"));
        embedder = BackboneEmbedder.owning(Backbone.open(model, BackboneOptions.cpu(1)));
    }

    @AfterEach
    void closeModel() {
        embedder.close();
    }

    VideoFeatureExtractor extractor(ExtractionOptions o) {
        return new VideoFeatureExtractor(embedder, SquareFaceDetector::new, o);
    }

    static int[] expectedFaceFrames() {
        return IntStream.rangeClosed(1, FRAMES)
                .filter(ExtractionPipelineTest::hasFace)
                .toArray();
    }

    @Test
    void storeHoldsFaceFramesOnlyWithShapesMetaAndTheNetworksValues() throws Exception {
        Path videos = Files.createDirectories(dir.resolve("videos"));
        Path v = video(videos.resolve("clip.mp4"));
        Path store = dir.resolve("store");
        StoreExtraction.Report r = StoreExtraction.run(
                extractor(ExtractionOptions.defaults().withBatchSize(4)),
                VideoFileScanner.scan(videos),
                store,
                new StoreExtraction.Settings(false, Map.of("detector", "squares")),
                new StoreExtraction.Listener() {});
        assertTrue(r.allOk(), r.toString());
        assertEquals(1, r.extracted().size());
        StoredVideo sv = FeatureStore.open(store).video("clip", true);
        assertArrayEquals(expectedFaceFrames(), sv.frames());
        assertEquals(6, sv.embeddingDim());
        assertEquals(8, sv.logitsDim());
        assertFalse(sv.embeddingsFloat16());
        VideoMeta meta = sv.meta();
        assertEquals(FRAMES, meta.frameCount());
        assertEquals(25.0, meta.fps(), 1e-9);
        assertEquals("tiny", meta.backbone());
        assertEquals(io.fer4j.store.Sha256.of(model), meta.backboneSha256());
        assertEquals("squares", meta.extras().get("detector"));
        assertEquals(expectedFaceFrames().length, ((Number) meta.extras().get("faces_found")).intValue());

        // frame 7 computed independently: decode, detect, crop, preprocess, one-face batch
        float[] emb = new float[6];
        float[] logits = new float[8];
        sv.embeddingRow(sv.rowOf(7), emb, 0);
        sv.logitsRow(sv.rowOf(7), logits, 0);
        try (VideoSource s = FfmpegVideoSource.open(v, 1);
                SquareFaceDetector d = new SquareFaceDetector()) {
            DecodedFrame f;
            while ((f = s.next()).frameIndex() < 7) {
                // skip to frame 7
            }
            FaceBox box = d.detect(f.bgr()).get(0);
            float[] x = embedder.preprocess(f.bgr(), FaceCrops.bounds(box, 0f, f.width(), f.height()));
            BatchEmbedder.Outputs o = embedder.infer(new float[][] {x}, 1);
            assertArrayEquals(o.embeddings()[0], emb, 1e-5f);
            assertArrayEquals(o.logits()[0], logits, 1e-5f);
        }
    }

    @Test
    void float16EmbeddingsOnRequest() throws Exception {
        Path v = video(dir.resolve("h.mp4"));
        Path store = dir.resolve("store");
        StoreExtraction.run(
                extractor(ExtractionOptions.defaults()),
                VideoFileScanner.scan(v),
                store,
                new StoreExtraction.Settings(true, Map.of()),
                new StoreExtraction.Listener() {});
        assertTrue(FeatureStore.open(store).video("h").embeddingsFloat16());
    }

    /** Every delivered frame as "index:embedding:logits", in delivery order. */
    private List<String> delivered(ExtractionOptions o, Path v) throws Exception {
        List<String> out = new ArrayList<>();
        try (VideoSource s = FfmpegVideoSource.open(v, 1)) {
            extractor(o).extract(s, frame -> {
                FrameFeatures f = frame.mainFace();
                out.add(frame.frameIndex()
                        + (f == null
                                ? ":-"
                                : ":" + java.util.Arrays.toString(f.embedding()) + ":"
                                        + java.util.Arrays.toString(f.logits())));
            });
        }
        return out;
    }

    @Test
    void concurrentBatchesDeliverTheSameFeaturesInFrameOrder() throws Exception {
        Path v = video(dir.resolve("c.mp4"));
        List<String> onCaller = delivered(ExtractionOptions.defaults().withBatchSize(3), v);
        assertEquals(FRAMES, onCaller.size());
        for (int batch : new int[] {1, 3, 7}) {
            for (int concurrent : new int[] {2, 3}) {
                assertEquals(
                        onCaller,
                        delivered(
                                ExtractionOptions.defaults()
                                        .withBatchSize(batch)
                                        .withConcurrentBatches(concurrent),
                                v),
                        "batch " + batch + ", " + concurrent + " at once");
            }
        }
    }

    @Test
    void aFailingConcurrentBatchFailsTheRunAfterTheOthersFinished() throws Exception {
        Path v = video(dir.resolve("f.mp4"));
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
        BatchEmbedder failing = new BatchEmbedder() {
            @Override
            public float[] preprocess(org.bytedeco.opencv.opencv_core.Mat bgr, FaceCrops.PixelBox box) {
                return embedder.preprocess(bgr, box);
            }

            @Override
            public Outputs infer(float[][] inputs, int count) {
                running.incrementAndGet();
                try {
                    if (calls.incrementAndGet() == 2) {
                        throw new IllegalStateException("backbone failed on purpose");
                    }
                    return embedder.infer(inputs, count);
                } finally {
                    running.decrementAndGet();
                }
            }

            @Override
            public String name() {
                return embedder.name();
            }

            @Override
            public String sha256() {
                return embedder.sha256();
            }

            @Override
            public int embeddingDim() {
                return embedder.embeddingDim();
            }

            @Override
            public int outputCount() {
                return embedder.outputCount();
            }

            @Override
            public String classSpace() {
                return embedder.classSpace();
            }

            @Override
            public void close() {}
        };
        VideoFeatureExtractor ex = new VideoFeatureExtractor(
                failing,
                SquareFaceDetector::new,
                ExtractionOptions.defaults().withBatchSize(2).withConcurrentBatches(2));
        try (VideoSource s = FfmpegVideoSource.open(v, 1)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> ex.extract(s, frame -> {}));
            assertEquals("backbone failed on purpose", e.getMessage());
        }
        // when extract returns no batch is still running: the caller may close the backbone
        assertEquals(0, running.get());
    }

    @Test
    void faceThumbnailsWithoutFullFramesAndNothingByDefault() throws Exception {
        Path v = video(dir.resolve("t.mp4"));
        for (FrameImages images : FrameImages.values()) {
            List<Integer> thumbs = new ArrayList<>();
            VideoFeatureExtractor ex =
                    extractor(ExtractionOptions.defaults().withBatchSize(3).withFrameImages(images));
            try (VideoSource s = FfmpegVideoSource.open(v, 1)) {
                ex.extract(s, frame -> {
                    assertEquals(images == FrameImages.FULL_FRAMES, frame.image() != null, images.name());
                    if (frame.faceThumbnail() != null) {
                        assertEquals(
                                FaceThumbnails.SIZE_PIXELS,
                                frame.faceThumbnail().getWidth());
                        assertEquals(
                                FaceThumbnails.SIZE_PIXELS,
                                frame.faceThumbnail().getHeight());
                        thumbs.add(frame.frameIndex());
                    }
                });
            }
            List<Integer> expected = images == FrameImages.NONE
                    ? List.of()
                    : IntStream.of(expectedFaceFrames()).boxed().toList();
            assertEquals(expected, thumbs, images.name());
        }
    }

    private static byte[] pixels(java.awt.image.BufferedImage img) {
        return ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
    }

    @Test
    void streamingDeliversEveryFrameInOrderWithBoxesAndImages() throws Exception {
        Path v = video(dir.resolve("s.mp4"));
        List<Integer> frames = new ArrayList<>();
        List<Integer> withFace = new ArrayList<>();
        VideoFeatureExtractor ex =
                extractor(ExtractionOptions.defaults().withBatchSize(3).withFrameImages(FrameImages.FULL_FRAMES));
        try (VideoSource s = FfmpegVideoSource.open(v, 1)) {
            VideoSummary summary = ex.extract(s, frame -> {
                frames.add(frame.frameIndex());
                assertNotNull(frame.image());
                assertEquals(96, frame.image().cols());
                assertEquals((frame.frameIndex() - 1) / 25.0, frame.timeSeconds(), 1e-3);
                FrameFeatures f = frame.mainFace();
                assertEquals(f != null, frame.faceThumbnail() != null, "a thumbnail exactly on face frames");
                if (f != null) {
                    // cut on the decode thread from the same pixels the consumer gets
                    assertArrayEquals(
                            pixels(FaceThumbnails.crop(frame.image(), f.box(), FaceThumbnails.SIZE_PIXELS)),
                            pixels(frame.faceThumbnail()));
                    withFace.add(f.frameIndex());
                    // the square is at x = 30 + k % 3, y = 20, side 24 (within a pixel after lossy coding)
                    assertEquals(30 + f.frameIndex() % 3, f.box().x(), 1.01);
                    assertEquals(20, f.box().y(), 1.01);
                    assertEquals(24, f.box().width(), 2.01);
                    assertEquals(6, f.embedding().length);
                    assertEquals(8, f.logits().length);
                }
            });
            assertEquals(FRAMES, summary.frameCount());
            assertEquals(expectedFaceFrames().length, summary.framesWithFace());
        }
        assertEquals(IntStream.rangeClosed(1, FRAMES).boxed().toList(), frames);
        assertEquals(IntStream.of(expectedFaceFrames()).boxed().toList(), withFace);
    }

    @Test
    void consumerFailureStopsTheVideoAndIsRethrown() throws Exception {
        Path v = video(dir.resolve("f.mp4"));
        List<Integer> seen = new ArrayList<>();
        IllegalStateException boom = new IllegalStateException("boom");
        try (VideoSource s = FfmpegVideoSource.open(v, 1)) {
            IllegalStateException e = assertThrows(
                    IllegalStateException.class,
                    () -> extractor(ExtractionOptions.defaults().withBatchSize(2))
                            .extract(s, frame -> {
                                seen.add(frame.frameIndex());
                                if (frame.frameIndex() == 5) {
                                    throw boom;
                                }
                            }));
            assertSame(boom, e);
        }
        assertEquals(List.of(1, 2, 3, 4, 5), seen);
    }

    @Test
    void resumeSkipsCompleteVideosAndRedoesInterruptedOnes() throws Exception {
        Path videos = Files.createDirectories(dir.resolve("videos"));
        video(videos.resolve("a.mp4"));
        video(videos.resolve("b.mp4"));
        Path store = dir.resolve("store");
        VideoFeatureExtractor ex = extractor(ExtractionOptions.defaults());
        StoreExtraction.Settings settings = new StoreExtraction.Settings(false, Map.of());
        StoreExtraction.Listener quiet = new StoreExtraction.Listener() {};
        assertEquals(
                2,
                StoreExtraction.run(ex, VideoFileScanner.scan(videos), store, settings, quiet)
                        .extracted()
                        .size());
        // "a" complete (mark its files old to see they are untouched); "b" interrupted: no meta.json + a leftover temp
        Path aMeta = store.resolve("a").resolve("meta.json");
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(aMeta, old);
        Files.delete(store.resolve("b").resolve("meta.json"));
        Files.createDirectories(store.resolve(".b.tmp-123"));
        StoreExtraction.Report r = StoreExtraction.run(ex, VideoFileScanner.scan(videos), store, settings, quiet);
        assertEquals(List.of("a"), r.skipped());
        assertEquals(List.of("b"), r.extracted().stream().map(VideoSummary::id).toList());
        assertEquals(old, Files.getLastModifiedTime(aMeta));
        assertArrayEquals(
                expectedFaceFrames(), FeatureStore.open(store).video("b", true).frames());
        assertFalse(Files.exists(store.resolve(".b.tmp-123")));
        try (var s = Files.list(store)) {
            assertEquals(
                    List.of("a", "b"),
                    s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void aBadVideoIsReportedAndSkippedWhileTheOthersAreExtracted() throws Exception {
        Path videos = Files.createDirectories(dir.resolve("videos"));
        video(videos.resolve("good.mp4"));
        Files.writeString(videos.resolve("bad.mp4"), "garbage ".repeat(100));
        byte[] full = Files.readAllBytes(video(dir.resolve("full.avi")));
        Files.write(videos.resolve("cut.avi"), java.util.Arrays.copyOf(full, full.length / 3));
        Path store = dir.resolve("store");
        StoreExtraction.Report r = StoreExtraction.run(
                extractor(ExtractionOptions.defaults().withBatchSize(4)),
                VideoFileScanner.scan(videos),
                store,
                new StoreExtraction.Settings(false, Map.of()),
                new StoreExtraction.Listener() {});
        assertFalse(r.allOk());
        assertEquals(
                List.of("bad", "cut"),
                r.failed().stream()
                        .map(VideoFeatureExtractor.Outcome::id)
                        .sorted()
                        .toList());
        for (VideoFeatureExtractor.Outcome o : r.failed()) {
            assertTrue(o.failure() instanceof Fer4jException, o.failure().toString());
            assertTrue(
                    o.failure().getMessage().contains(o.id() + "."), o.failure().getMessage());
        }
        assertEquals(
                List.of("good"), r.extracted().stream().map(VideoSummary::id).toList());
        try (var s = Files.list(store)) {
            assertEquals(List.of("good"), s.map(p -> p.getFileName().toString()).toList()); // nothing half-written
        }
    }

    @Test
    void allFacesWritesOneStoreVideoPerPerson() throws Exception {
        // person 1 (left, 24 px) on all frames; person 2 (right, 16 px) on frames 5..30
        Path v = SyntheticVideos.write(
                dir.resolve("two.mp4"),
                30,
                25.0,
                128,
                64,
                k -> k >= 5
                        ? List.of(new int[] {10, 20, 24}, new int[] {90, 20, 16})
                        : List.of(new int[] {10, 20, 24}));
        Path store = dir.resolve("store");
        StoreExtraction.Report r = StoreExtraction.run(
                extractor(ExtractionOptions.defaults().withAllFaces(true)),
                VideoFileScanner.scan(v),
                store,
                new StoreExtraction.Settings(false, Map.of()),
                new StoreExtraction.Listener() {});
        assertTrue(r.allOk(), r.toString());
        FeatureStore fs = FeatureStore.open(store);
        assertEquals(List.of("two_track1", "two_track2"), fs.completeVideoIds());
        assertArrayEquals(
                IntStream.rangeClosed(1, 30).toArray(), fs.video("two_track1").frames());
        assertArrayEquals(
                IntStream.rangeClosed(5, 30).toArray(), fs.video("two_track2").frames());
        assertEquals(2, ((Number) fs.video("two_track1").meta().extras().get("track_count")).intValue());
        assertEquals(30, fs.video("two_track2").meta().frameCount());
        assertTrue(StoreExtraction.isComplete(store, "two", true));
        // a second run skips it
        StoreExtraction.Report again = StoreExtraction.run(
                extractor(ExtractionOptions.defaults().withAllFaces(true)),
                VideoFileScanner.scan(v),
                store,
                new StoreExtraction.Settings(false, Map.of()),
                new StoreExtraction.Listener() {});
        assertEquals(List.of("two"), again.skipped());
    }

    @Test
    void faceImageFoldersSkipDetectionAndKeepTheirFrameNumbers() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("crops").resolve("v1"));
        for (int k : new int[] {1, 2, 3, 7}) {
            try (Mat m = new Mat(40, 32, opencv_core.CV_8UC3, new Scalar(10 * k, 50, 200, 0))) {
                opencv_imgcodecs.imwrite(
                        folder.resolve(String.format("%05d.jpg", k)).toString(), m);
            }
        }
        Path store = dir.resolve("store");
        VideoFeatureExtractor ex = new VideoFeatureExtractor(
                embedder, null, ExtractionOptions.defaults().withFolderFps(30));
        StoreExtraction.Report r = StoreExtraction.run(
                ex,
                VideoFileScanner.scan(dir.resolve("crops")),
                store,
                new StoreExtraction.Settings(false, Map.of()),
                new StoreExtraction.Listener() {});
        assertTrue(r.allOk(), r.toString());
        StoredVideo sv = FeatureStore.open(store).video("v1", true);
        assertArrayEquals(new int[] {1, 2, 3, 7}, sv.frames());
        assertEquals(7, sv.meta().frameCount());
        assertEquals(30.0, sv.meta().fps());
    }

    @Test
    void unwritableStoreFailsBeforeDecodingAnything() throws Exception {
        Path v = video(dir.resolve("u.mp4"));
        Path file = Files.writeString(dir.resolve("store-is-a-file"), "x");
        Fer4jException e = assertThrows(
                Fer4jException.class,
                () -> StoreExtraction.run(
                        extractor(ExtractionOptions.defaults()),
                        VideoFileScanner.scan(v),
                        file,
                        new StoreExtraction.Settings(false, Map.of()),
                        new StoreExtraction.Listener() {}));
        assertTrue(e.getMessage().contains("store-is-a-file"), e.getMessage());
        Path ro = Files.createDirectories(dir.resolve("ro"));
        assertTrue(ro.toFile().setWritable(false));
        try {
            if (!Files.isWritable(ro)) { // root ignores permissions
                Fer4jException p = assertThrows(
                        Fer4jException.class,
                        () -> StoreExtraction.run(
                                extractor(ExtractionOptions.defaults()),
                                VideoFileScanner.scan(v),
                                ro,
                                new StoreExtraction.Settings(false, Map.of()),
                                new StoreExtraction.Listener() {}));
                assertTrue(p.getMessage().contains("permission denied"), p.getMessage());
            }
        } finally {
            ro.toFile().setWritable(true);
        }
        assertNull(null);
    }
}
