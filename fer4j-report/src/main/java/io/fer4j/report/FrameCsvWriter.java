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
 *
 * <p>People mode ({@code --people}) adds {@code person} after {@code face}: one row per frame and person seen in it
 * (ascending ids), and one row with an empty {@code person} (and empty box, label and probability cells) for a frame
 * with nobody; see docs/people.md.
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

    /** People mode's columns: {@link #columns()} with {@code person} after {@code face}. */
    public static List<String> peopleColumns() {
        List<String> c = columns();
        c.add(c.indexOf("face") + 1, "person");
        return c;
    }

    /** The video's CSV: per frame, or in people mode per frame and person ({@link #peopleColumns()}). */
    public static void write(Path file, PredictedVideo video, String backbone) {
        ReportFiles.writeAtomically(file, out -> {
            if (video.hasPeople()) {
                writePeople(out, video, backbone);
            } else {
                write(out, video.frames(), backbone);
            }
        });
    }

    /** People mode: each frame's people by ascending id, or one row with an empty person when nobody is in it. */
    public static void writePeople(OutputStream out, PredictedVideo video, String backbone) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        w.write(String.join(",", peopleColumns()));
        w.write('\n');
        StringBuilder sb = new StringBuilder(256);
        int[] next = new int[video.people().size()]; // each person's next row (rows ascend by frame)
        for (FramePrediction frame : video.frames()) {
            sb.setLength(0);
            for (int p = 0; p < next.length; p++) {
                List<FramePrediction> rows = video.people().get(p).frames();
                if (next[p] < rows.size() && rows.get(next[p]).frameIndex() == frame.frameIndex()) {
                    personRow(sb, p + 1, rows.get(next[p]++), backbone);
                }
            }
            if (sb.length() == 0) {
                nobodyRow(sb, frame.frameIndex(), frame.timeSeconds(), backbone);
            }
            w.append(sb);
        }
        w.flush();
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
        labelCells(sb, f, null, backbone);
    }

    /** Appends one people-mode CSV line (with its newline): person {@code personId}'s row {@code f} of a frame. */
    public static void personRow(StringBuilder sb, int personId, FramePrediction f, String backbone) {
        if (f.box() == null) {
            throw new IllegalArgumentException("person " + personId + "'s row of frame " + f.frameIndex()
                    + " has no face box: a person's rows are the frames they were seen in");
        }
        sb.append(f.frameIndex())
                .append(',')
                .append(String.format(Locale.ROOT, "%.4f", f.timeSeconds()))
                .append(',');
        labelCells(sb, f, Integer.toString(personId), backbone);
    }

    /** Appends the people-mode line of a frame with nobody in it: empty person, box, label and probabilities. */
    public static void nobodyRow(StringBuilder sb, int frameIndex, double timeSeconds, String backbone) {
        int emptyCells = 1 + 4 + 2 + AbawClass.COUNT + 2; // person, box, label, label_name, probabilities, VA
        sb.append(frameIndex)
                .append(',')
                .append(String.format(Locale.ROOT, "%.4f", timeSeconds))
                .append(",0,")
                .append(",".repeat(emptyCells))
                .append(CSV_UNSAFE.matcher(backbone).replaceAll("_"))
                .append('\n');
    }

    /** From the {@code face} cell on ({@code person}'s cell after it in people mode, else null). */
    private static void labelCells(StringBuilder sb, FramePrediction f, String person, String backbone) {
        FaceBox b = f.box();
        sb.append(b != null ? "1," : "0,");
        if (person != null) {
            sb.append(person).append(',');
        }
        if (b != null) {
            sb.append(num(b.x()))
                    .append(',')
                    .append(num(b.y()))
                    .append(',')
                    .append(num(b.width()))
                    .append(',')
                    .append(num(b.height()))
                    .append(',');
        } else {
            sb.append(",,,,");
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
