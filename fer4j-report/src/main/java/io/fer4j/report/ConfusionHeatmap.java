package io.fer4j.report;

import io.fer4j.label.AbawClass;
import io.fer4j.metrics.ConfusionMatrix;
import java.awt.Color;
import java.util.Locale;

/**
 * A row-normalised confusion matrix (rows = true class, in %) as an HTML table heat map, like the paper's Figure 2.
 * A table rather than a chart image: the caption wraps so a long row name is shown whole, and each cell's label
 * colour is chosen against that cell's own background, so every count stays readable (WCAG contrast ≥ 4.5:1).
 */
final class ConfusionHeatmap {
    /** WCAG 2 AA minimum contrast for normal-size text. */
    static final double MIN_CONTRAST = 4.5;

    /** Light to dark blue, the colour at 0 %, 50 % and 100 % of a row. */
    private static final Color[] SCALE = {new Color(0xf7fbff), new Color(0x6baed6), new Color(0x08306b)};

    private ConfusionHeatmap() {}

    /**
     * The table; {@code cellPx} is each cell's side in CSS pixels.
     *
     * @param id    the table's element id
     * @param title the caption (plain text; escaped here)
     */
    static String table(String id, String title, ConfusionMatrix confusion, int cellPx) {
        int k = confusion.classCount();
        double[][] norm = confusion.rowNormalised();
        StringBuilder h = new StringBuilder(4096 + 256 * k * k);
        h.append("<table class=\"heatmap\" id=\"")
                .append(Html.esc(id))
                .append("\" style=\"--cell:")
                .append(cellPx)
                .append("px\"><caption>")
                .append(Html.esc(title))
                .append("</caption>")
                .append(
                        "<tr><th class=\"axis\" title=\"rows: true class; columns: predicted class\">true \\ pred</th>");
        for (int p = 0; p < k; p++) {
            h.append("<th title=\"predicted ")
                    .append(Html.esc(className(p)))
                    .append("\">")
                    .append(shortName(p))
                    .append("</th>");
        }
        h.append("</tr>");
        for (int t = 0; t < k; t++) {
            long rowTotal = 0;
            for (int p = 0; p < k; p++) {
                rowTotal += confusion.count(t, p);
            }
            h.append("<tr><th title=\"true ")
                    .append(Html.esc(className(t)))
                    .append("\">")
                    .append(shortName(t))
                    .append("</th>");
            for (int p = 0; p < k; p++) {
                double percent = 100.0 * norm[t][p];
                Color bg = cellColour(percent);
                h.append("<td style=\"background:")
                        .append(hex(bg))
                        .append(";color:")
                        .append(hex(labelColour(bg)))
                        .append("\" title=\"true ")
                        .append(Html.esc(className(t)))
                        .append(", predicted ")
                        .append(Html.esc(className(p)))
                        .append(": ")
                        .append(confusion.count(t, p))
                        .append(" of ")
                        .append(rowTotal)
                        .append(" frames\">")
                        .append(String.format(Locale.ROOT, "%.0f", percent))
                        .append("</td>");
            }
            h.append("</tr>");
        }
        return h.append("</table>").toString();
    }

    /** The fill for a cell holding {@code percent} (0–100) of its row: linear through {@link #SCALE}. */
    static Color cellColour(double percent) {
        double x = Math.max(0, Math.min(1, percent / 100.0)) * (SCALE.length - 1);
        int i = Math.min((int) x, SCALE.length - 2);
        double f = x - i;
        Color a = SCALE[i];
        Color b = SCALE[i + 1];
        return new Color(
                mix(a.getRed(), b.getRed(), f), mix(a.getGreen(), b.getGreen(), f), mix(a.getBlue(), b.getBlue(), f));
    }

    /**
     * Black or white, whichever contrasts more with {@code background}. Pure black and white, not softer greys:
     * only they guarantee ≥ 4.58:1 for every background (the worst case is a mid luminance of about 0.18).
     */
    static Color labelColour(Color background) {
        return contrastRatio(background, Color.BLACK) >= contrastRatio(background, Color.WHITE)
                ? Color.BLACK
                : Color.WHITE;
    }

    /** WCAG 2 contrast ratio (L1 + 0.05) / (L2 + 0.05), from 1 to 21. */
    static double contrastRatio(Color a, Color b) {
        double la = relativeLuminance(a);
        double lb = relativeLuminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    /** WCAG 2 relative luminance of an sRGB colour. */
    static double relativeLuminance(Color c) {
        return 0.2126 * linear(c.getRed()) + 0.7152 * linear(c.getGreen()) + 0.0722 * linear(c.getBlue());
    }

    private static double linear(int channel8) {
        double s = channel8 / 255.0;
        return s <= 0.04045 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round(a + (b - a) * f);
    }

    private static String hex(Color c) {
        return String.format(Locale.ROOT, "#%06x", c.getRGB() & 0xffffff);
    }

    private static String className(int c) {
        return c < AbawClass.COUNT ? AbawClass.of(c).displayName() : Integer.toString(c);
    }

    private static String shortName(int c) {
        return c < AbawClass.COUNT ? AbawClass.of(c).displayName().substring(0, 3) : Integer.toString(c);
    }
}
