package io.fer4j.report;

import io.fer4j.geometry.FaceBox;
import io.fer4j.label.AbawClass;
import io.fer4j.prediction.FramePrediction;
import io.fer4j.prediction.PredictedVideo;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The per-frame CSV: one row per frame 1..F. Columns (fixed, so scripts can rely on them):
 * {@code frame,time_s,face,box_x,box_y,box_w,box_h,label,label_name,Neutral,...,Other,valence,arousal,backbone}.
 * Box cells are empty for frames without a face ({@code face=0}); valence/arousal cells are empty when the backbone
 * does not give them; {@code backbone} names the network that labelled the frame (provenance that survives
 * concatenating CSVs, and shows when predict fell back to the embedded model).
 */
public final class FrameCsvWriter {
    /** Characters a bare CSV cell cannot hold (compiled once: {@link #row} runs per frame). */
    private static final java.util.regex.Pattern CSV_UNSAFE = java.util.regex.Pattern.compile("[,\"\r\n]");

    private FrameCsvWriter() {}

    public static List<String> columns() {
        List<String> c = new ArrayList<>(
                List.of("frame", "time_s", "face", "box_x", "box_y", "box_w", "box_h", "label", "label_name"));
        c.addAll(AbawClass.displayNames());
        c.add("valence");
        c.add("arousal");
        c.add("backbone");
        return c;
    }

    public static void write(Path file, PredictedVideo video, String backbone) {
        ReportFiles.writeAtomically(file, out -> write(out, video.frames(), backbone));
    }

    public static void write(OutputStream out, List<FramePrediction> frames, String backbone) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        w.write(String.join(",", columns()));
        w.write('\n');
        StringBuilder sb = new StringBuilder(256);
        for (FramePrediction f : frames) {
            sb.setLength(0);
            row(sb, f, backbone);
            w.append(sb);
        }
        w.flush();
    }

    /** Appends one CSV line (with its newline) for {@code f}. */
    public static void row(StringBuilder sb, FramePrediction f, String backbone) {
        sb.append(f.frameIndex())
                .append(',')
                .append(String.format(Locale.ROOT, "%.4f", f.timeSeconds()))
                .append(',');
        FaceBox b = f.box();
        if (b != null) {
            sb.append("1,")
                    .append(num(b.x()))
                    .append(',')
                    .append(num(b.y()))
                    .append(',')
                    .append(num(b.width()))
                    .append(',')
                    .append(num(b.height()))
                    .append(',');
        } else {
            sb.append("0,,,,,");
        }
        sb.append(f.label()).append(',').append(AbawClass.of(f.label()).displayName());
        for (int c = 0; c < AbawClass.COUNT; c++) {
            sb.append(',').append(String.format(Locale.ROOT, "%.6f", f.probability(c)));
        }
        sb.append(',').append(Float.isNaN(f.valence()) ? "" : String.format(Locale.ROOT, "%.6f", f.valence()));
        sb.append(',').append(Float.isNaN(f.arousal()) ? "" : String.format(Locale.ROOT, "%.6f", f.arousal()));
        sb.append(',').append(CSV_UNSAFE.matcher(backbone).replaceAll("_")).append('\n');
    }

    private static String num(float v) {
        return v == Math.rint(v) ? Integer.toString((int) v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
