package io.fer4j.annotation;

import io.fer4j.error.Fer4jException;
import io.fer4j.label.AbawClass;
import io.fer4j.store.AtomicFiles;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads ABAW EXPR annotation files (DESIGN §2): the header line
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

    private ExprAnnotations() {
    }

    /** Reads one annotation file; the video id is the file name without its extension. */
    public static ExprAnnotation read(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String videoId = dot > 0 ? name.substring(0, dot) : name;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            checkHeader(file, in.readLine());
            return new ExprAnnotation(videoId, readLabels(file, in));
        } catch (NoSuchFileException e) {
            throw new Fer4jException(file, "annotation file not found; check the --annotations folder", e);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new Fer4jException(file, "not a text file (invalid UTF-8); expected an ABAW EXPR annotation", e);
        } catch (IOException e) {
            throw AtomicFiles.failure(file, "read", e);
        }
    }

    /** Line 1: the EXPR header (a UTF-8 byte-order mark and spacing tolerated). */
    private static void checkHeader(Path file, String header) {
        if (header == null) {
            throw new Fer4jException(file, "empty annotation file (line 1): expected the header "
                    + AbawClass.headerLine() + " and one label per frame");
        }
        if (header.startsWith("\uFEFF")) {
            header = header.substring(1);
        }
        if (!normaliseHeader(header).equals(AbawClass.headerLine())) {
            throw new Fer4jException(file, "line 1: expected the EXPR header " + AbawClass.headerLine() + ", found '"
                    + abbreviate(header) + "' (is this an EXPR annotation file, not VA or AU?)");
        }
    }

    /** Line i + 1 is frame i: one label -1..7 per line; blank lines only at the end. */
    private static int[] readLabels(Path file, BufferedReader in) throws IOException {
        int[] labels = new int[1024];
        int count = 0;
        int lineNumber = 1;
        int firstBlank = -1;
        String line;
        while ((line = in.readLine()) != null) {
            lineNumber++;
            String v = line.strip();
            if (v.isEmpty()) {
                if (firstBlank < 0) {
                    firstBlank = lineNumber;
                }
                continue;
            }
            if (firstBlank >= 0) {
                throw new Fer4jException(file, "line " + firstBlank + ": blank line between labels (frame "
                        + (count + 1) + " would be missing); remove it");
            }
            int label = label(file, v, lineNumber, count + 1);
            if (count == labels.length) {
                labels = java.util.Arrays.copyOf(labels, count * 2);
            }
            labels[count++] = label;
        }
        if (count == 0) {
            throw new Fer4jException(file, "no frame labels after the header (line 2 should be frame 1)");
        }
        return java.util.Arrays.copyOf(labels, count);
    }

    private static int label(Path file, String v, int lineNumber, int frame) {
        int label;
        try {
            label = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new Fer4jException(file, "line " + lineNumber + ": expected an integer label -1..7 for frame "
                    + frame + ", found '" + abbreviate(v) + "'");
        }
        if (label < AbawClass.IGNORED || label >= AbawClass.COUNT) {
            throw new Fer4jException(file, "line " + lineNumber + ": label " + label + " of frame " + frame
                    + " is outside -1..7 (-1 = ignored, 0..7 = " + AbawClass.headerLine() + ")");
        }
        return label;
    }

    /**
     * Reads every {@code *.txt} in {@code annotationsRoot/split} (split = {@link #TRAIN_SET} or
     * {@link #VALIDATION_SET}), sorted by video id. Hidden files are skipped.
     */
    public static SortedMap<String, ExprAnnotation> readSplit(Path annotationsRoot, String split) {
        Path dir = annotationsRoot.resolve(split);
        if (!Files.isDirectory(dir)) {
            throw new Fer4jException(dir, "annotation folder not found: --annotations must be the folder holding "
                    + TRAIN_SET + "/ and " + VALIDATION_SET + "/");
        }
        SortedMap<String, ExprAnnotation> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                String name = f.getFileName().toString();
                if (name.startsWith(".") || !name.endsWith(".txt") || !Files.isRegularFile(f)) {
                    continue;
                }
                ExprAnnotation a = read(f);
                out.put(a.videoId(), a);
            }
        } catch (IOException e) {
            throw AtomicFiles.failure(dir, "list", e);
        }
        if (out.isEmpty()) {
            throw new Fer4jException(dir, "no annotation files (*.txt) in this folder; check --annotations");
        }
        return Collections.unmodifiableSortedMap(out);
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

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
