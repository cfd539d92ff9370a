package io.fer4j.cli.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer4j.engine.Engine;
import io.fer4j.error.Fer4jException;
import io.fer4j.postprocess.PostProcessingConfig;
import io.fer4j.store.FeatureStore;
import io.fer4j.store.StoredVideo;
import io.fer4j.vision.decode.DecodedFrame;
import io.fer4j.vision.decode.FfmpegVideoSource;
import io.fer4j.vision.decode.VideoFileScanner;
import io.fer4j.vision.decode.VideoSource;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** predict end to end on a synthetic video with a tiny ONNX backbone and a test detector. */
class PredictPipelineTest {
    /** AffectNet-8 → ABAW (CONTRACTS §1), written out here independently of ClassSpace. */
    private static final int[] M = {5, 0, 2, 3, 4, 6, 7, 1};

    @TempDir
    static Path shared;

    static Path video;
    static Path backbone;

    @TempDir
    Path dir;

    @BeforeAll
    static void media() throws Exception {
        video = PredictTestSupport.video(shared);
        backbone = PredictTestSupport.backbone(shared);
    }

    private PredictRunner.Result predict(Engine models, Path out, boolean keep, Path annotate) {
        PredictOutputs.prepare(out, false);
        return new PredictRunner(
                        models, new PredictRunner.Settings(out, keep, annotate), new PrintWriter(new StringWriter()))
                .run(VideoFileScanner.scan(video), Map.of(), System.nanoTime());
    }

    private static List<String[]> csv(Path file) throws Exception {
        List<String> lines = Files.readAllLines(file);
        assertEquals(
                "frame,time_s,face,box_x,box_y,box_w,box_h,label,label_name,Neutral,Anger,Disgust,Fear,"
                        + "Happiness,Sadness,Surprise,Other,valence,arousal,backbone",
                lines.get(0));
        return lines.subList(1, lines.size()).stream()
                .map(l -> l.split(",", -1))
                .toList();
    }

    private static float[] probs(String[] row) {
        float[] p = new float[8];
        for (int c = 0; c < 8; c++) {
            p[c] = Float.parseFloat(row[9 + c]);
        }
        return p;
    }

    private static int argmax(double[] v, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    @Test
    void backboneOnlyMatchesPretrainedProbabilitiesFromTheKeptLogits() throws Exception {
        Path out = dir.resolve("out");
        PredictRunner.Result r;
        try (Engine m = PredictTestSupport.load(PredictTestSupport.choice(backbone, null, 0, null))) {
            assertTrue(m.models().backboneOnly());
            r = predict(m, out, true, null);
        }
        assertTrue(r.failed().isEmpty());
        List<String[]> rows = csv(out.resolve("clip.csv"));
        assertEquals(PredictTestSupport.FRAMES, rows.size(), "one row per frame");
        StoredVideo sv = FeatureStore.open(out.resolve("features")).video("clip");
        assertEquals(PredictTestSupport.FRAMES, sv.frameCount());
        int[] faceFrames = sv.frames();
        assertTrue(
                faceFrames.length >= PredictTestSupport.FACE_FRAMES - 2 && faceFrames[0] == 1,
                "the test detector finds the square: " + java.util.Arrays.toString(faceFrames));
        float[] logits = new float[8];
        double[] last = null;
        int r0 = 0;
        for (int f = 1; f <= PredictTestSupport.FRAMES; f++) {
            String[] row = rows.get(f - 1);
            assertEquals(Integer.toString(f), row[0]);
            if (r0 < faceFrames.length && faceFrames[r0] == f) {
                sv.logitsRow(r0++, logits, 0);
                double max = Double.NEGATIVE_INFINITY;
                for (float z : logits) {
                    max = Math.max(max, z);
                }
                double sum = 0;
                double[] e = new double[8];
                for (int k = 0; k < 8; k++) {
                    e[k] = Math.exp(logits[k] - max);
                    sum += e[k];
                }
                last = new double[8];
                for (int j = 0; j < 8; j++) {
                    last[j] = e[M[j]] / sum;
                }
                assertEquals("1", row[2], "frame " + f + " has a face");
            } else {
                assertTrue(f > faceFrames[faceFrames.length - 1], "only trailing frames lack a face here");
                assertEquals("0", row[2]);
                assertEquals("", row[3]);
            }
            // δ = 0: face frames carry their own probabilities, trailing frames copy the last face frame (§7.1)
            float[] p = probs(row);
            for (int j = 0; j < 8; j++) {
                assertEquals(last[j], p[j], 2e-6, "frame " + f + " class " + j);
            }
            // backbone only: argmax over Neutral..Surprise (slot 7 holds Contempt)
            assertEquals(argmax(last, 7), Integer.parseInt(row[7]), "frame " + f);
        }
        JsonNode json = new ObjectMapper().readTree(out.resolve("clip.json").toFile());
        double sum = 0;
        for (JsonNode s : json.get("share")) {
            sum += s.asDouble();
        }
        assertEquals(1.0, sum, 1e-9);
        assertEquals(PredictTestSupport.FRAMES, json.get("frame_count").asInt());
        assertEquals("backbone-only", json.get("mode").asText());
        assertTrue(Files.readString(out.resolve("clip.html")).contains("backbone only"));
    }

    @Test
    void bundleModeAppliesHeadAndLogitAdjustmentThenTheBundlesSmoothing() throws Exception {
        PredictTestSupport.Weights w = new PredictTestSupport.Weights();
        Path bundle = PredictTestSupport.bundle(
                dir, "tiny_backbone", PredictTestSupport.sha(backbone), w, new PostProcessingConfig(2, 1.0, 1.0));
        Path raw = dir.resolve("raw");
        try (Engine m = PredictTestSupport.load(PredictTestSupport.choice(backbone, bundle, 0, null))) {
            assertFalse(m.models().backboneOnly());
            predict(m, raw, true, null);
        }
        Path smoothed = dir.resolve("smoothed");
        try (Engine m = PredictTestSupport.load(PredictTestSupport.choice(backbone, bundle, null, null))) {
            assertEquals(2, m.models().config().deltaFrames(), "the bundle's δ");
            predict(m, smoothed, false, null);
        }
        List<String[]> rawRows = csv(raw.resolve("clip.csv"));
        StoredVideo sv = FeatureStore.open(raw.resolve("features")).video("clip");
        float[] emb = new float[6];
        for (int r = 0; r < sv.rowCount(); r++) {
            sv.embeddingRow(r, emb, 0);
            double[] expected = w.probabilities(emb);
            String[] row = rawRows.get(sv.frame(r) - 1);
            float[] p = probs(row);
            for (int c = 0; c < 8; c++) {
                assertEquals(expected[c], p[c], 1e-5, "frame " + sv.frame(r) + " class " + c);
            }
            assertEquals(argmax(expected, 8), Integer.parseInt(row[7]), "gate off: argmax over all 8");
        }
        // δ = 2: frame i is the mean of the filled rows i−2..i+2 clipped to 1..F (§7.3)
        List<String[]> smoothRows = csv(smoothed.resolve("clip.csv"));
        int frames = PredictTestSupport.FRAMES;
        for (int i : new int[] {1, 2, 10, frames - 1, frames}) {
            double[] mean = new double[8];
            int n = 0;
            for (int j = Math.max(1, i - 2); j <= Math.min(frames, i + 2); j++) {
                float[] p = probs(rawRows.get(j - 1));
                for (int c = 0; c < 8; c++) {
                    mean[c] += p[c];
                }
                n++;
            }
            float[] s = probs(smoothRows.get(i - 1));
            for (int c = 0; c < 8; c++) {
                assertEquals(mean[c] / n, s[c], 1e-5, "frame " + i + " class " + c);
            }
        }
        JsonNode json =
                new ObjectMapper().readTree(smoothed.resolve("clip.json").toFile());
        assertEquals("bundle", json.get("mode").asText());
        assertEquals(
                2, json.get("provenance").get("parameters").get("delta_frames").asInt());
        assertEquals(
                64, json.get("provenance").get("bundle").get("sha256").asText().length());
    }

    @Test
    void bundleOfAnotherBackboneIsRefusedBeforeAnyVideo() {
        Path bundle = PredictTestSupport.bundle(
                dir,
                "enet_b0_8_best_vgaf",
                "00085f9a8ef0bf8fc24a645550185703768951a53aff9f141c8637529eba1840",
                new PredictTestSupport.Weights(),
                PostProcessingConfig.NONE);
        Fer4jException e = assertThrows(
                Fer4jException.class,
                () -> PredictTestSupport.load(PredictTestSupport.choice(backbone, bundle, null, null))
                        .close());
        assertTrue(e.getMessage().contains("trained on features of backbone enet_b0_8_best_vgaf"), e.getMessage());
        assertTrue(e.getMessage().contains("--backbone"), e.getMessage());
        assertEquals(bundle, e.file());
    }

    @Test
    void liveModeOverAFileUrlLabelsCausallyAndMatchesBatchAtDeltaZero() throws Exception {
        Path batch = dir.resolve("batch");
        Path live = dir.resolve("live");
        StringWriter printed = new StringWriter();
        LiveRunner.Result lr;
        try (Engine m = PredictTestSupport.load(PredictTestSupport.choice(backbone, null, 0, null))) {
            predict(m, batch, false, null);
            PredictOutputs.prepare(live, false);
            lr = new LiveRunner(
                            m,
                            new LiveRunner.Settings(live, live.resolve("annotated.mp4"), false, 0, false),
                            new PrintWriter(printed))
                    .run("file:" + video.toAbsolutePath(), Map.of(), System.nanoTime());
        }
        assertFalse(lr.dropped());
        assertEquals(PredictTestSupport.FRAMES, lr.latencyMillis().length, "a latency per frame");
        assertTrue(lr.latencyPercentile(0.5) > 0 && lr.latencyPercentile(0.95) >= lr.latencyPercentile(0.5));
        List<String[]> b = csv(batch.resolve("clip.csv"));
        List<String[]> l = csv(live.resolve("clip.csv"));
        assertEquals(b.size(), l.size());
        for (int i = 0; i < b.size(); i++) {
            // causal fill holds the last face frame = batch fill after the last face; δ = 0 removes the windows
            for (int col : new int[] {0, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14, 15, 16}) {
                assertEquals(b.get(i)[col], l.get(i)[col], "frame " + (i + 1) + " column " + col);
            }
        }
        assertEquals(
                PredictTestSupport.FRAMES,
                printed.toString()
                        .lines()
                        .filter(s -> s.matches("\\s*\\d+\\s.*"))
                        .count(),
                "a label printed per frame");
        assertTrue(Files.size(live.resolve("annotated.mp4")) > 0);
        try (VideoSource v = FfmpegVideoSource.open(live.resolve("annotated.mp4"), 0)) {
            int n = 0;
            while (v.next() != null) {
                n++;
            }
            assertEquals(PredictTestSupport.FRAMES, n, "annotated video has every frame");
        }
    }

    @Test
    void aStreamThatDropsKeepsWhatWasReceived() throws Exception {
        Path out = dir.resolve("out");
        PredictOutputs.prepare(out, false);
        LiveRunner.Result r;
        try (Engine m = PredictTestSupport.load(PredictTestSupport.choice(backbone, null, null, null));
                VideoSource dropping = new Dropping(FfmpegVideoSource.open(video, 0), 12)) {
            r = new LiveRunner(
                            m, new LiveRunner.Settings(out, null, false, 0, true), new PrintWriter(new StringWriter()))
                    .run(
                            new LiveSource(dropping, false, false, 0),
                            "rtsp://camera/stream",
                            Map.of(),
                            System.nanoTime());
        }
        assertTrue(r.dropped());
        assertEquals(12, csv(out.resolve("clip.csv")).size(), "the 12 frames received are in the CSV");
        JsonNode json = new ObjectMapper().readTree(out.resolve("clip.json").toFile());
        assertEquals(12, json.get("frame_count").asInt());
        assertTrue(json.get("warnings").get(0).asText().contains("dropped after frame 12"));
        assertTrue(Files.exists(out.resolve("clip.html")));
    }

    @Test
    void annotateWritesEveryFrameWithTheFinalLabels() throws Exception {
        Path out = dir.resolve("out");
        Path mp4 = dir.resolve("annotated.mp4");
        try (Engine m = PredictTestSupport.load(PredictTestSupport.choice(backbone, null, null, null))) {
            predict(m, out, false, mp4);
        }
        try (VideoSource v = FfmpegVideoSource.open(mp4, 0)) {
            DecodedFrame f = v.next();
            assertEquals(96, f.width());
            int n = 1;
            while (v.next() != null) {
                n++;
            }
            assertEquals(PredictTestSupport.FRAMES, n);
        }
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().contains(".part")), "no temporary left");
        }
    }

    @Test
    void aBadVideoInADirectoryIsReportedAndTheOthersAreWritten() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.copy(video, in.resolve("clip.mp4"));
        Files.write(in.resolve("broken.mp4"), new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p', 1, 2, 3});
        Path out = dir.resolve("out");
        PredictOutputs.prepare(out, false);
        StringWriter log = new StringWriter();
        PredictRunner.Result r;
        try (Engine m = PredictTestSupport.load(PredictTestSupport.choice(backbone, null, null, null))) {
            r = new PredictRunner(m, new PredictRunner.Settings(out, false, null), new PrintWriter(log))
                    .run(VideoFileScanner.scan(in), Map.of(), System.nanoTime());
        }
        assertEquals(List.of("broken"), r.failed(), log.toString());
        assertTrue(log.toString().contains("broken: FAILED"), log.toString());
        assertEquals(PredictTestSupport.FRAMES, csv(out.resolve("clip.csv")).size());
        JsonNode index = new ObjectMapper().readTree(out.resolve("index.json").toFile());
        assertEquals("clip", index.get("videos").get(0).get("video").asText());
        assertFalse(Files.exists(out.resolve("broken.csv")));
    }

    /** A source that fails like a dropped network stream after {@code after} frames. */
    private static final class Dropping extends ForwardingSource {
        private final int after;

        Dropping(VideoSource inner, int after) {
            super(inner);
            this.after = after;
        }

        @Override
        public DecodedFrame next() {
            if (inner.framesRead() == after) {
                throw new Fer4jException(null, "rtsp://camera/stream: connection reset by peer");
            }
            return inner.next();
        }
    }
}
