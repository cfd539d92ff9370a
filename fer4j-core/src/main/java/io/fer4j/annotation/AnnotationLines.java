package io.fer4j.annotation;

import io.fer4j.error.Fer4jException;
import io.fer4j.store.AtomicFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The line structure every ABAW per-frame annotation file shares (EXPR, VA): a header line, then one line per frame
 * (line 2 is frame 1). Handles what the tracks have in common — a UTF-8 byte-order mark, Windows line endings,
 * blank lines at the end (accepted), a blank line between frames, an empty file, no frame, invalid UTF-8 (rejected
 * with the file and the line) — and hands each frame's stripped line to the track's parser.
 *
 * @param track      the track's name in messages ({@code EXPR}, {@code VA})
 * @param header     the expected header
 * @param valuesWord what a line holds, plural, in messages ({@code labels}, {@code values})
 * @param accepts    whether a header (normalised: fields stripped, no byte-order mark) is this track's
 * @param headerHint for a wrong header (normalised): a hint appended to the message
 */
record AnnotationLines(
        String track,
        String header,
        String valuesWord,
        Predicate<String> accepts,
        Function<String, String> headerHint) {

    /** Parses one frame's line; throws {@link Fer4jException} naming the line on a bad value. */
    @FunctionalInterface
    interface FrameParser {
        void parse(int lineNumber, int frameIndex, String strippedLine);
    }

    /** Reads {@code file}, checking the header and the frame lines; returns the frame count. */
    int read(Path file, FrameParser parser) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = in.readLine();
            if (first == null) {
                throw new Fer4jException(
                        file,
                        "empty annotation file (line 1): expected the header " + header + " and one line of "
                                + valuesWord + " per frame");
            }
            String normalised = ExprAnnotations.normalisedHeader(first);
            if (!accepts.test(normalised)) {
                throw new Fer4jException(
                        file,
                        "line 1: expected the " + track + " header " + header + ", found '"
                                + ExprAnnotations.abbreviate(first.startsWith("\uFEFF") ? first.substring(1) : first)
                                + "'"
                                + headerHint.apply(normalised));
            }
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
                    throw new Fer4jException(
                            file,
                            "line " + firstBlank + ": blank line between " + valuesWord + " (frame " + (count + 1)
                                    + " would be missing); remove it");
                }
                parser.parse(lineNumber, ++count, v);
            }
            if (count == 0) {
                throw new Fer4jException(
                        file, "no frame " + valuesWord + " after the header (line 2 should be frame 1)");
            }
            return count;
        } catch (NoSuchFileException e) {
            throw new Fer4jException(file, "annotation file not found; check the --annotations folder", e);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new Fer4jException(
                    file, "not a text file (invalid UTF-8); expected an ABAW " + track + " annotation", e);
        } catch (IOException e) {
            throw AtomicFiles.failure(file, "read", e);
        }
    }
}
