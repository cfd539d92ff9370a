package io.fer4j.store;

import io.fer4j.error.Fer4jException;
import io.fer4j.npy.Npy;
import io.fer4j.npy.NpyArray;
import io.fer4j.npy.NpyDtype;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One complete video of a {@link FeatureStore} (CONTRACTS §3), opened with structural checks: the row counts of
 * frames.npy, embeddings.npy and logits.npy agree; frames are strictly ascending within 1..frame_count; the
 * embedding width matches meta.json; audio.npy, when present, has frame_count rows. Values are not scanned for
 * NaN/Inf on open (that reads every byte): call {@link #validate()} once before consuming a video's rows
 * (training and evaluation do; {@link FeatureStore#video(String, boolean)} can do it for you).
 *
 * <p>Embeddings and audio are memory-mapped (float16 is widened on the fly); frames and logits are small and held
 * on the heap. Immutable and safe to share between threads.
 */
public final class StoredVideo {
    public static final String FRAMES = "frames.npy";
    public static final String EMBEDDINGS = "embeddings.npy";
    public static final String LOGITS = "logits.npy";
    public static final String AUDIO = "audio.npy";

    private final String id;
    private final Path dir;
    private final VideoMeta meta;
    private final int[] frames;
    private final NpyArray embeddings;
    private final int embeddingDim;
    private final float[] logits;
    private final int logitsDim;
    private final NpyArray audio;

    private StoredVideo(
            String id,
            Path dir,
            VideoMeta meta,
            int[] frames,
            NpyArray embeddings,
            float[] logits,
            int logitsDim,
            NpyArray audio) {
        this.id = id;
        this.dir = dir;
        this.meta = meta;
        this.frames = frames;
        this.embeddings = embeddings;
        this.embeddingDim = (int) embeddings.rowLength();
        this.logits = logits;
        this.logitsDim = logitsDim;
        this.audio = audio;
    }

    /** Opens the video in {@code dir} (which must hold meta.json) and runs the structural checks. */
    static StoredVideo open(String id, Path dir) {
        Path metaFile = dir.resolve(VideoMeta.FILE_NAME);
        Path framesFile = dir.resolve(FRAMES);
        Path embeddingsFile = dir.resolve(EMBEDDINGS);
        Path logitsFile = dir.resolve(LOGITS);

        NpyArray emb = embeddings(embeddingsFile);
        VideoMeta meta = readMeta(metaFile, (int) Math.max(1, emb.rowLength()));

        NpyArray framesArray = Npy.read(framesFile);
        if (framesArray.ndim() != 1) {
            throw new Fer4jException(
                    framesFile,
                    "expected a 1-d int32 array of frame numbers, found shape " + Arrays.toString(framesArray.shape()));
        }
        int[] frames = framesArray.toIntArray();
        NpyArray logitsArray = Npy.read(logitsFile);
        if (logitsArray.ndim() != 2 || !logitsArray.dtype().isFloatingPoint()) {
            throw new Fer4jException(
                    logitsFile,
                    "expected a 2-d float32 array [n, K], found "
                            + logitsArray.dtype().descr() + " of shape " + Arrays.toString(logitsArray.shape()));
        }
        long n = frames.length;
        if (emb.rows() != n || logitsArray.rows() != n) {
            throw new Fer4jException(
                    dir,
                    "row counts differ: " + FRAMES + " has " + n + ", " + EMBEDDINGS + " has "
                            + emb.rows() + ", " + LOGITS + " has " + logitsArray.rows()
                            + " (one row per face frame in each); delete this folder and extract the video again");
        }
        if (emb.rowLength() != meta.embeddingDim()) {
            throw new Fer4jException(
                    embeddingsFile,
                    "embedding width " + emb.rowLength() + " differs from " + "embedding_dim " + meta.embeddingDim()
                            + " in meta.json; extract the video again");
        }
        checkFrameNumbers(framesFile, frames, meta.frameCount());
        NpyArray audio = audio(dir.resolve(AUDIO), meta.frameCount());
        return new StoredVideo(
                id, dir, meta, frames, emb, logitsArray.toFloatArray(), (int) logitsArray.rowLength(), audio);
    }

    /** embeddings.npy: a 2-d float array [n, D], memory-mapped. */
    private static NpyArray embeddings(Path embeddingsFile) {
        NpyArray emb = Npy.map(embeddingsFile);
        if (emb.ndim() != 2) {
            throw new Fer4jException(
                    embeddingsFile,
                    "expected a 2-d array [n, D], found shape " + Arrays.toString(emb.shape())
                            + "; extract the video again");
        }
        if (!emb.dtype().isFloatingPoint()) {
            throw new Fer4jException(
                    embeddingsFile,
                    "expected float16 or float32 embeddings, found "
                            + emb.dtype().descr());
        }
        return emb;
    }

    private static VideoMeta readMeta(Path metaFile, int embeddingDimFallback) {
        String json;
        try {
            json = Files.readString(metaFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw AtomicFiles.failure(metaFile, "read", e);
        }
        return VideoMeta.parse(metaFile, json, embeddingDimFallback);
    }

    /** Frame numbers lie in 1..frameCount and strictly ascend. */
    private static void checkFrameNumbers(Path framesFile, int[] frames, int frameCount) {
        for (int i = 0; i < frames.length; i++) {
            if (frames[i] < 1 || frames[i] > frameCount) {
                throw new Fer4jException(
                        framesFile,
                        "frame number " + frames[i] + " at row " + i + " is outside 1.." + frameCount
                                + " (frame_count in meta.json; frames are numbered from 1)");
            }
            if (i > 0 && frames[i] <= frames[i - 1]) {
                throw new Fer4jException(
                        framesFile,
                        "frame numbers must be strictly ascending: row " + i + " has " + frames[i] + " after "
                                + frames[i - 1]);
            }
        }
    }

    /** audio.npy when present: a 2-d float array with one row per video frame; null when absent. */
    private static NpyArray audio(Path audioFile, int frameCount) {
        NpyArray audio = null;
        if (Files.exists(audioFile)) {
            audio = Npy.map(audioFile);
            if (audio.ndim() != 2 || !audio.dtype().isFloatingPoint()) {
                throw new Fer4jException(
                        audioFile,
                        "expected a 2-d float array [F, Da], found "
                                + audio.dtype().descr() + " of shape " + Arrays.toString(audio.shape()));
            }
            if (audio.rows() != frameCount) {
                throw new Fer4jException(
                        audioFile,
                        "audio has " + audio.rows() + " rows but the video has frame_count " + frameCount
                                + " (row i is frame i+1); re-run the audio extraction");
            }
        }
        return audio;
    }

    /**
     * Scans embeddings, logits and audio for NaN or infinite values and fails naming the file, row and column of
     * the first one. O(n·D); run it once per video before training or evaluating on it.
     */
    public StoredVideo validate() {
        checkFinite(embeddings, "embedding");
        for (int i = 0; i < logits.length; i++) {
            if (!Float.isFinite(logits[i])) {
                throw new Fer4jException(
                        dir.resolve(LOGITS),
                        "non-finite logit " + logits[i] + " at row " + (i / logitsDim)
                                + " (frame " + frames[i / logitsDim] + "), column " + (i % logitsDim)
                                + "; extract the video again (or delete it from the store)");
            }
        }
        if (audio != null) {
            checkFinite(audio, "audio value");
        }
        return this;
    }

    private void checkFinite(NpyArray a, String what) {
        long bad = a.firstNonFinite();
        if (bad >= 0) {
            long[] rc = a.unravel(bad);
            String frame = a == embeddings ? " (frame " + frames[(int) rc[0]] + ")" : " (frame " + (rc[0] + 1) + ")";
            throw new Fer4jException(
                    a.file(),
                    "non-finite " + what + " " + a.getFloat(bad) + " at row " + rc[0] + frame + ", column " + rc[1]
                            + "; extract the video again (or delete it from the store)");
        }
    }

    /** The video id (its folder name). */
    public String id() {
        return id;
    }

    /** The video's folder. */
    public Path dir() {
        return dir;
    }

    public VideoMeta meta() {
        return meta;
    }

    /** F, from meta.json. */
    public int frameCount() {
        return meta.frameCount();
    }

    /** Number of face frames n (rows of frames/embeddings/logits). */
    public int rowCount() {
        return frames.length;
    }

    /** 1-based numbers of the face frames, ascending (a copy). */
    public int[] frames() {
        return frames.clone();
    }

    /** The frame number of row {@code row}. */
    public int frame(int row) {
        return frames[row];
    }

    /** The row holding 1-based frame {@code frameIndex}, or -1 when that frame has no face. */
    public int rowOf(int frameIndex) {
        int r = Arrays.binarySearch(frames, frameIndex);
        return r >= 0 ? r : -1;
    }

    /** The memory-mapped embeddings [n, D] (float16 or float32). */
    public NpyArray embeddings() {
        return embeddings;
    }

    /** D. */
    public int embeddingDim() {
        return embeddingDim;
    }

    /** Whether embeddings are stored as float16. */
    public boolean embeddingsFloat16() {
        return embeddings.dtype() == NpyDtype.FLOAT16;
    }

    /** Copies embedding row {@code row} (D floats, float16 widened) into {@code dst[off..]}. */
    public void embeddingRow(int row, float[] dst, int off) {
        embeddings.readFloats((long) row * embeddingDim, dst, off, embeddingDim);
    }

    /** K, the width of logits rows (8, or 10 for *_va_mtl backbones). */
    public int logitsDim() {
        return logitsDim;
    }

    /** Copies logits row {@code row} (K floats, the backbone's own class order) into {@code dst[off..]}. */
    public void logitsRow(int row, float[] dst, int off) {
        System.arraycopy(logits, row * logitsDim, dst, off, logitsDim);
    }

    /** All logits, row-major [n, K] (a copy). */
    public float[] logits() {
        return logits.clone();
    }

    /** Whether audio.npy exists. */
    public boolean hasAudio() {
        return audio != null;
    }

    /** The memory-mapped audio rows [F, Da]; row i is frame i+1. Fails when there is no audio.npy. */
    public NpyArray audio() {
        if (audio == null) {
            throw new Fer4jException(dir.resolve(AUDIO), "this video has no audio features; run the audio extraction");
        }
        return audio;
    }

    /** Da, or 0 without audio. */
    public int audioDim() {
        return audio == null ? 0 : (int) audio.rowLength();
    }

    /** Copies the audio row of 1-based frame {@code frameIndex} into {@code dst[off..]}. */
    public void audioRow(int frameIndex, float[] dst, int off) {
        NpyArray a = audio();
        if (frameIndex < 1 || frameIndex > a.rows()) {
            throw new IndexOutOfBoundsException("frame " + frameIndex + " outside 1.." + a.rows() + " of " + id);
        }
        a.readRow(frameIndex - 1, dst, off);
    }

    @Override
    public String toString() {
        return "StoredVideo[" + id + ", " + frames.length + " face frames of " + meta.frameCount() + ", D="
                + embeddingDim + (audio != null ? ", audio Da=" + audioDim() : "") + "]";
    }
}
