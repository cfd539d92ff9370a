package io.fer4j.submission;

import io.fer4j.error.Fer4jException;
import io.fer4j.store.AtomicFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The organisers' test list (CONTRACTS §2): a header starting with {@code image_location}, then lines
 * {@code <video>/<frame:05d>.jpg,<placeholder>} in the order the submission must follow. The image location is what
 * precedes the first comma; the frame number is its file name without the extension. Blank lines are skipped;
 * any other deviation fails with the file and the 1-based line number.
 *
 * @param file    the file read
 * @param header  its first line, fields stripped (e.g. {@code image_location,valence,arousal})
 * @param entries the frames, in file order (unmodifiable)
 */
public record TestList(Path file, String header, List<Entry> entries) {
    /** The first column's name in the header. */
    public static final String LOCATION_COLUMN = "image_location";

    /**
     * One frame of the list.
     *
     * @param imageLocation the location exactly as written (echoed into the submission)
     * @param videoId       the part before the last '/'
     * @param frameIndex    1-based frame number
     */
    public record Entry(String imageLocation, String videoId, int frameIndex) {}

    public TestList {
        entries = List.copyOf(entries);
    }

    /** Whether the header names the valence-arousal columns ({@code image_location,valence,arousal}). */
    public boolean isVaList() {
        return header.equalsIgnoreCase(LOCATION_COLUMN + "," + io.fer4j.annotation.ExprAnnotations.VA_HEADER);
    }

    /** Whether the header names the expression classes ({@code image_location,Neutral,…,Other}). */
    public boolean isExprList() {
        return header.equals(LOCATION_COLUMN + "," + io.fer4j.label.AbawClass.headerLine());
    }

    /** Number of frames. */
    public int size() {
        return entries.size();
    }

    /** Video ids in order of first appearance. */
    public List<String> videoIds() {
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        for (Entry e : entries) {
            ids.add(e.videoId());
        }
        return Collections.unmodifiableList(new ArrayList<>(ids));
    }

    /** Reads and checks a test list. */
    public static TestList read(Path file) {
        List<Entry> entries = new ArrayList<>();
        String header;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            header = in.readLine();
            if (header != null && header.startsWith("\uFEFF")) {
                header = header.substring(1);
            }
            if (header == null || !header.split(",", 2)[0].strip().equals(LOCATION_COLUMN)) {
                throw new Fer4jException(
                        file,
                        "line 1: expected a header starting with '" + LOCATION_COLUMN
                                + "', found " + (header == null ? "an empty file" : "'" + abbreviate(header) + "'")
                                + "; pass the organisers' test list");
            }
            String line;
            int lineNumber = 1;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                entries.add(parse(file, lineNumber, line));
            }
        } catch (NoSuchFileException e) {
            throw new Fer4jException(file, "test list not found; check --test-list", e);
        } catch (IOException e) {
            throw AtomicFiles.failure(file, "read", e);
        }
        if (entries.isEmpty()) {
            throw new Fer4jException(file, "the test list has no frames after its header");
        }
        return new TestList(file, io.fer4j.annotation.ExprAnnotations.normalisedHeader(header), entries);
    }

    private static Entry parse(Path file, int lineNumber, String line) {
        int comma = line.indexOf(',');
        String location = (comma < 0 ? line : line.substring(0, comma)).strip();
        int slash = location.lastIndexOf('/');
        int dot = location.lastIndexOf('.');
        if (slash <= 0 || dot <= slash + 1) {
            throw new Fer4jException(
                    file,
                    "line " + lineNumber + ": expected an image location <video>/<frame>.jpg, found '"
                            + abbreviate(location) + "'");
        }
        String videoId = location.substring(0, slash);
        String digits = location.substring(slash + 1, dot);
        int frame;
        try {
            if (!digits.chars().allMatch(Character::isDigit)) {
                throw new NumberFormatException();
            }
            frame = Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new Fer4jException(
                    file,
                    "line " + lineNumber + ": the image name '" + abbreviate(location.substring(slash + 1))
                            + "' is not a frame number like 00001.jpg");
        }
        if (frame < 1) {
            throw new Fer4jException(
                    file,
                    "line " + lineNumber + ": frame number " + frame + " in '" + location
                            + "'; frames are numbered from 1");
        }
        return new Entry(location, videoId, frame);
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
