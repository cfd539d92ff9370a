package io.fer4j.report;

import io.fer4j.evaluation.AblationRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Opens the reports in a real headless browser and checks that the plots are decoded and laid out. */
class BrowserRenderTest {
    @TempDir
    Path dir;

    @Test
    void videoReportPlotsRenderInChromium() throws Exception {
        HeadlessBrowser.assumeAvailable();
        int[] labels = new int[300];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i < 100 ? 0 : i < 220 ? 4 : 6;
        }
        PredictedVideo v = SyntheticVideos.of("clip", 30, labels, 5, 6, 7);
        Path html = dir.resolve("clip.html");
        VideoReportHtml.write(html, v, SyntheticVideos.provenance("backbone-only"), List.of());
        Map<String, HeadlessBrowser.Rendered> r = HeadlessBrowser.render(html, dir,
                List.of("timeline", "probabilities", "shares", "no-such-element"));
        assertFalse(r.containsKey("no-such-element"), "the probe reports absent elements as absent");
        for (String id : List.of("timeline", "probabilities", "shares")) {
            HeadlessBrowser.Rendered e = r.get(id);
            assertTrue(e != null && e.complete(), id + " rendered: " + e);
            assertTrue(e.naturalWidth() > 0 && e.naturalHeight() > 0, id + " image decoded by the browser: " + e);
            assertTrue(e.width() > 100 && e.height() > 50, id + " laid out with a visible size: " + e);
        }
        assertEquals(2000, r.get("timeline").naturalWidth(), "the PNG is drawn at twice its layout width");
        assertEquals(1000, r.get("timeline").width(), "laid out at its declared width");
    }

    @Test
    void evaluationHeatmapsRenderInChromium() throws Exception {
        HeadlessBrowser.assumeAvailable();
        long[][] counts = new long[8][8];
        for (int i = 0; i < 8; i++) {
            counts[i][i] = 5 + i;
            counts[i][7 - i] += 3;
        }
        var cm = io.fer4j.metrics.ConfusionMatrix.of(counts);
        AblationRow row = new AblationRow("gated + smoothing", cm.macroF1(), cm.accuracy(), 50, 0.8, 0.6, Double.NaN,
                Double.NaN, cm);
        Path file = EvaluationReportHtml.write(dir, "Validation_Set", row, List.of(row, row), Map.of("k", "v"));
        Map<String, HeadlessBrowser.Rendered> r = HeadlessBrowser.render(file, dir,
                List.of("heatmap-main", "heatmap-0", "heatmap-1"));
        assertEquals(3, r.size());
        for (HeadlessBrowser.Rendered e : r.values()) {
            assertTrue(e.complete() && e.naturalWidth() > 0 && e.width() > 100 && e.height() > 100, e.toString());
        }
    }
}
