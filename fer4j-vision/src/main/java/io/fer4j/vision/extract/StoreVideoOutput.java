package io.fer4j.vision.extract;

import io.fer4j.error.Fer4jException;
import io.fer4j.npy.Npy;
import io.fer4j.store.AtomicFiles;
import io.fer4j.store.VideoMeta;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Collects one store video's rows (DESIGN §3) and commits them: the .npy files are written into a hidden temporary
 * sibling folder, meta.json last, then the folder is renamed into place — a reader sees a complete video or none.
 */
final class StoreVideoOutput {
    private final Path store;
    private String id;
    private final boolean float16;
    private int[] frames = new int[256];
    private float[] embeddings;
    private float[] logits;
    private int rows;
    private int dim = -1;
    private int k = -1;

    StoreVideoOutput(Path store, String id, boolean float16) {
        this.store = store;
        this.id = id;
        this.float16 = float16;
    }

    /** The same rows under another video id (all-faces tracks get their names at the end). */
    StoreVideoOutput renamed(String newId) {
        this.id = newId;
        return this;
    }

    String id() {
        return id;
    }

    int rows() {
        return rows;
    }

    void append(int frameIndex, float[] embedding, float[] logitRow) {
        if (dim < 0) {
            dim = embedding.length;
            k = logitRow.length;
            embeddings = new float[frames.length * dim];
            logits = new float[frames.length * k];
        }
        if (embedding.length != dim || logitRow.length != k) {
            throw new IllegalStateException("row width changed within video " + id);
        }
        if (rows > 0 && frameIndex <= frames[rows - 1]) {
            throw new IllegalStateException("frames must ascend: " + frameIndex + " after " + frames[rows - 1]);
        }
        if (rows == frames.length) {
            int cap = rows * 2;
            frames = Arrays.copyOf(frames, cap);
            embeddings = Arrays.copyOf(embeddings, cap * dim);
            logits = Arrays.copyOf(logits, cap * k);
        }
        frames[rows] = frameIndex;
        System.arraycopy(embedding, 0, embeddings, rows * dim, dim);
        System.arraycopy(logitRow, 0, logits, rows * k, k);
        rows++;
    }

    /**
     * Writes the video. {@code embeddingDim}/{@code outputCount} give the shapes when no row was appended.
     */
    void commit(VideoMeta meta, int outputCount) {
        int d = dim > 0 ? dim : meta.embeddingDim();
        int kk = k > 0 ? k : outputCount;
        Path target = store.resolve(id);
        Path temp = AtomicFiles.tempSibling(target);
        try {
            Files.createDirectories(temp);
            Npy.write(temp.resolve("frames.npy"), Arrays.copyOf(frames, rows), rows);
            float[] e = embeddings == null ? new float[0] : Arrays.copyOf(embeddings, rows * d);
            if (float16) {
                Npy.writeFloat16(temp.resolve("embeddings.npy"), e, rows, d);
            } else {
                Npy.writeFloat32(temp.resolve("embeddings.npy"), e, rows, d);
            }
            float[] l = logits == null ? new float[0] : Arrays.copyOf(logits, rows * kk);
            Npy.writeFloat32(temp.resolve("logits.npy"), l, rows, kk);
            AtomicFiles.writeString(temp.resolve(VideoMeta.FILE_NAME), meta.toJson());
            if (Files.exists(target)) {
                // an earlier interrupted or superseded attempt: replaced as a whole
                AtomicFiles.deleteQuietly(target);
            }
            AtomicFiles.moveIntoPlace(temp, target);
        } catch (IOException ex) {
            AtomicFiles.deleteQuietly(temp);
            throw AtomicFiles.failure(target, "write", ex);
        } catch (RuntimeException ex) {
            AtomicFiles.deleteQuietly(temp);
            if (ex instanceof Fer4jException) {
                throw ex;
            }
            throw new Fer4jException(target, "could not write the store video (" + ex.getMessage() + ")", ex);
        }
    }
}
