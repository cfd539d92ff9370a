package io.fer4j.report;

import java.util.Locale;

/** Small HTML helpers shared by the report pages. */
final class Html {
    private Html() {}

    static String esc(Object o) {
        String s = String.valueOf(o);
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", 100.0 * fraction);
    }

    static String clock(double seconds) {
        long tenths = Math.round(seconds * 10);
        long m = tenths / 600;
        double s = (tenths % 600) / 10.0;
        return String.format(Locale.ROOT, "%d:%04.1f", m, s);
    }

    static final String STYLE = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;max-width:1100px;color:#222;padding:0 16px}
            h1{font-size:1.5em;margin-bottom:4px} h2{font-size:1.15em;margin-top:28px;border-bottom:1px solid #ddd;padding-bottom:4px}
            .mode{display:inline-block;padding:2px 8px;border-radius:4px;font-size:.85em;font-weight:600}
            .mode.bundle{background:#e3f1e3;color:#205020} .mode.backbone{background:#fff2cc;color:#6b4e00}
            .warn{background:#fdecea;color:#7a1d14;padding:6px 10px;border-radius:4px}
            table{border-collapse:collapse;font-size:.9em} td,th{border:1px solid #ddd;padding:3px 8px;text-align:left}
            th{background:#f5f5f5} td.num{text-align:right;font-variant-numeric:tabular-nums}
            img.chart{max-width:100%;height:auto;display:block;margin:8px 0}
            .thumbs{display:flex;flex-wrap:wrap;gap:10px} figure{margin:0;text-align:center;font-size:.8em}
            figure img{width:96px;height:96px;object-fit:cover;border-radius:4px;border:3px solid #ccc}
            .grid{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-start}
            table.heatmap{table-layout:fixed;margin:8px 0;font-size:.85em}
            table.heatmap td,table.heatmap th{width:var(--cell);min-width:var(--cell);height:var(--cell);padding:0}
            table.heatmap caption{caption-side:top;text-align:left;font-weight:600;padding:0 0 4px;overflow-wrap:anywhere}
            table.heatmap td{text-align:center;border:1px solid #fff;font-variant-numeric:tabular-nums}
            table.heatmap th{text-align:center;border:none;background:none;font-weight:normal;color:#444}
            table.heatmap th.axis{font-size:.75em;color:#666;line-height:1.1} .muted{color:#777;font-size:.85em} code{font-size:.9em;word-break:break-all}
            """;
}
