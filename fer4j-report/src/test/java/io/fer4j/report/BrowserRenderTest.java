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

    /**
     * People mode: the lanes of {@link SyntheticVideos#threePeople()} share one x scale, and each label segment sits
     * where its frames are (frame i of 12 spans [(i-1)/12, i/12) of the lane) in its class colour, gaps included.
     */
    @Test
    void peopleLanesShareOneTimeAxisInChromium() throws Exception {
        HeadlessBrowser.assumeAvailable();
        Path html = dir.resolve("meeting.html");
        VideoReportHtml.write(
                html,
                SyntheticVideos.threePeople(),
                SyntheticVideos.provenance("bundle"),
                List.of(),
                PeopleOutputsTest.faces());
        String js = "var out=[];['lane-1','lane-2','lane-3','people-axis'].forEach(function(id){"
                + "var e=document.getElementById(id);if(!e){out.push(id+'|missing');return;}"
                + "var r=e.getBoundingClientRect(),parts=[id,r.left.toFixed(1),r.width.toFixed(1)];"
                + "for(var c=e.firstElementChild;c;c=c.nextElementSibling){var s=c.getBoundingClientRect();"
                + "parts.push(((s.left-r.left)/r.width).toFixed(4)+':'+(s.width/r.width).toFixed(4)+':'"
                + "+getComputedStyle(c).backgroundColor);}out.push(parts.join('|'));});"
                + "['person-1-face','person-2-face','person-3-face'].forEach(function(id){var e=document.getElementById(id);"
                + "out.push(e?id+'|'+e.complete+'|'+e.naturalWidth+'|'+Math.round(e.getBoundingClientRect().width)"
                + ":id+'|missing');});return out.join('\\n');";
        List<String> lines = List.of(HeadlessBrowser.probe(html, dir, js).split("\n"));
        Map<String, List<String>> byId = new java.util.HashMap<>();
        for (String line : lines) {
            List<String> f = List.of(line.split("\\|"));
            byId.put(f.get(0), f);
        }
        // hand-worked: frame i of 12 starts at (i-1)/12; colours are Charts.CLASS_COLORS
        String happy = "rgb(242, 183, 1)";
        Map<String, List<String>> expected = Map.of(
                "lane-1",
                        List.of(
                                "0.0000:0.3333:" + happy,
                                "0.5000:0.1667:" + happy, // frames 5-6 away: nothing drawn there
                                "0.6667:0.0833:rgb(214, 39, 40)"),
                "lane-2", List.of("0.1667:0.2500:rgb(23, 190, 207)", "0.4167:0.4167:rgb(31, 119, 180)"),
                "lane-3", List.of("0.7500:0.0833:rgb(148, 103, 189)", "0.8333:0.0833:rgb(140, 86, 75)"));
        List<String> axis = byId.get("people-axis");
        assertTrue(axis.size() > 2, "the axis is rendered: " + lines);
        for (Map.Entry<String, List<String>> e : expected.entrySet()) {
            List<String> lane = byId.get(e.getKey());
            assertTrue(lane.size() > 2, e.getKey() + " rendered: " + lane);
            assertEquals(axis.get(1), lane.get(1), e.getKey() + " starts where the shared axis does");
            assertEquals(axis.get(2), lane.get(2), e.getKey() + " is as wide as the shared axis");
            assertTrue(Double.parseDouble(lane.get(2)) > 500, e.getKey() + " laid out wide: " + lane);
            assertEquals(e.getValue(), lane.subList(3, lane.size()), e.getKey());
        }
        // 3 s at 4 fps: ticks every 0.5 s at 0, 1/6, 2/6, ... of the axis
        List<String> ticks = axis.subList(3, axis.size());
        assertEquals(6, ticks.size(), "ticks: " + ticks);
        for (int k = 0; k < 6; k++) {
            assertEquals(
                    String.format(java.util.Locale.ROOT, "%.4f", k / 6.0),
                    ticks.get(k).split(":")[0]);
        }
        for (String face : List.of("person-1-face", "person-2-face")) {
            // a 48 px JPEG shown at 64 px plus its 3 px label-coloured border on each side
            assertEquals(List.of(face, "true", "48", "70"), byId.get(face), "decoded and laid out: " + face);
        }
        assertEquals(List.of("person-3-face", "missing"), byId.get("person-3-face"));
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
