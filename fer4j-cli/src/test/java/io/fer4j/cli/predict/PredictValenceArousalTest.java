package io.fer4j.cli.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer4j.bundle.BackboneInfo;
import io.fer4j.bundle.BundleFiles;
import io.fer4j.bundle.Modality;
import io.fer4j.bundle.Provenance;
import io.fer4j.bundle.SplitSummary;
import io.fer4j.bundle.StoredFeatures;
import io.fer4j.engine.Engine;
import io.fer4j.error.Fer4jException;
import io.fer4j.head.MlpHead;
import io.fer4j.store.FeatureStore;
import io.fer4j.store.StoredVideo;
import io.fer4j.va.VaBundle;
import io.fer4j.va.VaHead;
import io.fer4j.va.VaLoss;
import io.fer4j.va.VaPredictor;
import io.fer4j.va.VaSource;
import io.fer4j.vision.decode.VideoFileScanner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Valence/arousal in predict (issue 19 item 4) on a synthetic video with a tiny multi-task backbone (10 outputs):
 * with a VA bundle the CSV's values are {@link VaPredictor}'s on the kept features (and, at δ = 0, the head computed
 * here in double); a VA-only bundle labels as backbone-only mode; backbone-only mode fills and smooths the backbone's
 * own outputs; the JSON summary and HTML report carry them; live smooths them causally (a hand-computed case).
 */
class PredictValenceArousalTest {
    private static final int VALENCE = 17;
    private static final int AROUSAL = 18;

    @TempDir
    static Path shared;

    static Path video;
    static Path backbone;
    static PredictTestSupport.VaWeights weights;

    @TempDir
    Path dir;

    @BeforeAll
    static void media() throws Exception {
        video = PredictTestSupport.video(shared);
        backbone = PredictTestSupport.multiTaskBackbone(shared);
        weights = new PredictTestSupport.VaWeights();
    }

    private static void predict(Path bundle, Integer delta, Path out) {
        try (Engine m = PredictTestSupport.load(PredictTestSupport.choice(backbone, bundle, delta, null))) {
            PredictOutputs.prepare(out, false);
            PredictRunner.Result r = new PredictRunner(
                            m, new PredictRunner.Settings(out, true, null), new PrintWriter(new StringWriter()))
                    .run(VideoFileScanner.scan(video), Map.of(), System.nanoTime());
            assertTrue(r.failed().isEmpty(), r.failed().toString());
        }
    }

    private static List<String[]> csv(Path file) throws Exception {
        List<String> lines = Files.readAllLines(file);
        return lines.subList(1, lines.size()).stream()
                .map(l -> l.split(",", -1))
                .toList();
    }

    private static String six(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }

    private static StoredVideo kept(Path out) {
        return FeatureStore.open(out.resolve("features")).video("clip");
    }

    /** The CSV's valence/arousal are VaPredictor's on the same video's kept features; labels as backbone-only. */
    @Test
    void vaBundleGivesVaPredictorsValuesAndBackboneOnlyLabels() throws Exception {
        Path bundle = PredictTestSupport.vaBundle(dir, "va.fer4j", backbone, weights, 2);
        Path out = dir.resolve("va");
        predict(bundle, null, out);
        Path plain = dir.resolve("plain");
        predict(null, null, plain);
        VaPredictor.Prediction expected =
                new VaPredictor(BundleFiles.readVa(bundle)).predict(StoredFeatures.read(kept(out)));
        List<String[]> rows = csv(out.resolve("clip.csv"));
        List<String[]> backboneOnly = csv(plain.resolve("clip.csv"));
        assertEquals(PredictTestSupport.FRAMES, rows.size());
        assertFalse(expected.noFace());
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(six(expected.valenceArousal()[2 * i]), rows.get(i)[VALENCE], "valence of frame " + (i + 1));
            assertEquals(
                    six(expected.valenceArousal()[2 * i + 1]), rows.get(i)[AROUSAL], "arousal of frame " + (i + 1));
            for (int col = 0; col < VALENCE; col++) {
                assertEquals(
                        backboneOnly.get(i)[col],
                        rows.get(i)[col],
                        "a VA-only bundle labels as backbone-only" + " mode: frame " + (i + 1) + " column " + col);
            }
        }
        JsonNode summary = new ObjectMapper().readTree(out.resolve("clip.json").toFile());
        JsonNode va = summary.get("valence_arousal");
        assertEquals(PredictTestSupport.FRAMES, va.get("frame_count").asInt());
        assertEquals(expected.mean(0), va.get("valence_mean").asDouble(), 1e-12);
        assertEquals(expected.standardDeviation(0), va.get("valence_std").asDouble(), 1e-12);
        assertEquals(expected.mean(1), va.get("arousal_mean").asDouble(), 1e-12);
        assertEquals(expected.standardDeviation(1), va.get("arousal_std").asDouble(), 1e-12);
        assertTrue(expected.standardDeviation(0) > 0, "the head's values move over the video");
        assertEquals(
                2,
                summary.get("provenance").get("bundle").get("va_delta_frames").asInt());
        String page = Files.readString(out.resolve("clip.html"));
        assertTrue(
                page.contains("id=\"va-trace\"") && page.contains("id=\"va-circumplex\""), "VA charts in the report");
    }

    /** At δ = 0 each face frame's values are the head of its kept embedding, computed here in double. */
    @Test
    void vaHeadAtDeltaZeroIsTheHeadOfEachFaceEmbedding() throws Exception {
        Path bundle = PredictTestSupport.vaBundle(dir, "va0.fer4j", backbone, weights, 0);
        Path out = dir.resolve("va0");
        predict(bundle, null, out);
        List<String[]> rows = csv(out.resolve("clip.csv"));
        StoredVideo sv = kept(out);
        int[] faces = sv.frames();
        assertTrue(faces.length >= PredictTestSupport.FACE_FRAMES - 2, "the test detector finds the square");
        float[] x = new float[6];
        for (int r = 0; r < faces.length; r++) {
            sv.embeddingRow(r, x, 0);
            double[] va = weights.valenceArousal(x);
            String[] row = rows.get(faces[r] - 1);
            assertEquals(va[0], Double.parseDouble(row[VALENCE]), 2e-6, "valence of frame " + faces[r]);
            assertEquals(va[1], Double.parseDouble(row[AROUSAL]), 2e-6, "arousal of frame " + faces[r]);
        }
    }

    /** Backbone-only mode with a multi-task backbone: its logits 8 and 9, filled and smoothed with the run's δ. */
    @Test
    void backboneOnlyMultiTaskBackboneFillsAndSmoothsItsOwnOutputs() throws Exception {
        Path out = dir.resolve("mtl");
        predict(null, 3, out);
        Path asBundle = PredictTestSupport.vaBundle(dir, "backbone-va.fer4j", backbone, null, 3);
        VaPredictor.Prediction expected =
                new VaPredictor(BundleFiles.readVa(asBundle)).predict(StoredFeatures.read(kept(out)));
        List<String[]> rows = csv(out.resolve("clip.csv"));
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(six(expected.valenceArousal()[2 * i]), rows.get(i)[VALENCE], "valence of frame " + (i + 1));
            assertEquals(
                    six(expected.valenceArousal()[2 * i + 1]), rows.get(i)[AROUSAL], "arousal of frame " + (i + 1));
        }
        // δ = 0: a face frame's values are its own logits 8 and 9
        Path raw = dir.resolve("raw");
        predict(null, 0, raw);
        List<String[]> r0 = csv(raw.resolve("clip.csv"));
        StoredVideo sv = kept(raw);
        float[] logits = new float[10];
        for (int r = 0; r < sv.frames().length; r++) {
            sv.logitsRow(r, logits, 0);
            assertEquals(six(logits[8]), r0.get(sv.frames()[r] - 1)[VALENCE]);
            assertEquals(six(logits[9]), r0.get(sv.frames()[r] - 1)[AROUSAL]);
        }
    }

    /** A VA bundle whose VA head uses audio only is refused before any frame, naming the bundle. */
    @Test
    void audioOnlyVaBundleIsRefusedNamingTheBundle() {
        Random r = new Random(1);
        float[] w1 = new float[4 * 3];
        float[] w2 = new float[2 * 4];
        for (float[] a : List.of(w1, w2)) {
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) r.nextGaussian();
            }
        }
        VaHead audio = new VaHead(
                VaHead.AUDIO, VaLoss.CCC, MlpHead.of(3, 4, 2, w1, new float[4], w2, new float[2]), List.of(), 1);
        SplitSummary split = new SplitSummary("Train_Set", 1, 1, 1, new long[8], 0, 0, "", List.of());
        Path file = dir.resolve("audio-va.fer4j");
        BundleFiles.writeVa(
                file,
                new VaBundle(
                        new BackboneInfo("tiny_va_mtl", PredictTestSupport.sha(backbone), 6, 10, "affectnet8-va"),
                        VaSource.HEAD,
                        Modality.AUDIO,
                        Map.of(VaHead.AUDIO, audio),
                        0,
                        0.0,
                        3,
                        new Provenance("test", "2026-01-01T00:00:00Z", "/s", "/a", Map.of(), split, split, Map.of())));
        Fer4jException e = assertThrows(
                Fer4jException.class,
                () -> PredictTestSupport.load(PredictTestSupport.choice(backbone, file, null, null))
                        .close());
        assertEquals(file, e.file());
        assertTrue(e.getMessage().contains("audio only") && e.getMessage().contains("--modality"), e.getMessage());
    }

    /**
     * Live, δ = 1: frame i gets the mean of the held values of frames max(1, i−2)..i, where a frame without a face
     * holds the last face frame's logits 8 and 9 — computed here by hand from a files run's kept logits.
     */
    @Test
    void liveSmoothsValenceArousalCausally() throws Exception {
        Path raw = dir.resolve("raw");
        predict(null, 0, raw);
        StoredVideo sv = kept(raw);
        int frames = PredictTestSupport.FRAMES;
        double[][] held = new double[frames + 1][];
        float[] logits = new float[10];
        int r = 0;
        for (int f = 1; f <= frames; f++) {
            if (r < sv.frames().length && sv.frames()[r] == f) {
                sv.logitsRow(r++, logits, 0);
                held[f] = new double[] {logits[8], logits[9]};
            } else {
                held[f] = held[f - 1];
            }
        }
        Path live = dir.resolve("live");
        try (Engine m = PredictTestSupport.load(PredictTestSupport.choice(backbone, null, 1, null))) {
            PredictOutputs.prepare(live, false);
            new LiveRunner(m, new LiveRunner.Settings(live, null, false, 0, true), new PrintWriter(new StringWriter()))
                    .run("file:" + video.toAbsolutePath(), Map.of(), System.nanoTime());
        }
        List<String[]> rows = csv(live.resolve("clip.csv"));
        assertEquals(frames, rows.size());
        for (int f = 1; f <= frames; f++) {
            double v = 0;
            double a = 0;
            int n = 0;
            for (int j = Math.max(1, f - 2); j <= f; j++) {
                if (held[j] != null) {
                    v += held[j][0];
                    a += held[j][1];
                    n++;
                }
            }
            String[] row = rows.get(f - 1);
            if (n == 0) {
                assertEquals("", row[VALENCE], "no face yet: no valence at frame " + f);
                continue;
            }
            assertEquals(v / n, Double.parseDouble(row[VALENCE]), 2e-6, "causal valence of frame " + f);
            assertEquals(a / n, Double.parseDouble(row[AROUSAL]), 2e-6, "causal arousal of frame " + f);
        }
    }
}
