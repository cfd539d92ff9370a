package io.fer4j.annotation;

import io.fer4j.error.Fer4jException;
import io.fer4j.label.AbawClass;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SortedMap;

/**
 * Reads ABAW valence-arousal annotation files (docs/formats.md): the header {@code valence,arousal}, then one line
 * {@code v,a} per frame (line 2 is frame 1). Each value is a number in [−1, 1] or the placeholder −5 of an
 * unannotated frame; a frame is annotated when both values are in [−1, 1].
 *
 * <p>The same leniencies as {@link ExprAnnotations} (byte-order mark, Windows line endings, spaces around values,
 * blank lines at the end). Rejected, naming the file and the 1-based line: a wrong header (an EXPR header says to
 * drop {@code --task va}), a line without exactly two values, a value that is not a number, NaN/Inf, or a number
 * outside [−1, 1] other than −5, a blank line between frames, and a file with no frame.
 */
public final class VaAnnotations {
    /** VA files: header {@code valence,arousal} (any case); an EXPR header gets a hint to use --task expr. */
    private static final AnnotationLines LINES = new AnnotationLines(
            "VA",
            ExprAnnotations.VA_HEADER,
            "values",
            ExprAnnotations.VA_HEADER::equalsIgnoreCase,
            h -> h.equals(AbawClass.headerLine())
                    ? " (this is an EXPR annotation file: use it with --task expr, or point --annotations at the VA"
                            + " annotations)"
                    : " (is this an ABAW VA annotation file?)");

    private VaAnnotations() {}

    /** Reads one annotation file; the video id is the file name without its extension. */
    public static VaAnnotation read(Path file) {
        double[][] values = {new double[1024], new double[1024]};
        int count = LINES.read(file, (lineNumber, frame, v) -> {
            String[] parts = v.split(",", -1);
            if (parts.length != 2) {
                throw new Fer4jException(
                        file,
                        "line " + lineNumber + ": expected 2 values valence,arousal for"
                                + " frame " + frame + ", found " + parts.length + " in '"
                                + ExprAnnotations.abbreviate(v)
                                + "'");
            }
            if (frame > values[0].length) {
                values[0] = Arrays.copyOf(values[0], values[0].length * 2);
                values[1] = Arrays.copyOf(values[1], values[1].length * 2);
            }
            values[0][frame - 1] = value(file, lineNumber, frame, "valence", parts[0]);
            values[1][frame - 1] = value(file, lineNumber, frame, "arousal", parts[1]);
        });
        return new VaAnnotation(
                ExprAnnotations.videoIdOf(file), Arrays.copyOf(values[0], count), Arrays.copyOf(values[1], count));
    }

    private static double value(Path file, int lineNumber, int frame, String name, String text) {
        String t = text.strip();
        double v;
        try {
            v = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            v = Double.NaN;
        }
        // parseDouble accepts "NaN", "Infinity" and "1f": only plain finite decimals are values
        if (!Double.isFinite(v) || t.isEmpty() || !Character.isDigit(t.charAt(t.length() - 1))) {
            throw new Fer4jException(
                    file,
                    "line " + lineNumber + ": " + name + " of frame " + frame + " is '" + ExprAnnotations.abbreviate(t)
                            + "', not a number in [-1, 1] (or -5 for an unannotated frame)");
        }
        if (!VaAnnotation.inRange(v) && v != VaAnnotation.UNANNOTATED) {
            throw new Fer4jException(
                    file,
                    "line " + lineNumber + ": " + name + " " + t + " of frame " + frame
                            + " is outside [-1, 1]; only -5 marks an unannotated frame");
        }
        return v;
    }

    /** Reads every {@code *.txt} of {@code annotationsRoot/split}, sorted by video id. */
    public static SortedMap<String, VaAnnotation> readSplit(Path annotationsRoot, String split) {
        return ExprAnnotations.readSplit(annotationsRoot, split, VaAnnotations::read, VaAnnotation::videoId);
    }
}
