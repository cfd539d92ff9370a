package io.fer4j.audio;

import io.fer4j.error.Fer4jException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds the media file holding a store video's audio. A video's id is its file name without the extension
 * (CONTRACTS §2), and the two-person videos {@code <id>_left} / {@code <id>_right} both use the audio of {@code <id>}:
 * for those, {@code <id>.*} is taken first and {@code <id>_left.*} only when there is no {@code <id>.*}. The same
 * holds for the per-person videos {@code <id>_track<N>} of {@code extract --all-faces}.
 */
public final class AudioSources {
    /** Extensions taken as media inside a directory: the video ones of extraction plus common audio ones. */
    public static final Set<String> MEDIA_EXTENSIONS = Set.of(
            "mp4", "avi", "mkv", "mov", "webm", "flv", "wmv", "mpg", "mpeg", "m4v", "ts", "mts", "m2ts", "3gp", "ogv",
            "vob", "mxf", "asf", "divx", "wav", "mp3", "m4a", "aac", "flac", "ogg", "oga", "opus", "wma");

    private static final List<String> TWO_PERSON_SUFFIXES = List.of("_left", "_right");

    private AudioSources() {}

    private static final java.util.regex.Pattern TRACK_SUFFIX = java.util.regex.Pattern.compile("(.+)_track[0-9]+");

    /**
     * {@code <id>} for {@code <id>_left} / {@code <id>_right} (CONTRACTS §2) and for {@code <id>_track<N>} (one store
     * video per tracked person, {@code extract --all-faces}), else null.
     */
    public static String sharedAudioId(String videoId) {
        for (String s : TWO_PERSON_SUFFIXES) {
            if (videoId.endsWith(s) && videoId.length() > s.length()) {
                return videoId.substring(0, videoId.length() - s.length());
            }
        }
        java.util.regex.Matcher m = TRACK_SUFFIX.matcher(videoId);
        return m.matches() ? m.group(1) : null;
    }

    /**
     * The media file for store video {@code videoId} under {@code input} (a media file or a directory of them).
     * Among several files with the right name (say {@code a.mp4} and {@code a.wav}) the first in name order is taken.
     */
    public static Optional<Path> mediaFor(Path input, String videoId) {
        String shared = sharedAudioId(videoId);
        if (Files.isRegularFile(input)) {
            String stem = stem(input);
            return stem.equals(videoId) || stem.equals(shared) ? Optional.of(input) : Optional.empty();
        }
        if (!Files.isDirectory(input)) {
            throw new Fer4jException(
                    input,
                    "does not exist; pass the video file or the directory of videos the store" + " was extracted from");
        }
        List<Path> media = listMedia(input);
        for (String name : shared == null ? List.of(videoId) : List.of(shared, videoId)) {
            for (Path p : media) {
                if (stem(p).equals(name)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    private static List<Path> listMedia(Path dir) {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String name = p.getFileName().toString();
                int dot = name.lastIndexOf('.');
                if (name.startsWith(".") || dot <= 0 || !Files.isRegularFile(p)) {
                    continue;
                }
                if (MEDIA_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT))) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            throw new Fer4jException(dir, "cannot list the directory: " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(p -> p.getFileName().toString()));
        return out;
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
