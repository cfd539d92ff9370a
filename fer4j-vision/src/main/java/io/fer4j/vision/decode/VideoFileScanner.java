package io.fer4j.vision.decode;

import io.fer4j.error.Fer4jException;
import io.fer4j.store.OutputGuard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Expands {@code --input}: a video file, a directory of videos, a directory of per-video face-image folders, or one
 * face-image folder. Directory entries are taken by extension (videos) or by holding numbered images (folders), so a
 * stray README is not mistaken for a bad video.
 */
public final class VideoFileScanner {
    /** Extensions taken as videos inside a directory (a single file is always tried, whatever its extension). */
    public static final Set<String> VIDEO_EXTENSIONS = Set.of(
            "mp4", "avi", "mkv", "mov", "webm", "flv", "wmv", "mpg", "mpeg", "m4v", "ts", "mts", "m2ts", "3gp", "ogv",
            "vob", "y4m", "mxf", "asf", "divx");

    /** One video to extract. */
    public record Item(String id, Path path, boolean faceFolder) {
        /** Opens the item as a frame source. */
        public VideoSource open(int decoderThreads, double folderFps) {
            return faceFolder
                    ? FaceImageFolderSource.open(path, folderFps)
                    : FfmpegVideoSource.open(path, decoderThreads);
        }
    }

    private VideoFileScanner() {}

    /** {@code guard} plus every item as an input: video files, and face-image folders as whole trees. */
    public static OutputGuard reading(OutputGuard guard, List<Item> items) {
        OutputGuard g = guard;
        for (Item it : items) {
            g = it.faceFolder() ? g.readingTree("VIDEO", it.path()) : g.reading("VIDEO", it.path());
        }
        return g;
    }

    /** A video's id: its file name without the (last) extension. */
    public static String videoId(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** The videos under {@code input}, sorted by id. */
    public static List<Item> scan(Path input) {
        if (Files.isRegularFile(input)) {
            return List.of(new Item(videoId(input), input, false));
        }
        if (Files.exists(input) && !Files.isDirectory(input)) {
            // /dev/zero, a FIFO, a socket: reading one would never end or never seek
            throw new Fer4jException(
                    input,
                    "is not a regular file (a device, pipe or socket); pass a video file or a "
                            + "directory of videos or face-image folders");
        }
        if (!Files.isDirectory(input)) {
            throw new Fer4jException(
                    input, "does not exist; pass a video file or a directory of videos or face-image folders");
        }
        if (!FaceImageFolderSource.frameImages(input).isEmpty()) {
            return List.of(new Item(input.getFileName().toString(), input, true));
        }
        List<Item> items = new ArrayList<>();
        try (Stream<Path> s = Files.list(input)) {
            for (Path p : s.sorted().toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                if (Files.isDirectory(p)) {
                    if (!FaceImageFolderSource.frameImages(p).isEmpty()) {
                        items.add(new Item(name, p, true));
                    }
                } else if (Files.isRegularFile(p)) {
                    int dot = name.lastIndexOf('.');
                    String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
                    if (VIDEO_EXTENSIONS.contains(ext)) {
                        items.add(new Item(videoId(p), p, false));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(input + ": cannot list the directory", e);
        }
        if (items.isEmpty()) {
            throw new Fer4jException(
                    input,
                    "holds no videos (by extension: mp4, avi, mkv, …) and no "
                            + "face-image folders (<video>/00001.jpg or .png)");
        }
        Map<String, Path> seen = new HashMap<>();
        for (Item it : items) {
            Path prev = seen.put(it.id(), it.path());
            if (prev != null) {
                throw new Fer4jException(
                        it.path(),
                        "has the same video id '" + it.id() + "' as " + prev
                                + "; rename one so every video id is unique");
            }
        }
        items.sort(Comparator.comparing(Item::id));
        return List.copyOf(items);
    }
}
