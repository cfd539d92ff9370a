package io.fer4j.report;

import io.fer4j.evaluation.AblationRow;
import io.fer4j.label.AbawClass;
import io.fer4j.metrics.ConfusionMatrix;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The evaluation page written by {@code fer4j evaluate --report DIR}: the metrics of the bundle's own configuration,
 * the ablation table, and a row-normalised confusion-matrix heat map per row (the paper's Figure 2), as one
 * self-contained HTML file.
 */
public final class EvaluationReportHtml {
    public static final String FILE_NAME = "evaluation.html";
    /** Heat-map cell sides in CSS pixels: the bundle's own matrix larger, the ablation grid three to a row. */
    private static final int MAIN_CELL_PX = 44;

    private static final int GRID_CELL_PX = 34;

    private EvaluationReportHtml() {}

    /**
     * @param title       page title, e.g. "Validation_Set"
     * @param main        the bundle's own configuration (shown first, with per-class F1)
     * @param rows        ablation rows (may be empty)
     * @param provenance  key facts: bundle path and sha256, store, annotations, split...
     */
    public static Path write(
            Path dir, String title, AblationRow main, List<AblationRow> rows, Map<String, Object> provenance) {
        Path file = dir.resolve(FILE_NAME);
        String html = render(title, main, rows, provenance);
        ReportFiles.writeAtomically(file, out -> out.write(html.getBytes(StandardCharsets.UTF_8)));
        return file;
    }

    public static String render(
            String title, AblationRow main, List<AblationRow> rows, Map<String, Object> provenance) {
        StringBuilder h = new StringBuilder(1 << 18);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>fer4j evaluation: ")
                .append(Html.esc(title))
                .append("</title><style>")
                .append(Html.STYLE)
                .append("</style></head><body>\n");
        h.append("<h1>Evaluation: ").append(Html.esc(title)).append("</h1>\n");
        if (main != null) {
            appendMain(h, main);
        }
        if (!rows.isEmpty()) {
            appendAblation(h, rows);
        }
        h.append("<h2>Provenance</h2>\n<table id=\"provenance\">");
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

    /** The bundle's configuration: its scores and parameters, per-class F1 and confusion heatmap. */
    private static void appendMain(StringBuilder h, AblationRow main) {
        h.append("<h2>Bundle configuration</h2>\n<p>")
                .append(Html.esc(main.name()))
                .append(": macro-F1 <b>")
                .append(pct(main.macroF1()))
                .append("</b>, accuracy <b>")
                .append(pct(main.accuracy()))
                .append("</b>")
                .append(params(main))
                .append(
                        Double.isNaN(main.honestMacroF1())
                                ? ""
                                : "; honest k-fold-by-video macro-F1 <b>" + pct(main.honestMacroF1())
                                        + "</b> (tuned on other videos than those scored)")
                .append("</p>\n");
        if (main.confusion() != null) {
            double[] f1 = main.confusion().perClassF1();
            h.append("<table id=\"per-class\"><tr><th>class</th>");
            for (int c = 0; c < f1.length; c++) {
                h.append("<th>")
                        .append(c < AbawClass.COUNT ? AbawClass.of(c).displayName() : c)
                        .append("</th>");
            }
            h.append("</tr><tr><th>F1 %</th>");
            for (double v : f1) {
                h.append("<td class=\"num\">").append(pct(v)).append("</td>");
            }
            h.append("</tr></table>\n");
            h.append(ConfusionHeatmap.table("heatmap-main", main.name(), main.confusion(), MAIN_CELL_PX))
                    .append('\n');
        }
    }

    /** The ablation table (with the honest k-fold column when any row has it) and each row's confusion matrix. */
    private static void appendAblation(StringBuilder h, List<AblationRow> rows) {
        boolean honest = rows.stream().anyMatch(r -> !Double.isNaN(r.honestMacroF1()));
        h.append("<h2>Ablation</h2>\n<p class=\"muted\">Each row's adjustments and &delta;/p0/w are tuned on the "
                        + "evaluated split, as the paper reports (optimistic)")
                .append(honest ? "; the last column tunes on other videos than it scores (k-fold by video)" : "")
                .append(".</p>\n<table id=\"ablation\"><tr><th>row</th><th>macro-F1 %</th><th>accuracy %</th>")
                .append("<th>&delta;</th><th>p0</th><th>w</th>")
                .append(honest ? "<th>honest F1 %</th>" : "")
                .append("</tr>");
        for (AblationRow r : rows) {
            h.append("<tr><td>")
                    .append(Html.esc(r.name()))
                    .append("</td><td class=\"num\">")
                    .append(pct(r.macroF1()))
                    .append("</td><td class=\"num\">")
                    .append(pct(r.accuracy()))
                    .append("</td><td class=\"num\">")
                    .append(r.deltaFrames())
                    .append("</td><td class=\"num\">")
                    .append(fmt(r.p0()))
                    .append("</td><td class=\"num\">")
                    .append(fmt(r.visualWeight()))
                    .append("</td>");
            if (honest) {
                h.append("<td class=\"num\">")
                        .append(Double.isNaN(r.honestMacroF1()) ? "&ndash;" : pct(r.honestMacroF1()))
                        .append("</td>");
            }
            h.append("</tr>");
        }
        h.append("</table>\n<h2>Confusion matrices (row-normalised, %)</h2>\n<div class=\"grid\">");
        int i = 0;
        for (AblationRow r : rows) {
            ConfusionMatrix cm = r.confusion();
            if (cm != null) {
                h.append(ConfusionHeatmap.table("heatmap-" + i, r.name(), cm, GRID_CELL_PX));
            }
            i++;
        }
        h.append("</div>\n");
    }

    private static String params(AblationRow r) {
        return ", &delta; = " + r.deltaFrames() + ", p0 = " + fmt(r.p0()) + ", w = " + fmt(r.visualWeight());
    }

    private static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.2f", 100.0 * fraction);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
