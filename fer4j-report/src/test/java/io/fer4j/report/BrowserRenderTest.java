package io.fer4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.evaluation.AblationRow;
import io.fer4j.prediction.PredictedVideo;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        Map<String, HeadlessBrowser.Rendered> r =
                HeadlessBrowser.render(html, dir, List.of("timeline", "probabilities", "shares", "no-such-element"));
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

    /** A name longer than a heat map is wide, with characters the page must escape. */
    static final String LONG_ROW = "confidence-gated calibration + smoothing & class re-weighting (<k-fold> by video)";

    @Test
    void evaluationHeatmapLabelsAreReadableAndTitlesWhole() throws Exception {
        HeadlessBrowser.assumeAvailable();
        // Row t puts 100 - 14t % on the diagonal and the rest next to it: cells from white through the
        // mid blues (the hardest backgrounds for any one label colour) to the darkest blue.
        long[][] counts = new long[8][8];
        for (int t = 0; t < 8; t++) {
            counts[t][t] = 100 - 14L * t;
            counts[t][(t + 1) % 8] = 14L * t;
        }
        var cm = io.fer4j.metrics.ConfusionMatrix.of(counts);
        AblationRow main =
                new AblationRow(LONG_ROW, cm.macroF1(), cm.accuracy(), 50, 0.8, 0.6, Double.NaN, Double.NaN, cm);
        AblationRow plain =
                new AblationRow("backbone only", cm.macroF1(), cm.accuracy(), 0, 0.0, 1.0, Double.NaN, Double.NaN, cm);
        Path file = EvaluationReportHtml.write(dir, "Validation_Set", main, List.of(plain, main), Map.of("k", "v"));
        List<String> ids = List.of("heatmap-main", "heatmap-0", "heatmap-1");
        String js = "var ids=['" + String.join("','", ids) + "'];"
                + "function rgb(s){return s.match(/[0-9.]+/g).map(Number);}"
                + "function lum(c){function f(v){v/=255;return v<=0.04045?v/12.92:Math.pow((v+0.055)/1.055,2.4);}"
                + "return 0.2126*f(c[0])+0.7152*f(c[1])+0.0722*f(c[2]);}"
                + "function bg(e){for(;e;e=e.parentElement){var c=rgb(getComputedStyle(e).backgroundColor);"
                + "if(c.length<4||c[3]>0)return c;}return [255,255,255];}"
                + "function contrast(a,b){var x=lum(a),y=lum(b);return (Math.max(x,y)+0.05)/(Math.min(x,y)+0.05);}"
                + "var out=[];ids.forEach(function(id){var e=document.getElementById(id);"
                + "if(!e){out.push(id+'|missing');return;}"
                + "var n=0,min=99,worst='';e.querySelectorAll('td').forEach(function(td){"
                + "if(!td.textContent.trim()||td.getBoundingClientRect().width==0)return;n++;"
                + "var s=getComputedStyle(td),c=contrast(rgb(s.color),bg(td));"
                + "if(c<min){min=c;worst=td.textContent+' in '+s.color+' on '+s.backgroundColor;}});"
                + "var cap=e.querySelector('caption'),fits=false,text='';"
                + "if(cap){var cr=cap.getBoundingClientRect(),er=e.getBoundingClientRect();text=cap.textContent;"
                + "fits=cr.height>0&&cap.scrollWidth<=cap.clientWidth+1&&cap.scrollHeight<=cap.clientHeight+1"
                + "&&cr.left>=er.left-1&&cr.right<=er.right+1&&getComputedStyle(cap).visibility=='visible';}"
                + "out.push([id,e.tagName,n,min.toFixed(3),worst,fits,text].join('|'));});return out.join('\\n');";
        String probed = HeadlessBrowser.probe(file, dir, js);
        List<String> lines = List.of(probed.split("\n"));
        assertEquals(ids.size(), lines.size(), probed);
        Map<String, String> titles =
                Map.of("heatmap-main", LONG_ROW, "heatmap-0", "backbone only", "heatmap-1", LONG_ROW);
        for (String line : lines) {
            String[] f = line.split("\\|", 7);
            assertEquals(7, f.length, "heat map present: " + line);
            assertEquals(
                    64,
                    Integer.parseInt(f[2]),
                    f[0] + ": every cell's value is a visible label (a chart image has" + " none the page can read): "
                            + line);
            double minContrast = Double.parseDouble(f[3]);
            assertTrue(
                    minContrast >= ConfusionHeatmap.MIN_CONTRAST,
                    f[0] + ": lowest label contrast " + minContrast + ":1 (" + f[4] + ") is below WCAG AA "
                            + ConfusionHeatmap.MIN_CONTRAST + ":1");
            assertEquals(titles.get(f[0]), f[6], f[0] + ": the title shows the full row name");
            assertEquals("true", f[5], f[0] + ": the title is laid out within the heat map, not cut off: " + line);
        }
    }
}
