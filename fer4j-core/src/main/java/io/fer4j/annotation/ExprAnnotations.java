package io.fer4j.annotation;

import io.fer4j.error.Fer4jException;
import io.fer4j.label.AbawClass;
import io.fer4j.store.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads ABAW EXPR annotation files (CONTRACTS §2): the header line
 * {@code Neutral,Anger,Disgust,Fear,Happiness,Sadness,Surprise,Other}, then one integer per frame (line 2 is
 * frame 1), -1 for an ignored frame.
 *
 * <p>Accepted leniencies (documented in docs/formats.md): a UTF-8 byte-order mark, Windows line endings, spaces
 * around values and header names, and blank lines at the end of the file. Rejected, with the file and the 1-based
 * line number: a wrong header, a non-integer, a label outside -1..7, a blank line between labels, and a file with
 * no frame.
 */
public final class ExprAnnotations {
    /** Split folder names under an annotations root. */
    public static final String TRAIN_SET = "Train_Set";

    public static final String VALIDATION_SET = "Validation_Set";
    /** The header of an ABAW valence-arousal annotation file ({@link VaAnnotations}). */
    public static final String VA_HEADER = "valence,arousal";

    /** EXPR files: the class header, exactly (a VA header gets a hint to use --task va). */
    private static final AnnotationLines LINES = new AnnotationLines(
            "EXPR",
            AbawClass.headerLine(),
            "labels",
            AbawClass.headerLine()::equals,
            h -> h.equalsIgnoreCase(VA_HEADER)
                    ? " (this is a valence-arousal annotation file: use it with --task va and a VA bundle)"
                    : " (is this an EXPR annotation file, not VA or AU?)");

    private ExprAnnotations() {}

    /** Reads one annotation file; the video id is the file name without its extension. */
    public static ExprAnnotation read(Path file) {
        int[][] labels = {new int[1024]};
        int count = LINES.read(file, (lineNumber, frame, v) -> {
            if (frame > labels[0].length) {
                labels[0] = java.util.Arrays.copyOf(labels[0], labels[0].length * 2);
            }
            labels[0][frame - 1] = label(file, v, lineNumber, frame);
        });
        return new ExprAnnotation(videoIdOf(file), java.util.Arrays.copyOf(labels[0], count));
    }

    /** One frame's label: an integer -1..7, else an error naming the line and the frame. */
    private static int label(Path file, String v, int lineNumber, int frame) {
        int label;
        try {
            label = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new Fer4jException(
                    file,
                    "line " + lineNumber + ": expected an integer label -1..7 for frame " + frame + ", found '"
                            + abbreviate(v) + "'");
        }
        if (label < AbawClass.IGNORED || label >= AbawClass.COUNT) {
            throw new Fer4jException(
                    file,
                    "line " + lineNumber + ": label " + label + " of frame " + frame
                            + " is outside -1..7 (-1 = ignored, 0..7 = " + AbawClass.headerLine() + ")");
        }
        return label;
    }

    /**
     * Reads every {@code *.txt} in {@code annotationsRoot/split} (split = {@link #TRAIN_SET} or
     * {@link #VALIDATION_SET}), sorted by video id. Hidden files are skipped.
     */
    public static SortedMap<String, ExprAnnotation> readSplit(Path annotationsRoot, String split) {
        return readSplit(annotationsRoot, split, ExprAnnotations::read, ExprAnnotation::videoId);
    }

    /**
     * Reads every {@code *.txt} in {@code annotationsRoot/split} with {@code reader} (one track's annotation
     * format), keyed and sorted by video id. Hidden files are skipped; a missing or empty folder fails.
     */
    public static <A> SortedMap<String, A> readSplit(
            Path annotationsRoot,
            String split,
            java.util.function.Function<Path, A> reader,
            java.util.function.Function<A, String> videoId) {
        Path dir = annotationsRoot.resolve(split);
        if (!Files.isDirectory(dir)) {
            throw new Fer4jException(
                    dir,
                    "annotation folder not found: --annotations must be the folder holding " + TRAIN_SET + "/ and "
                            + VALIDATION_SET + "/");
        }
        SortedMap<String, A> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                String name = f.getFileName().toString();
                if (name.startsWith(".") || !name.endsWith(".txt") || !Files.isRegularFile(f)) {
                    continue;
                }
                A a = reader.apply(f);
                out.put(videoId.apply(a), a);
            }
        } catch (IOException e) {
            throw AtomicFiles.failure(dir, "list", e);
        }
        if (out.isEmpty()) {
            throw new Fer4jException(dir, "no annotation files (*.txt) in this folder; check --annotations");
        }
        return Collections.unmodifiableSortedMap(out);
    }

    /** The video id of an annotation file: its name without the extension. */
    public static String videoIdOf(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** A header line with its fields stripped of surrounding spaces (and a byte-order mark dropped). */
    public static String normalisedHeader(String header) {
        return normaliseHeader(header.startsWith("\uFEFF") ? header.substring(1) : header);
    }

    private static String normaliseHeader(String header) {
        StringBuilder b = new StringBuilder();
        for (String part : header.split(",", -1)) {
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(part.strip());
        }
        return b.toString();
    }

    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
