package io.fer4j.cli.predict;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer4j.error.Fer4jException;
import io.fer4j.vision.decode.VideoFileScanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Batch {@code fer4j predict} into an existing {@code --out} resumes, as extract does: a video is complete when its
 * CSV, JSON and HTML are all there (each is written whole, by temp file and rename, and a failed video's are
 * removed), and the rerun of the same command (also with new videos added) predicts only the others; {@code --force}
 * redoes every video.
 *
 * @param remaining videos to predict, in the input's order
 * @param complete  index entries of the complete videos (from the earlier run's index, or rebuilt)
 */
public record PredictResume(List<VideoFileScanner.Item> remaining, List<Map<String, Object>> complete) {
    public PredictResume {
        remaining = List.copyOf(remaining);
        complete = List.copyOf(complete);
    }

    /** What is left to do in {@code out} ({@code force}: everything). */
    public static PredictResume plan(Path out, List<VideoFileScanner.Item> items, boolean force) {
        if (force || !Files.isDirectory(out)) {
            return new PredictResume(items, List.of());
        }
        Map<String, Map<String, Object>> earlier = earlierEntries(out);
        List<VideoFileScanner.Item> remaining = new ArrayList<>();
        List<Map<String, Object>> complete = new ArrayList<>();
        for (VideoFileScanner.Item it : items) {
            if (isComplete(out, it.id())) {
                Map<String, Object> e = earlier.get(it.id());
                complete.add(e != null && "ok".equals(e.get("status")) ? e : rebuiltEntry(it.id()));
            } else {
                remaining.add(it);
            }
        }
        return new PredictResume(remaining, complete);
    }

    /**
     * An existing {@code out} is resumed only when it is empty or holds an earlier predict's outputs (an index, or a
     * complete video of these inputs); anything else is refused as before, so fer4j never writes into a folder it
     * does not own without {@code --force}.
     */
    public static void requireResumable(Path out, List<VideoFileScanner.Item> items) {
        if (!Files.exists(out)) {
            return;
        }
        if (!Files.isDirectory(out)) {
            throw new Fer4jException(out, "exists and is not a directory; choose another --out");
        }
        if (Files.isRegularFile(out.resolve(PredictRunner.INDEX_FILE))
                || isEmpty(out)
                || items.stream().anyMatch(it -> isComplete(out, it.id()))) {
            return;
        }
        throw new Fer4jException(
                out,
                "the output directory already exists and holds no earlier fer4j predict "
                        + "outputs of these videos; pass --force to overwrite the fer4j outputs in it, or choose another --out");
    }

    /** Whether video {@code id}'s CSV, JSON and HTML are all in {@code out}. */
    static boolean isComplete(Path out, String id) {
        return PredictOutputs.filesOf(out, id).stream().allMatch(Files::isRegularFile);
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> earlierEntries(Path out) {
        Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
        Path index = out.resolve(PredictRunner.INDEX_FILE);
        if (!Files.isRegularFile(index)) {
            return byId;
        }
        try {
            Map<String, Object> root = new ObjectMapper().readValue(index.toFile(), Map.class);
            if (root.get("videos") instanceof List<?> videos) {
                for (Object v : videos) {
                    if (v instanceof Map<?, ?> m && m.get("video") instanceof String id) {
                        byId.put(id, (Map<String, Object>) m);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable index is rebuilt from the files
        }
        return byId;
    }

    private static Map<String, Object> rebuiltEntry(String id) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("video", id);
        e.put("status", "ok");
        e.put("csv", id + ".csv");
        e.put("summary", id + ".json");
        e.put("report", id + ".html");
        return e;
    }
}
