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
    private VaAnnotations() {
    }

    /** Reads one annotation file; the video id is the file name without its extension. */
    public static VaAnnotation read(Path file) {
        String videoId = ExprAnnotations.videoIdOf(file);
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null) {
                throw new Fer4jException(file, "empty annotation file (line 1): expected the header "
                        + ExprAnnotations.VA_HEADER + " and one v,a line per frame");
            }
            String normalised = ExprAnnotations.normalisedHeader(header);
            if (!normalised.equalsIgnoreCase(ExprAnnotations.VA_HEADER)) {
                String hint = normalised.equals(AbawClass.headerLine())
                        ? " (this is an EXPR annotation file: train it with --task expr, or point --annotations at"
                        + " the VA annotations)"
                        : " (is this an ABAW VA annotation file?)";
                throw new Fer4jException(file, "line 1: expected the VA header " + ExprAnnotations.VA_HEADER
                        + ", found '" + ExprAnnotations.abbreviate(header) + "'" + hint);
            }
            double[] valence = new double[1024];
            double[] arousal = new double[1024];
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
                    throw new Fer4jException(file, "line " + firstBlank + ": blank line between frames (frame "
                            + (count + 1) + " would be missing); remove it");
                }
                String[] parts = v.split(",", -1);
                if (parts.length != 2) {
                    throw new Fer4jException(file, "line " + lineNumber + ": expected 2 values valence,arousal for"
                            + " frame " + (count + 1) + ", found " + parts.length + " in '"
                            + ExprAnnotations.abbreviate(v) + "'");
                }
                if (count == valence.length) {
                    valence = Arrays.copyOf(valence, count * 2);
                    arousal = Arrays.copyOf(arousal, count * 2);
                }
                valence[count] = value(file, lineNumber, count + 1, "valence", parts[0]);
                arousal[count] = value(file, lineNumber, count + 1, "arousal", parts[1]);
                count++;
            }
            if (count == 0) {
                throw new Fer4jException(file, "no frames after the header (line 2 should be frame 1)");
            }
            return new VaAnnotation(videoId, Arrays.copyOf(valence, count), Arrays.copyOf(arousal, count));
        } catch (NoSuchFileException e) {
            throw new Fer4jException(file, "annotation file not found; check the --annotations folder", e);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new Fer4jException(file, "not a text file (invalid UTF-8); expected an ABAW VA annotation", e);
        } catch (IOException e) {
            throw AtomicFiles.failure(file, "read", e);
        }
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
            throw new Fer4jException(file, "line " + lineNumber + ": " + name + " of frame " + frame + " is '"
                    + ExprAnnotations.abbreviate(t) + "', not a number in [-1, 1] (or -5 for an unannotated frame)");
        }
        if (!VaAnnotation.inRange(v) && v != VaAnnotation.UNANNOTATED) {
            throw new Fer4jException(file, "line " + lineNumber + ": " + name + " " + t + " of frame " + frame
                    + " is outside [-1, 1]; only -5 marks an unannotated frame");
        }
        return v;
    }

    /** Reads every {@code *.txt} of {@code annotationsRoot/split}, sorted by video id. */
    public static SortedMap<String, VaAnnotation> readSplit(Path annotationsRoot, String split) {
        return ExprAnnotations.readSplit(annotationsRoot, split, VaAnnotations::read, VaAnnotation::videoId);
    }
}
