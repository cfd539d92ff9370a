package io.fer4j.report;

import io.fer4j.label.AbawClass;
import io.fer4j.prediction.FramePrediction;
import io.fer4j.prediction.PredictedVideo;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * XChart plots for the reports, rendered to PNG and embedded as data URIs so every report is one self-contained file.
 */
public final class Charts {
    /** Longer series are averaged into this many buckets: the plot cannot show more, and the SVG stays small. */
    static final int MAX_POINTS = 1200;

    /** One colour per ABAW class, shared by every chart. */
    static final Color[] CLASS_COLORS = {
        new Color(0x8c8c8c), new Color(0xd62728), new Color(0x8c564b), new Color(0x9467bd),
        new Color(0xf2b701), new Color(0x1f77b4), new Color(0x17becf), new Color(0x2ca02c)
    };

    private Charts() {}

    /** Predicted label over time as a step line; y ticks are the class names. */
    public static XYChart labelTimeline(PredictedVideo video, int width, int height) {
        XYChart chart = new XYChartBuilder()
                .width(width)
                .height(height)
                .title("Expression timeline")
                .xAxisTitle("time (s)")
                .yAxisTitle("")
                .build();
        style(chart);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(7.0);
        chart.getStyler().setYAxisTickMarkSpacingHint(Math.max(12, (height - 90) / 9));
        // XChart needs distinct tick labels (it keeps re-spacing ticks otherwise): class names on whole numbers,
        // the number itself anywhere else (not reached with one tick per class).
        chart.getStyler().setyAxisTickLabelsFormattingFunction(v -> {
            long r = Math.round(v);
            return Math.abs(v - r) < 1e-6 && r >= 0 && r < AbawClass.COUNT
                    ? AbawClass.of((int) r).displayName()
                    : String.format(java.util.Locale.ROOT, "%.2f", v);
        });
        List<FramePrediction> frames = video.frames();
        int n = frames.size();
        double[] x;
        double[] y;
        if (n == 0) {
            x = new double[] {0};
            y = new double[] {0};
        } else if (n <= MAX_POINTS) {
            x = new double[n + 1];
            y = new double[n + 1];
            for (int i = 0; i < n; i++) {
                x[i] = frames.get(i).timeSeconds();
                y[i] = frames.get(i).label();
            }
            x[n] = video.durationSeconds() > x[n - 1] ? video.durationSeconds() : x[n - 1];
            y[n] = y[n - 1];
        } else {
            // Majority label per bucket: a step line cannot show more changes than it has pixels.
            x = new double[MAX_POINTS + 1];
            y = new double[MAX_POINTS + 1];
            for (int b = 0; b < MAX_POINTS; b++) {
                int from = (int) ((long) b * n / MAX_POINTS);
                int to = (int) ((long) (b + 1) * n / MAX_POINTS);
                int[] count = new int[AbawClass.COUNT];
                for (int i = from; i < to; i++) {
                    count[frames.get(i).label()]++;
                }
                int best = 0;
                for (int c = 1; c < count.length; c++) {
                    if (count[c] > count[best]) {
                        best = c;
                    }
                }
                x[b] = frames.get(from).timeSeconds();
                y[b] = best;
            }
            x[MAX_POINTS] = video.durationSeconds();
            y[MAX_POINTS] = y[MAX_POINTS - 1];
        }
        XYSeries s = chart.addSeries("label", x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(new Color(0x1f3a68));
        return chart;
    }

    /** The 8 class probabilities over time (bucket means for long videos). */
    public static XYChart probabilities(PredictedVideo video, int width, int height) {
        XYChart chart = new XYChartBuilder()
                .width(width)
                .height(height)
                .title("Class probabilities")
                .xAxisTitle("time (s)")
                .yAxisTitle("probability")
                .build();
        style(chart);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        List<FramePrediction> frames = video.frames();
        int n = frames.size();
        int points = Math.max(1, Math.min(n, MAX_POINTS));
        double[] x = new double[points];
        double[][] y = new double[AbawClass.COUNT][points];
        for (int b = 0; b < points && n > 0; b++) {
            int from = (int) ((long) b * n / points);
            int to = Math.max(from + 1, (int) ((long) (b + 1) * n / points));
            double t = 0;
            for (int i = from; i < to; i++) {
                FramePrediction f = frames.get(i);
                t += f.timeSeconds();
                for (int c = 0; c < AbawClass.COUNT; c++) {
                    y[c][b] += f.probability(c);
                }
            }
            x[b] = t / (to - from);
            for (int c = 0; c < AbawClass.COUNT; c++) {
                y[c][b] /= (to - from);
            }
        }
        for (int c = 0; c < AbawClass.COUNT; c++) {
            XYSeries s = chart.addSeries(AbawClass.of(c).displayName(), x, y[c]);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(CLASS_COLORS[c]);
        }
        return chart;
    }

    /**
     * Predicted valence and arousal of one video over time (bucket means beyond {@link #MAX_POINTS} points; frames
     * without values are left out).
     */
    public static XYChart valenceArousalOverTime(PredictedVideo video, int width, int height) {
        XYChart chart = new XYChartBuilder()
                .width(width)
                .height(height)
                .title("Valence and arousal")
                .xAxisTitle("time (s)")
                .yAxisTitle("")
                .build();
        style(chart);
        chart.getStyler().setYAxisMin(-1.0).setYAxisMax(1.0);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        List<FramePrediction> frames = video.frames().stream()
                .filter(FramePrediction::hasValenceArousal)
                .toList();
        double[][] m = bucketMeans(
                frames.size(),
                i -> frames.get(i).timeSeconds(),
                i -> frames.get(i).valence(),
                i -> frames.get(i).arousal());
        XYSeries vs = chart.addSeries("valence", m[0], m[1]);
        vs.setMarker(SeriesMarkers.NONE);
        vs.setLineColor(new Color(0x1f3a68));
        XYSeries as = chart.addSeries("arousal", m[0], m[2]);
        as.setMarker(SeriesMarkers.NONE);
        as.setLineColor(new Color(0xd62728));
        return chart;
    }

    /**
     * The circumplex: one dot per frame at (valence, arousal), coloured by the frame's expression label (every k-th
     * frame beyond 4000), values clamped to [−1, 1].
     */
    public static XYChart circumplex(PredictedVideo video, int width, int height) {
        XYChart chart = new XYChartBuilder()
                .width(width)
                .height(height)
                .title("Valence-arousal (circumplex)")
                .xAxisTitle("valence")
                .yAxisTitle("arousal")
                .build();
        style(chart);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setMarkerSize(4);
        chart.getStyler().setXAxisMin(-1.0).setXAxisMax(1.0).setYAxisMin(-1.0).setYAxisMax(1.0);
        List<FramePrediction> frames = video.frames().stream()
                .filter(FramePrediction::hasValenceArousal)
                .toList();
        int step = Math.max(1, frames.size() / 4000);
        List<List<Double>> xs = new ArrayList<>();
        List<List<Double>> ys = new ArrayList<>();
        for (int c = 0; c < AbawClass.COUNT; c++) {
            xs.add(new ArrayList<>());
            ys.add(new ArrayList<>());
        }
        for (int i = 0; i < frames.size(); i += step) {
            FramePrediction f = frames.get(i);
            xs.get(f.label()).add(Math.max(-1.0, Math.min(1.0, f.valence())));
            ys.get(f.label()).add(Math.max(-1.0, Math.min(1.0, f.arousal())));
        }
        // the circumplex's axes: valence 0 and arousal 0
        String[] axisNames = {"valence = 0", "arousal = 0"};
        double[][] axisX = {{0, 0}, {-1, 1}};
        double[][] axisY = {{-1, 1}, {0, 0}};
        for (int k = 0; k < 2; k++) {
            XYSeries axis = chart.addSeries(axisNames[k], axisX[k], axisY[k]);
            axis.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            axis.setMarker(SeriesMarkers.NONE);
            axis.setLineColor(new Color(0xbdbdbd));
            axis.setShowInLegend(false);
        }
        for (int c = 0; c < AbawClass.COUNT; c++) {
            if (!xs.get(c).isEmpty()) {
                chart.addSeries(AbawClass.of(c).displayName(), xs.get(c), ys.get(c))
                        .setMarkerColor(CLASS_COLORS[c]);
            }
        }
        return chart;
    }

    /** Share of time per expression, in percent. */
    public static CategoryChart shares(double[] shares, int width, int height) {
        CategoryChart chart = new CategoryChartBuilder()
                .width(width)
                .height(height)
                .title("Share of time per expression")
                .xAxisTitle("")
                .yAxisTitle("% of frames")
                .build();
        style(chart);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setYAxisMin(0.0);
        double top = 0;
        for (double v : shares) {
            top = Math.max(top, 100.0 * v);
        }
        chart.getStyler().setYAxisMax(Math.min(100.0, Math.max(10.0, Math.ceil(top / 10.0) * 10.0)));
        List<String> names = AbawClass.displayNames();
        List<Double> pct = new ArrayList<>();
        for (double s : shares) {
            pct.add(100.0 * s);
        }
        chart.addSeries("share", names, pct).setFillColor(new Color(0x1f3a68));
        return chart;
    }

    /**
     * Predicted and annotated valence or arousal of one video over its annotated frames (bucket means beyond
     * {@link #MAX_POINTS} points).
     *
     * @param frames    1-based annotated frame numbers, ascending
     * @param truth     the annotation at those frames
     * @param predicted the prediction at those frames
     */
    public static XYChart valenceArousalTrace(
            String title, int[] frames, double[] truth, double[] predicted, int width, int height) {
        XYChart chart = new XYChartBuilder()
                .width(width)
                .height(height)
                .title(title)
                .xAxisTitle("frame")
                .yAxisTitle("")
                .build();
        style(chart);
        chart.getStyler().setYAxisMin(-1.0).setYAxisMax(1.0);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        double[][] m = bucketMeans(frames.length, i -> frames[i], i -> truth[i], i -> predicted[i]);
        double[] x = m[0];
        double[] p = m[2];
        XYSeries a = chart.addSeries("annotated", x, m[1]);
        a.setMarker(SeriesMarkers.NONE);
        a.setLineColor(new Color(0x8c8c8c));
        XYSeries q = chart.addSeries("predicted", x, p);
        q.setMarker(SeriesMarkers.NONE);
        q.setLineColor(new Color(0x1f3a68));
        return chart;
    }

    /** Predicted against annotated values, one dot per frame (every k-th frame beyond 4000), with the diagonal. */
    public static XYChart valenceArousalScatter(
            String title, double[] truth, double[] predicted, int width, int height) {
        XYChart chart = new XYChartBuilder()
                .width(width)
                .height(height)
                .title(title)
                .xAxisTitle("annotated")
                .yAxisTitle("predicted")
                .build();
        style(chart);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setMarkerSize(3);
        chart.getStyler().setXAxisMin(-1.0).setXAxisMax(1.0).setYAxisMin(-1.0).setYAxisMax(1.0);
        int step = Math.max(1, truth.length / 4000);
        int m = Math.max(1, (truth.length + step - 1) / step);
        double[] x = new double[m];
        double[] y = new double[m];
        for (int i = 0, j = 0; i < truth.length && j < m; i += step, j++) {
            x[j] = truth[i];
            y[j] = Math.max(-1.0, Math.min(1.0, predicted[i]));
        }
        chart.addSeries("frames", x, y).setMarkerColor(new Color(0x1f3a68, false));
        XYSeries diagonal = chart.addSeries("y = x", new double[] {-1, 1}, new double[] {-1, 1});
        diagonal.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        diagonal.setMarker(SeriesMarkers.NONE);
        diagonal.setLineColor(new Color(0xd62728));
        return chart;
    }

    /**
     * Means of each column over min(n, {@link #MAX_POINTS}) buckets of consecutive rows (at least one point, zeros
     * when n = 0): how the line charts thin long videos.
     */
    private static double[][] bucketMeans(int n, java.util.function.IntToDoubleFunction... columns) {
        int points = Math.max(1, Math.min(n, MAX_POINTS));
        double[][] out = new double[columns.length][points];
        for (int b = 0; b < points && n > 0; b++) {
            int from = (int) ((long) b * n / points);
            int to = Math.max(from + 1, (int) ((long) (b + 1) * n / points));
            for (int c = 0; c < columns.length; c++) {
                double sum = 0;
                for (int i = from; i < to; i++) {
                    sum += columns[c].applyAsDouble(i);
                }
                out[c][b] = sum / (to - from);
            }
        }
        return out;
    }

    private static void style(
            org.knowm.xchart.internal.chartpart.Chart<? extends org.knowm.xchart.style.AxesChartStyler, ?> chart) {
        var st = chart.getStyler();
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setPlotBorderVisible(false);
        st.setPlotGridLinesColor(new Color(0xe0e0e0));
        st.setChartTitleBoxVisible(false);
        st.setLegendBorderColor(Color.WHITE);
        st.setXAxisDecimalPattern("#,##0.##");
    }

    /** Charts are drawn at twice their layout size so they stay sharp on high-density screens and when zoomed. */
    static final double PIXEL_SCALE = 2.0;

    /**
     * The chart as a PNG drawn at {@link #PIXEL_SCALE}. PNG rather than SVG: VectorGraphics2D writes every line
     * segment and glyph as its own path, which made a 900-frame probability plot 2.4 MB of SVG against ~100 kB of PNG.
     */
    public static byte[] png(Chart<?, ?> chart) {
        int w = chart.getWidth();
        int h = chart.getHeight();
        BufferedImage img = new BufferedImage(
                (int) Math.round(w * PIXEL_SCALE), (int) Math.round(h * PIXEL_SCALE), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.scale(PIXEL_SCALE, PIXEL_SCALE);
            chart.paint(g, w, h);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The chart as a {@code data:image/png;base64,...} URI for an {@code <img>}: the report stays one file. */
    public static String pngDataUri(Chart<?, ?> chart) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png(chart));
    }
}
