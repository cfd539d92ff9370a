package io.fer4j.bundle;

/**
 * One video's stored features (CONTRACTS §3) as {@link BundlePredictor} consumes them, built by name:
 * <pre>{@code
 * VideoFeatures.of(id, frameCount).faceRows(frames, embeddings, embeddingDim, logits, logitsDim)
 *         .audioRows(audio, audioDim).build()
 * }</pre>
 * Arrays are not copied (the predictor only reads them); callers must not modify them while a prediction runs.
 * Without {@link Builder#faceRows} the video has no face frame; without {@link Builder#audioRows}, no audio.
 */
public final class VideoFeatures {
    private final String id;
    private final int frameCount;
    private final int[] frames;
    private final float[] embeddings;
    private final int embeddingDim;
    private final float[] logits;
    private final int logitsDim;
    private final float[] audio;
    private final int audioDim;

    private VideoFeatures(
            String id,
            int frameCount,
            int[] frames,
            float[] embeddings,
            int embeddingDim,
            float[] logits,
            int logitsDim,
            float[] audio,
            int audioDim) {
        if (frameCount < 1) {
            throw new IllegalArgumentException("video " + id + " has no frames (frame count " + frameCount + ")");
        }
        int n = frames.length;
        if ((long) n * embeddingDim != embeddings.length) {
            throw new IllegalArgumentException("video " + id + ": " + n + " face frames but "
                    + (embeddingDim == 0 ? embeddings.length : embeddings.length / embeddingDim)
                    + " embedding rows of width " + embeddingDim + "; frames.npy and embeddings.npy must have one row"
                    + " per face frame each");
        }
        if ((long) n * logitsDim != logits.length) {
            throw new IllegalArgumentException("video " + id + ": " + n + " face frames but "
                    + (logitsDim == 0 ? logits.length : logits.length / logitsDim) + " logits rows of width "
                    + logitsDim);
        }
        for (int i = 0; i < n; i++) {
            if (frames[i] < 1 || frames[i] > frameCount || (i > 0 && frames[i] <= frames[i - 1])) {
                throw new IllegalArgumentException("video " + id + ": face frame " + frames[i] + " at row " + i
                        + " is not strictly ascending within 1.." + frameCount);
            }
        }
        if (audio != null && (long) frameCount * audioDim != audio.length) {
            throw new IllegalArgumentException("video " + id + ": audio must have " + frameCount + " rows of width "
                    + audioDim + " (one per frame), got " + audio.length + " values");
        }
        requireFinite(id, embeddings, embeddingDim, frames, "embedding");
        requireFinite(id, logits, logitsDim, frames, "logit");
        if (audio != null) {
            requireFinite(id, audio, audioDim, null, "audio value");
        }
        this.id = id;
        this.frameCount = frameCount;
        this.frames = frames;
        this.embeddings = embeddings;
        this.embeddingDim = embeddingDim;
        this.logits = logits;
        this.logitsDim = logitsDim;
        this.audio = audio;
        this.audioDim = audioDim;
    }

    /** The features of video {@code id} with frames 1..{@code frameCount}. */
    public static Builder of(String id, int frameCount) {
        return new Builder(id, frameCount);
    }

    /** Video id (for messages). */
    public String id() {
        return id;
    }

    /** F: frames 1..F are predicted. */
    public int frameCount() {
        return frameCount;
    }

    /** 1-based face frames, strictly ascending within 1..F (n values; may be empty). */
    public int[] frames() {
        return frames;
    }

    /** n × D embeddings, row-major. */
    public float[] embeddings() {
        return embeddings;
    }

    /** D. */
    public int embeddingDim() {
        return embeddingDim;
    }

    /** n × K backbone logits in the backbone's class order. */
    public float[] logits() {
        return logits;
    }

    /** K. */
    public int logitsDim() {
        return logitsDim;
    }

    /** F × Da audio rows (row i = frame i+1), or null without audio. */
    public float[] audio() {
        return audio;
    }

    /** Da (0 without audio). */
    public int audioDim() {
        return audioDim;
    }

    public int rowCount() {
        return frames.length;
    }

    public boolean hasAudio() {
        return audio != null;
    }

    private static void requireFinite(String id, float[] values, int width, int[] frames, String what) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                int row = i / width;
                int frame = frames == null ? row + 1 : frames[row];
                throw new IllegalArgumentException("video " + id + ": non-finite " + what + " " + values[i]
                        + " at frame " + frame + ", column " + (i % width)
                        + "; re-extract the video or remove it from the store");
            }
        }
    }

    /** The parts of a {@link VideoFeatures}. Not thread-safe. */
    public static final class Builder {
        private final String id;
        private final int frameCount;
        private int[] frames = new int[0];
        private float[] embeddings = new float[0];
        private int embeddingDim;
        private float[] logits = new float[0];
        private int logitsDim;
        private float[] audio;
        private int audioDim;

        private Builder(String id, int frameCount) {
            this.id = id;
            this.frameCount = frameCount;
        }

        /**
         * The face rows: {@code frames} (n 1-based face frames), their n × {@code embeddingDim} embeddings and
         * n × {@code logitsDim} backbone logits, row-major.
         */
        public Builder faceRows(int[] frames, float[] embeddings, int embeddingDim, float[] logits, int logitsDim) {
            this.frames = frames;
            this.embeddings = embeddings;
            this.embeddingDim = embeddingDim;
            this.logits = logits;
            this.logitsDim = logitsDim;
            return this;
        }

        /** F × {@code audioDim} audio rows (row i = frame i+1); {@code audio} null: the video has no audio. */
        public Builder audioRows(float[] audio, int audioDim) {
            this.audio = audio;
            this.audioDim = audio == null ? 0 : audioDim;
            return this;
        }

        /** @throws IllegalArgumentException naming the video when shapes disagree or a value is not finite */
        public VideoFeatures build() {
            return new VideoFeatures(
                    id, frameCount, frames, embeddings, embeddingDim, logits, logitsDim, audio, audioDim);
        }
    }
}
