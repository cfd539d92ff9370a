package io.fer4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer4j.evaluation.AblationRow;
import io.fer4j.prediction.PredictedVideo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileOutputsTest {
    @TempDir
    Path dir;

    @Test
    void csvHasFixedColumnsAndOneRowPerFrame() throws Exception {
        PredictedVideo v = SyntheticVideos.of("clip", 4, new int[] {0, 4, 4, 6, 7}, 2);
        Path csv = dir.resolve("clip.csv");
        FrameCsvWriter.write(csv, v, "enet_b0_8_best_vgaf");
        List<String> lines = Files.readAllLines(csv);
        assertEquals(
                "frame,time_s,face,box_x,box_y,box_w,box_h,label,label_name,Neutral,Anger,Disgust,Fear,"
                        + "Happiness,Sadness,Surprise,Other,valence,arousal,backbone",
                lines.get(0));
        assertEquals(1 + 5, lines.size());
        for (String line : lines) {
            assertEquals(20, line.split(",", -1).length, line);
        }
        // frame 1: face box at (10,20) 64x72.5; label 0 with p=0.7; no valence/arousal
        assertEquals(
                "1,0.0000,1,10,20,64,72.50,0,Neutral,0.700000,0.042857,0.042857,0.042857,0.042857,0.042857,"
                        + "0.042857,0.042857,,,enet_b0_8_best_vgaf",
                lines.get(1));
        // frame 2: no face, time 0.25 s
        assertTrue(lines.get(2).startsWith("2,0.2500,0,,,,,4,Happiness,"), lines.get(2));
        assertTrue(lines.get(5).startsWith("5,1.0000,1,14,20,64,72.50,7,Other,"), lines.get(5));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(csv), files.toList(), "no temporary file left behind");
        }
    }

    @Test
    void jsonSummarySharesSumToOneAndSegmentsHaveStartEnd() throws Exception {
        PredictedVideo v = SyntheticVideos.of("clip", 10, new int[] {0, 0, 4, 4, 4, 6, 0, 0, 0, 0});
        Path json = dir.resolve("clip.json");
        SummaryJsonWriter.write(json, v, SyntheticVideos.provenance("backbone-only"));
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertEquals("clip", root.get("video").asText());
        assertEquals("backbone-only", root.get("mode").asText());
        assertEquals(10, root.get("frame_count").asInt());
        double sum = 0;
        for (JsonNode s : root.get("share")) {
            sum += s.asDouble();
        }
        assertEquals(1.0, sum, 1e-12);
        assertEquals(0.6, root.get("share").get("Neutral").asDouble(), 1e-12);
        assertEquals(0.3, root.get("share").get("Happiness").asDouble(), 1e-12);
        assertEquals("Neutral", root.get("dominant").asText());
        JsonNode segs = root.get("segments");
        assertEquals(4, segs.size());
        assertEquals("Happiness", segs.get(1).get("label").asText());
        assertEquals(3, segs.get(1).get("start_frame").asInt());
        assertEquals(5, segs.get(1).get("end_frame").asInt());
        assertEquals(0.2, segs.get(1).get("start_seconds").asDouble(), 1e-9);
        assertEquals(0.5, segs.get(1).get("end_seconds").asDouble(), 1e-9);
        assertEquals(1.0, segs.get(3).get("end_seconds").asDouble(), 1e-9);
        JsonNode models = root.get("provenance").get("models");
        assertEquals(
                "219a0e3f9b0c09c13bca4057a0b49cdf906a192b77fa59407dc2e9852183ea7e",
                models.get(0).get("sha256").asText());
        assertTrue(root.get("provenance").get("bundle").isNull());
        assertEquals(3, root.get("provenance").get("parameters").get("delta").asInt());
    }

    @Test
    void htmlReportIsSelfContained() throws Exception {
        PredictedVideo v = SyntheticVideos.of("clip <1>", 10, new int[] {0, 0, 4, 4, 4, 6, 0, 0, 0, 0});
        ThumbnailSampler s = new ThumbnailSampler(16, 32);
        for (int f = 1; f <= 10; f++) {
            s.offer(
                    f,
                    (f - 1) / 10.0,
                    new java.awt.image.BufferedImage(20, 20, java.awt.image.BufferedImage.TYPE_INT_RGB));
        }
        Path html = dir.resolve("clip.html");
        VideoReportHtml.write(html, v, SyntheticVideos.provenance("bundle"), s.thumbnails());
        String text = Files.readString(html);
        assertTrue(text.contains("<h1>clip &lt;1&gt;</h1>"), "ids are escaped");
        for (String id : List.of("timeline", "probabilities", "shares")) {
            assertTrue(text.contains("id=\"" + id + "\" "), id);
        }
        assertTrue(text.contains("src=\"data:image/png;base64,"));
        assertEquals(4, countOf(text, "src=\"data:image/jpeg;base64,"), "one thumbnail per segment");
        assertFalse(text.contains("src=\"http"), "no external resources");
        assertFalse(text.contains("href="), "no external resources");
        assertTrue(text.contains("full method"));
        assertTrue(text.contains("219a0e3f9b0c09c13bca4057a0b49cdf906a192b77fa59407dc2e9852183ea7e"));
    }

    @Test
    void longVideosAreDownsampledInCharts() {
        int n = 20_000;
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (i / 1000) % 8;
        }
        PredictedVideo v = SyntheticVideos.of("long", 30, labels);
        var chart = Charts.labelTimeline(v, 800, 300);
        assertEquals(Charts.MAX_POINTS + 1, chart.getSeriesMap().get("label").getXData().length);
        // every bucket is one 1000-frame run or within it: the majority label is the run's label
        double[] y = chart.getSeriesMap().get("label").getYData();
        assertEquals(0, y[0]);
        assertEquals(1, y[Charts.MAX_POINTS / 20 + 1]);
        assertTrue(Charts.png(chart).length < 400_000);
    }

    @Test
    void evaluationPageHasTableAndOneHeatmapPerRow() throws Exception {
        long[][] counts = new long[8][8];
        for (int i = 0; i < 8; i++) {
            counts[i][i] = 8;
            counts[i][(i + 1) % 8] = 2;
        }
        var cm = io.fer4j.metrics.ConfusionMatrix.of(counts);
        AblationRow main =
                new AblationRow("bundle", cm.macroF1(), cm.accuracy(), 50, 0.8, 1.0, Double.NaN, Double.NaN, cm);
        List<AblationRow> rows = List.of(
                new AblationRow("EmotiEffNet (MLP)", 0.3868, 0.4759, 0, 1.0, 1.0, Double.NaN, Double.NaN, cm),
                new AblationRow("+ calibration", 0.414, 0.5162, 0, 1.0, 1.0, Double.NaN, Double.NaN, null),
                new AblationRow(
                        "confidence-gated calibration + smoothing", 0.4579, 0.5569, 50, 0.8, 1.0, 0.41, 0.5, cm));
        Path file = EvaluationReportHtml.write(dir, "Validation_Set", main, rows, java.util.Map.of("bundle", "/b"));
        String text = Files.readString(file);
        assertTrue(text.contains("<td class=\"num\">38.68</td><td class=\"num\">47.59</td>"), "ablation row in %");
        assertTrue(text.contains("id=\"heatmap-0\""));
        assertFalse(text.contains("id=\"heatmap-1\""), "a row without confusion has no heat map");
        assertTrue(text.contains("id=\"heatmap-2\""));
        assertTrue(text.contains("id=\"heatmap-main\""));
        assertTrue(text.contains("<td class=\"num\">80.00</td>"), "per-class F1 of an 8/2 split is 80%");
        assertTrue(text.contains("<th>honest F1 %</th>") && text.contains("<td class=\"num\">41.00</td>"));
    }

    private static int countOf(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
