package io.fer4j.store;

import io.fer4j.error.Fer4jException;
import io.fer4j.npy.Npy;
import io.fer4j.npy.NpyDtype;
import io.fer4j.npy.NpyRowWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes one video into a {@link FeatureStore} (from {@link FeatureStore#beginVideo}). Rows — frame number,
 * embedding, logits — are streamed to files in a hidden temporary folder {@code .<id>.tmp-<random>} of the store;
 * {@link #commit(VideoMeta)} writes meta.json last and renames the folder to {@code <id>} in one step. An
 * interrupted write (crash, exception, {@link #abort()}, {@link #close()} without commit) therefore never leaves
 * anything that looks complete; the next {@code beginVideo} of the same id removes the leftover.
 *
 * <p>Checks as rows arrive: frame numbers ≥ 1 and strictly ascending, values finite (a NaN or infinity from the
 * backbone fails here, naming the frame, rather than poisoning training later). At commit: frame numbers ≤
 * frame_count, embedding_dim as declared, audio rows = frame_count.
 *
 * <pre>{@code
 * try (StoreVideoWriter w = store.beginVideo("video1", 1280, 8, true)) {
 *     for (...) w.appendFrame(frameIndex, embedding, 0, logits, 0);
 *     w.commit(new VideoMeta(30.0, frameCount, "enet_b0_8_best_vgaf", sha256, 1280));
 * }   // close() without commit = abort
 * }</pre>
 * Not thread-safe: one writer per thread (different videos may be written concurrently).
 */
public final class StoreVideoWriter implements AutoCloseable {
    private final FeatureStore store;
    private final String id;
    private final int embeddingDim;
    private final int logitsDim;
    private final boolean fp16;
    private final Path temp;
    private final NpyRowWriter frames;
    private final NpyRowWriter embeddings;
    private final NpyRowWriter logits;
    private int lastFrame;
    private int rowCount;
    private int audioRows = -1;
    private int audioDim;
    private boolean audioFp16;
    private boolean finished;

    StoreVideoWriter(FeatureStore store, String id, int embeddingDim, int logitsDim, boolean fp16Embeddings) {
        if (embeddingDim <= 0 || logitsDim <= 0) {
            throw new IllegalArgumentException(
                    "embeddingDim and logitsDim must be > 0, got " + embeddingDim + ", " + logitsDim);
        }
        this.store = store;
        this.id = id;
        this.embeddingDim = embeddingDim;
        this.logitsDim = logitsDim;
        this.fp16 = fp16Embeddings;
        this.temp = AtomicFiles.tempSibling(store.dir().resolve(id));
        NpyRowWriter f = null;
        NpyRowWriter e = null;
        try {
            Files.createDirectory(temp);
            f = NpyRowWriter.create(temp.resolve(StoredVideo.FRAMES), NpyDtype.INT32);
            e = NpyRowWriter.create(
                    temp.resolve(StoredVideo.EMBEDDINGS), fp16 ? NpyDtype.FLOAT16 : NpyDtype.FLOAT32, embeddingDim);
            this.logits = NpyRowWriter.create(temp.resolve(StoredVideo.LOGITS), NpyDtype.FLOAT32, logitsDim);
        } catch (IOException | RuntimeException ex) {
            if (f != null) f.abort();
            if (e != null) e.abort();
            AtomicFiles.deleteQuietly(temp);
            if (ex instanceof IOException io) {
                throw AtomicFiles.failure(temp, "create a folder in the store", io);
            }
            throw (RuntimeException) ex;
        }
        this.frames = f;
        this.embeddings = e;
    }

    /** The video id being written. */
    public String id() {
        return id;
    }

    /** Rows appended so far. */
    public int rowCount() {
        return rowCount;
    }

    /**
     * Appends one face frame: its 1-based number (greater than the previous one), its embedding
     * ({@code embeddingDim} floats from {@code embedding[embeddingOffset..]}) and its logits ({@code logitsDim}
     * floats, the backbone's own class order).
     */
    public void appendFrame(
            int frameIndex, float[] embedding, int embeddingOffset, float[] logitsRow, int logitsOffset) {
        appendFrames(new int[] {frameIndex}, 0, embedding, embeddingOffset, logitsRow, logitsOffset, 1);
    }

    /** Appends {@code count} face frames at once (a batch: row-major embeddings and logits). */
    public void appendFrames(
            int[] frameIndices,
            int framesOffset,
            float[] embeddingRows,
            int embeddingOffset,
            float[] logitsRows,
            int logitsOffset,
            int count) {
        checkOpen();
        java.util.Objects.checkFromIndexSize(framesOffset, count, frameIndices.length);
        java.util.Objects.checkFromIndexSize(embeddingOffset, count * embeddingDim, embeddingRows.length);
        java.util.Objects.checkFromIndexSize(logitsOffset, count * logitsDim, logitsRows.length);
        for (int r = 0; r < count; r++) {
            int frame = frameIndices[framesOffset + r];
            if (frame < 1 || frame <= lastFrame) {
                throw new Fer4jException(
                        store.dir().resolve(id),
                        "frame number " + frame + " after " + lastFrame
                                + ": frames are numbered from 1 and must be appended in strictly ascending order");
            }
            checkFinite(embeddingRows, embeddingOffset + r * embeddingDim, embeddingDim, "embedding", frame);
            if (fp16) {
                checkHalfRange(embeddingRows, embeddingOffset + r * embeddingDim, frame);
            }
            checkFinite(logitsRows, logitsOffset + r * logitsDim, logitsDim, "logits", frame);
            lastFrame = frame;
        }
        frames.appendInts(frameIndices, framesOffset, count);
        embeddings.appendFloats(embeddingRows, embeddingOffset, count);
        logits.appendFloats(logitsRows, logitsOffset, count);
        rowCount += count;
    }

    /**
     * Sets the video's audio features: {@code rowCount × dim} values, row i = frame i+1 ({@code rowCount} must equal
     * frame_count at commit). Written now into the temporary folder.
     */
    public void setAudio(float[] rows, int rowCount, int dim, boolean fp16Audio) {
        checkOpen();
        Path file = temp.resolve(StoredVideo.AUDIO);
        checkAudio(store.dir().resolve(id).resolve(StoredVideo.AUDIO), rows, rowCount, dim);
        float[] data = java.util.Arrays.copyOf(rows, rowCount * dim);
        if (fp16Audio) {
            Npy.writeFloat16(file, data, rowCount, dim);
        } else {
            Npy.writeFloat32(file, data, rowCount, dim);
        }
        audioRows = rowCount;
        audioDim = dim;
        audioFp16 = fp16Audio;
    }

    static void checkAudio(Path file, float[] rows, int rowCount, int dim) {
        if (rowCount < 0 || dim <= 0 || (long) rowCount * dim > rows.length) {
            throw new IllegalArgumentException(
                    "audio of " + rowCount + " x " + dim + " does not fit " + rows.length + " values for " + file);
        }
        for (int i = 0; i < rowCount * dim; i++) {
            if (!Float.isFinite(rows[i])) {
                throw new Fer4jException(
                        file,
                        "non-finite audio value " + rows[i] + " at row " + (i / dim) + " (frame " + (i / dim + 1)
                                + "), column " + (i % dim) + "; check the audio model's output");
            }
        }
    }

    /**
     * Finishes the video: closes the arrays, writes meta.json (with an audio entry when audio was set) and renames
     * the temporary folder to {@code <store>/<id>}, replacing any earlier folder of that id. {@code meta}'s
     * embedding_dim must be the writer's.
     */
    public void commit(VideoMeta meta) {
        checkOpen();
        Path target = store.dir().resolve(id);
        try {
            if (meta.embeddingDim() != embeddingDim) {
                throw new IllegalArgumentException("meta embedding_dim " + meta.embeddingDim() + " differs from the "
                        + "writer's " + embeddingDim + " for video " + id);
            }
            if (lastFrame > meta.frameCount()) {
                throw new Fer4jException(
                        target,
                        "frame " + lastFrame + " was written but frame_count is " + meta.frameCount()
                                + "; frame numbers must lie in 1..frame_count");
            }
            if (audioRows >= 0 && audioRows != meta.frameCount()) {
                throw new Fer4jException(
                        target.resolve(StoredVideo.AUDIO),
                        "audio has " + audioRows + " rows but frame_count is " + meta.frameCount()
                                + " (row i must be frame i+1)");
            }
            frames.commit();
            embeddings.commit();
            logits.commit();
            VideoMeta m = audioRows >= 0
                    ? meta.withExtra(VideoMeta.AUDIO_KEY, FeatureStore.audioEntry(audioRows, audioDim, audioFp16))
                    : meta;
            AtomicFiles.writeString(temp.resolve(VideoMeta.FILE_NAME), m.toJson());
            AtomicFiles.syncDirectory(temp);
            Path old = null;
            if (Files.exists(target)) {
                // a folder cannot be renamed over a non-empty one: move the old one aside first
                old = store.dir().resolve("." + id + ".old-" + Long.toHexString(System.nanoTime()));
                Files.move(target, old);
            }
            try {
                Files.move(temp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                if (old != null) {
                    Files.move(old, target); // put the previous version back rather than lose it
                }
                throw e;
            }
            AtomicFiles.syncDirectory(store.dir());
            AtomicFiles.deleteQuietly(old);
            finished = true;
        } catch (IOException e) {
            abort();
            throw AtomicFiles.failure(target, "commit the video folder", e);
        } catch (RuntimeException e) {
            abort();
            throw e;
        }
    }

    /** Discards the video: deletes the temporary folder. Safe to call more than once. */
    public void abort() {
        finished = true;
        frames.abort();
        embeddings.abort();
        logits.abort();
        AtomicFiles.deleteQuietly(temp);
    }

    /** Aborts unless committed. */
    @Override
    public void close() {
        if (!finished) {
            abort();
        }
    }

    private void checkFinite(float[] a, int off, int len, String what, int frame) {
        for (int i = 0; i < len; i++) {
            if (!Float.isFinite(a[off + i])) {
                throw new Fer4jException(
                        store.dir().resolve(id),
                        "non-finite " + what + " value " + a[off + i] + " for frame " + frame + ", column " + i
                                + "; check the model and its input");
            }
        }
    }

    private void checkHalfRange(float[] a, int off, int frame) {
        for (int i = 0; i < embeddingDim; i++) {
            if (Math.abs(a[off + i]) >= 65520f) {
                throw new Fer4jException(
                        store.dir().resolve(id),
                        "embedding value " + a[off + i] + " for frame " + frame + ", column " + i
                                + " overflows float16 (max 65504); store embeddings as float32 instead");
            }
        }
    }

    private void checkOpen() {
        if (finished) {
            throw new IllegalStateException("writer for video " + id + " is already committed or aborted");
        }
    }
}
