package io.fer4j.api;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.error.Fer4jException;
import io.fer4j.label.AbawClass;
import io.fer4j.vision.decode.DecodedFrame;
import io.fer4j.vision.decode.FfmpegVideoSource;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The public API on the repository's sample video (12 s at 25 fps: Happiness, Anger, Surprise, 4 s each) with the
 * embedded faceapi_expression model, which needs no download: files, frame lists and streams get the labels the
 * CLI gets, extract writes and resumes a store, the pipeline options work as on the command line; bad arguments and
 * use after close fail clearly.
 */
class Fer4jTest {
    static final Path SAMPLE = Path.of("..", "samples", "faces.mp4"); // surefire runs in the module folder
    static Fer4j fer4j;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        assertTrue(Files.isRegularFile(SAMPLE), "samples/faces.mp4 is part of the repository");
        fer4j = Fer4j.builder().backbone("faceapi_expression").threads(2).build();
    }

    @AfterAll
    static void close() {
        fer4j.close();
    }

    static AbawClass majority(List<AbawClass> labels) {
        Map<AbawClass, Integer> n = new EnumMap<>(AbawClass.class);
        labels.forEach(l -> n.merge(l, 1, Integer::sum));
        return n.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .orElseThrow()
                .getKey();
    }

    /** Frames {@code from..to} (1-based, inclusive) of the sample as TYPE_3BYTE_BGR images. */
    static List<BufferedImage> frames(int from, int to) {
        List<BufferedImage> out = new ArrayList<>();
        try (FfmpegVideoSource src = FfmpegVideoSource.open(SAMPLE, 1)) {
            DecodedFrame f;
            while ((f = src.next()) != null && f.frameIndex() <= to) {
                if (f.frameIndex() >= from) {
                    BufferedImage img = new BufferedImage(f.width(), f.height(), BufferedImage.TYPE_3BYTE_BGR);
                    byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
                    for (int y = 0; y < f.height(); y++) { // decoder rows may be padded (step > width × 3)
                        f.bgr().ptr(y).get(dst, y * f.width() * 3, f.width() * 3);
                    }
                    out.add(img);
                }
            }
        }
        return out;
    }

    @Test
    void aVideoFileGetsTheSampleLabelsSummaryAndProvenance() {
        VideoResult r = fer4j.predict(SAMPLE);
        assertEquals(300, r.frames().size(), "12 s at 25 fps");
        assertEquals(25.0, r.fps(), 1e-9);
        assertEquals(AbawClass.HAPPINESS, majority(r.labels().subList(0, 100)));
        assertEquals(AbawClass.ANGER, majority(r.labels().subList(100, 200)));
        assertEquals(AbawClass.SURPRISE, majority(r.labels().subList(200, 300)));
        FrameLabel f = r.frames().get(150);
        assertEquals(151, f.frameIndex());
        assertTrue(f.hasFace(), "the angry face is found");
        float sum = 0;
        for (float p : f.probabilities()) {
            sum += p;
        }
        assertEquals(1f, sum, 1e-4f);
        assertEquals(f.label(), r.label(151));
        int segmentFrames = r.summary().segments().stream()
                .mapToInt(LabelSegment::frameCount)
                .sum();
        assertEquals(300, segmentFrames, "segments cover every frame");
        double shares = r.summary().shares().values().stream()
                .mapToDouble(Double::doubleValue)
                .sum();
        assertEquals(1.0, shares, 1e-9);
        assertEquals("backbone-only", r.provenance().mode());
        assertEquals("faceapi_expression", r.provenance().models().get(0).name());
        assertEquals(64, r.provenance().models().get(0).sha256().length());
    }

    @Test
    void aFrameListAndAStreamAreLabelledLikeTheFile() {
        List<BufferedImage> angry = frames(101, 200);
        VideoResult list = fer4j.predict(angry, 25);
        assertEquals(100, list.frames().size());
        assertEquals(AbawClass.ANGER, majority(list.labels()));
        List<AbawClass> live = new ArrayList<>();
        try (Session s = fer4j.newSession(25)) {
            for (BufferedImage img : angry) {
                FrameLabel l = s.accept(img);
                assertEquals(live.size() + 1, l.frameIndex(), "frames are numbered in the order given");
                live.add(l.label());
            }
            assertEquals(100, s.frameCount());
        }
        assertEquals(AbawClass.ANGER, majority(live), "the causal labels of the angry part");
    }

    @Test
    void concurrentCallsShareTheModels() throws Exception {
        List<BufferedImage> surprised = frames(201, 240);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<VideoResult>> runs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                runs.add(pool.submit(() -> fer4j.predict(surprised, 25)));
            }
            List<AbawClass> first = runs.get(0).get().labels();
            for (Future<VideoResult> r : runs) {
                assertEquals(first, r.get().labels(), "the same frames get the same labels on every thread");
            }
            assertEquals(AbawClass.SURPRISE, majority(first));
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void badArgumentsFailWithTheCliMessages() {
        Path missing = dir.resolve("missing.mp4");
        Fer4jException e = assertThrows(Fer4jException.class, () -> fer4j.predict(missing));
        assertTrue(
                e.getMessage().contains(missing.toString()) && e.getMessage().contains("does not exist"),
                e.getMessage());
        BufferedImage small = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        BufferedImage big = new BufferedImage(80, 48, BufferedImage.TYPE_INT_RGB);
        e = assertThrows(Fer4jException.class, () -> fer4j.predict(List.of(small, big)));
        assertTrue(e.getMessage().contains("frame 2 is 80x48 but frame 1 is 64x48"), e.getMessage());
        assertThrows(Fer4jException.class, () -> fer4j.predict(List.of()));
        try (Session s = fer4j.newSession()) {
            s.accept(small);
            e = assertThrows(Fer4jException.class, () -> s.accept(big));
            assertTrue(e.getMessage().contains("pass frames of one size"), e.getMessage());
            e = assertThrows(Fer4jException.class, () -> s.accept(new byte[10], 64, 48));
            assertTrue(e.getMessage().contains("needs 9216"), e.getMessage());
            assertEquals(
                    AbawClass.NEUTRAL,
                    s.accept(new byte[64 * 48 * 3], 64, 48).label(),
                    "a black frame: no " + "face, the uniform prior's label");
            assertEquals(2, s.frameCount());
        }
        e = assertThrows(
                Fer4jException.class,
                () -> Fer4j.builder().backbone(dir.resolve("none.onnx")).build());
        assertTrue(e.getMessage().contains("none.onnx"), e.getMessage());
        // extract, as fer4j extract: the store is never an input
        e = assertThrows(Fer4jException.class, () -> fer4j.extract(SAMPLE, SAMPLE));
        assertTrue(e.getMessage().contains("an input is never overwritten"), e.getMessage());
    }

    @Test
    void extractWritesAStoreReportsProgressAndSkipsItTheSecondTime() {
        Path store = dir.resolve("store");
        List<String> started = new CopyOnWriteArrayList<>();
        AtomicInteger lastFrame = new AtomicInteger();
        ExtractionReport r = fer4j.extract(SAMPLE, store, new ExtractionListener() {
            @Override
            public void videoStarted(String videoId) {
                started.add(videoId);
            }

            @Override
            public void frameDone(String videoId, int frameIndex) {
                lastFrame.set(frameIndex);
            }
        });
        assertTrue(r.allOk(), r.failed().toString());
        assertEquals(List.of("faces"), r.extracted());
        assertEquals(List.of("faces"), started);
        assertEquals(300, lastFrame.get(), "every frame reported");
        assertTrue(Files.isRegularFile(store.resolve("faces").resolve("meta.json")));
        ExtractionReport again = fer4j.extract(SAMPLE, store);
        assertEquals(List.of(), again.extracted());
        assertEquals(List.of("faces"), again.skipped(), "a complete video is skipped");
    }

    @Test
    void strideAndDetectEveryWorkAsOnTheCommandLineAndAreRefusedLive() {
        try (Fer4j strided = Fer4j.builder()
                .backbone("faceapi_expression")
                .threads(1)
                .stride(3)
                .detectEvery(2)
                .build()) {
            VideoResult r = strided.predict(frames(101, 130), 25);
            assertEquals(30, r.frames().size());
            assertEquals(3, r.provenance().parameters().get("stride"));
            assertEquals(2, r.provenance().parameters().get("detect_every"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, strided::newSession);
            assertTrue(
                    e.getMessage().contains("--stride and --detect-every are not available with --live"),
                    e.getMessage());
        }
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Fer4j.builder().backbone("faceapi_expression").stride(0).build());
        assertEquals("--stride must be at least 1 (1 = every face frame), got 0", e.getMessage());
    }

    @Test
    void closingTwiceIsHarmlessAndUseAfterCloseFailsClearly() {
        Fer4j own = Fer4j.builder().backbone("faceapi_expression").threads(1).build();
        Session open = own.newSession();
        own.close();
        assertDoesNotThrow(own::close);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> own.predict(SAMPLE));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(IllegalStateException.class, own::newSession);
        assertThrows(IllegalStateException.class, () -> own.extract(SAMPLE, dir.resolve("after-close")));
        assertThrows(
                IllegalStateException.class,
                () -> own.predict(List.of(new BufferedImage(8, 8, BufferedImage.TYPE_3BYTE_BGR))));
        e = assertThrows(
                IllegalStateException.class, () -> open.accept(new BufferedImage(8, 8, BufferedImage.TYPE_3BYTE_BGR)));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertDoesNotThrow(open::close);
    }
}
