package io.fer4j.store;

import io.fer4j.error.Fer4jException;
import io.fer4j.npy.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A feature store (CONTRACTS §3): one folder per video holding frames.npy, embeddings.npy, logits.npy, optionally
 * audio.npy, and meta.json. A video is <em>complete</em> when meta.json exists — it is written last, and the whole
 * folder is renamed into place atomically by {@link StoreVideoWriter#commit}. Folders without meta.json (left by
 * another tool or an old interrupted run) are <em>incomplete</em>: readers skip them and
 * {@link #incompleteVideoIds()} lists them. Names starting with a dot (temporary folders of writes in progress or
 * interrupted) are ignored.
 *
 * <p>Thread-safe: the object only holds the folder path; concurrent writers must use different video ids.
 */
public final class FeatureStore {
    private final Path dir;

    private FeatureStore(Path dir) {
        this.dir = dir;
    }

    /** Opens an existing store folder. */
    public static FeatureStore open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new Fer4jException(
                    dir,
                    "feature store folder not found; run `fer4j extract --store " + dir + "` first, or check --store");
        }
        return new FeatureStore(dir);
    }

    /** Opens a store folder for writing, creating it (and its parents) when missing. */
    public static FeatureStore create(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw AtomicFiles.failure(dir, "create the store folder", e);
        }
        return new FeatureStore(dir);
    }

    /** The store folder. */
    public Path dir() {
        return dir;
    }

    /** Ids of complete videos (folders holding meta.json), sorted. */
    public List<String> completeVideoIds() {
        return list(true);
    }

    /** Ids of incomplete videos (folders without meta.json), sorted; readers skip these. */
    public List<String> incompleteVideoIds() {
        return list(false);
    }

    /** Whether video {@code id} is complete. */
    public boolean isComplete(String id) {
        checkId(id);
        return Files.isRegularFile(dir.resolve(id).resolve(VideoMeta.FILE_NAME));
    }

    /** Opens complete video {@code id} with structural checks (no NaN scan; see {@link StoredVideo#validate()}). */
    public StoredVideo video(String id) {
        return video(id, false);
    }

    /** Opens complete video {@code id}; with {@code validate} also scans its values for NaN/Inf. */
    public StoredVideo video(String id, boolean validate) {
        checkId(id);
        Path v = dir.resolve(id);
        if (!Files.isDirectory(v)) {
            throw new Fer4jException(v, "video '" + id + "' is not in the store; extract it first");
        }
        if (!Files.isRegularFile(v.resolve(VideoMeta.FILE_NAME))) {
            throw new Fer4jException(
                    v,
                    "video '" + id + "' is incomplete (no meta.json: its extraction did not "
                            + "finish); run `fer4j extract` again to redo it");
        }
        StoredVideo video = StoredVideo.open(id, v);
        return validate ? video.validate() : video;
    }

    /**
     * Starts writing video {@code id} into a hidden temporary folder of this store; nothing is visible under
     * {@code id} until {@link StoreVideoWriter#commit}. Leftover temporary folders of earlier interrupted writes
     * of the same id are deleted. An existing folder {@code id} (complete or not) is replaced at commit.
     *
     * @param embeddingDim   D
     * @param logitsDim      K (8, or 10 for *_va_mtl)
     * @param fp16Embeddings store embeddings as float16 (half the disk space; numpy-compatible rounding)
     */
    public StoreVideoWriter beginVideo(String id, int embeddingDim, int logitsDim, boolean fp16Embeddings) {
        checkId(id);
        deleteLeftovers(id);
        return new StoreVideoWriter(this, id, embeddingDim, logitsDim, fp16Embeddings);
    }

    /**
     * Adds audio features to complete video {@code id}: {@code rows} holds {@code rowCount × dim} values, row i
     * being frame i+1, so {@code rowCount} must equal the video's frame_count. audio.npy is written atomically, then
     * meta.json is rewritten atomically with an {@code "audio": {"rows", "dim", "dtype"}} entry (other keys are
     * kept). Replaces existing audio.
     */
    public void addAudio(String id, float[] rows, int rowCount, int dim, boolean fp16) {
        StoredVideo video = video(id);
        if (rowCount != video.frameCount()) {
            throw new Fer4jException(
                    dir.resolve(id).resolve(StoredVideo.AUDIO),
                    "audio has " + rowCount
                            + " rows but video '" + id + "' has frame_count " + video.frameCount()
                            + "; align the audio to one row per frame (docs/CONTRACTS.md §9) before storing it");
        }
        StoreVideoWriter.checkAudio(dir.resolve(id).resolve(StoredVideo.AUDIO), rows, rowCount, dim);
        Path audioFile = dir.resolve(id).resolve(StoredVideo.AUDIO);
        if (fp16) {
            Npy.writeFloat16(audioFile, java.util.Arrays.copyOf(rows, rowCount * dim), rowCount, dim);
        } else {
            Npy.writeFloat32(audioFile, java.util.Arrays.copyOf(rows, rowCount * dim), rowCount, dim);
        }
        VideoMeta meta = video.meta().withExtra(VideoMeta.AUDIO_KEY, audioEntry(rowCount, dim, fp16));
        AtomicFiles.writeString(dir.resolve(id).resolve(VideoMeta.FILE_NAME), meta.toJson());
    }

    static Map<String, Object> audioEntry(int rows, int dim, boolean fp16) {
        return Map.of("rows", rows, "dim", dim, "dtype", fp16 ? "float16" : "float32");
    }

    private List<String> list(boolean complete) {
        List<String> out = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") || !Files.isDirectory(p)) {
                    continue;
                }
                if (Files.isRegularFile(p.resolve(VideoMeta.FILE_NAME)) == complete) {
                    out.add(name);
                }
            }
        } catch (IOException e) {
            throw AtomicFiles.failure(dir, "list the store folder", e);
        }
        out.sort(null);
        return out;
    }

    private void deleteLeftovers(String id) {
        String tmp = "." + id + ".tmp-";
        String old = "." + id + ".old-";
        try (Stream<Path> entries = Files.list(dir)) {
            entries.filter(p -> p.getFileName().toString().startsWith(tmp)
                            || p.getFileName().toString().startsWith(old))
                    .forEach(AtomicFiles::deleteQuietly);
        } catch (IOException e) {
            throw AtomicFiles.failure(dir, "list the store folder", e);
        }
    }

    static void checkId(String id) {
        if (id == null
                || id.isEmpty()
                || id.startsWith(".")
                || id.contains("/")
                || id.contains("\\")
                || id.contains("\0")) {
            throw new IllegalArgumentException(
                    "invalid video id '" + id + "': it must be a non-empty folder name that does not start with '.'");
        }
    }

    @Override
    public String toString() {
        return "FeatureStore[" + dir + "]";
    }
}
