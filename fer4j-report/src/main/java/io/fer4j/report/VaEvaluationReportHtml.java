package io.fer4j.report;

import io.fer4j.metrics.Concordance;
import io.fer4j.va.VaEvaluation;
import io.fer4j.va.VaScore;
import io.fer4j.va.VaScoredVideo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The valence-arousal evaluation page ({@code fer4j evaluate --report DIR} on a VA bundle): CCC, Pearson r and RMSE
 * of the bundle's configuration, the ablation table, predicted-vs-annotated traces for a few videos and one
 * predicted-vs-annotated scatter per dimension over every annotated frame, in one self-contained HTML file.
 */
public final class VaEvaluationReportHtml {
    /** How many videos get a trace (the first ones of the split, in its order). */
    static final int TRACED_VIDEOS = 4;

    private VaEvaluationReportHtml() {}

    public static Path write(Path dir, VaEvaluation r, Map<String, Object> provenance) {
        Path file = dir.resolve(EvaluationReportHtml.FILE_NAME);
        String html = render(r, provenance);
        ReportFiles.writeAtomically(file, out -> out.write(html.getBytes(StandardCharsets.UTF_8)));
        return file;
    }

    public static String render(VaEvaluation r, Map<String, Object> provenance) {
        StringBuilder h = new StringBuilder(1 << 18);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>fer4j valence-arousal"
                        + " evaluation: ")
                .append(Html.esc(r.split()))
                .append("</title><style>")
                .append(Html.STYLE)
                .append("</style></head><body>\n<h1>Valence-arousal evaluation: ")
                .append(Html.esc(r.split()))
                .append("</h1>\n<p>")
                .append(r.videos().size())
                .append(" videos, ")
                .append(r.score().frameCount())
                .append(" annotated frames, &delta; = ")
                .append(r.deltaFrames())
                .append(", w = ")
                .append(fmt(r.visualWeight()))
                .append(". CCC mean <b>")
                .append(fmt(r.score().cccMean()))
                .append("</b>")
                .append(
                        r.honest() == null
                                ? ""
                                : "; honest k-fold-by-video CCC mean <b>"
                                        + fmt(r.honest().cccMean())
                                        + "</b> (&delta;/w tuned on other videos than those scored)")
                .append(".</p>\n<table id=\"va-metrics\"><tr><th></th><th>CCC</th><th>Pearson r</th><th>RMSE</th></tr>")
                .append(metricRow("valence", r.score().valence()))
                .append(metricRow("arousal", r.score().arousal()))
                .append("</table>\n");
        if (!r.rows().isEmpty()) {
            h.append("<h2>Ablation</h2>\n<p class=\"muted\">&delta; (and w) of each row tuned on the evaluated split"
                    + " (optimistic); the last column tunes on other videos than it scores.</p>\n<table id=\"ablation\">"
                    + "<tr><th>row</th><th>CCC valence</th><th>CCC arousal</th><th>CCC mean</th><th>&delta;</th>"
                    + "<th>w</th><th>honest CCC mean</th></tr>");
            for (VaEvaluation.Row row : r.rows()) {
                VaScore s = row.score();
                h.append("<tr><td>")
                        .append(Html.esc(row.name()))
                        .append("</td>")
                        .append(num(s.valence().ccc()))
                        .append(num(s.arousal().ccc()))
                        .append(num(s.cccMean()))
                        .append("<td class=\"num\">")
                        .append(row.deltaFrames())
                        .append("</td>")
                        .append(num(row.visualWeight()))
                        .append(
                                row.honest() == null
                                        ? "<td class=\"num\">&ndash;</td>"
                                        : num(row.honest().cccMean()))
                        .append("</tr>");
            }
            h.append("</table>\n");
        }
        h.append("<h2>Predicted and annotated traces</h2>\n<div class=\"grid\">");
        List<Double>[] all = perDimension();
        for (int i = 0; i < r.videos().size(); i++) {
            VaScoredVideo v = r.videos().get(i);
            float[] p = r.predicted().get(i);
            int[] frames = annotatedFrames(v);
            for (int k = 0; k < 2; k++) {
                double[] t = new double[frames.length];
                double[] q = new double[frames.length];
                for (int j = 0; j < frames.length; j++) {
                    t[j] = v.truth()[(frames[j] - 1) * 2 + k];
                    q[j] = p[(frames[j] - 1) * 2 + k];
                    all[k].add(t[j]);
                    all[k + 2].add(q[j]);
                }
                if (i < TRACED_VIDEOS) {
                    h.append("<img alt=\"trace\" src=\"")
                            .append(Charts.pngDataUri(Charts.valenceArousalTrace(
                                    v.id() + (k == 0 ? ": valence" : ": arousal"), frames, t, q, 560, 220)))
                            .append("\">");
                }
            }
        }
        h.append("</div>\n<h2>Predicted against annotated, every annotated frame</h2>\n<div class=\"grid\">");
        for (int k = 0; k < 2; k++) {
            h.append("<img alt=\"scatter\" src=\"")
                    .append(Charts.pngDataUri(Charts.valenceArousalScatter(
                            k == 0 ? "valence" : "arousal", unbox(all[k]), unbox(all[k + 2]), 420, 420)))
                    .append("\">");
        }
        h.append("</div>\n<h2>Provenance</h2>\n<table id=\"provenance\">");
        for (Map.Entry<String, Object> e : provenance.entrySet()) {
            h.append("<tr><th>")
                    .append(Html.esc(e.getKey()))
                    .append("</th><td><code>")
                    .append(Html.esc(e.getValue()))
                    .append("</code></td></tr>");
        }
        h.append("</table>\n</body></html>\n");
        return h.toString();
    }

    @SuppressWarnings("unchecked")
    private static List<Double>[] perDimension() {
        return new List[] {
            new ArrayList<Double>(), new ArrayList<Double>(), new ArrayList<Double>(), new ArrayList<Double>()
        };
    }

    private static int[] annotatedFrames(VaScoredVideo v) {
        return java.util.stream.IntStream.rangeClosed(1, v.annotated().length)
                .filter(f -> v.annotated()[f - 1])
                .toArray();
    }

    private static double[] unbox(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static String metricRow(String name, Concordance c) {
        return "<tr><th>" + name + "</th>" + num(c.ccc()) + num(c.pearson()) + num(c.rmse()) + "</tr>";
    }

    private static String num(double v) {
        return "<td class=\"num\">" + fmt(v) + "</td>";
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
