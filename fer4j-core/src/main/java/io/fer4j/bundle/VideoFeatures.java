package io.fer4j.bundle;

/**
 * One video's stored features (DESIGN §3) as {@link BundlePredictor} consumes them. Arrays are not copied (the
 * predictor only reads them); callers must not modify them while a prediction runs.
 *
 * @param id           video id (for messages)
 * @param frameCount   F, frames 1..F are predicted
 * @param frames       1-based face frames, strictly ascending within 1..F (n values; may be empty)
 * @param embeddings   n × D embeddings, row-major
 * @param embeddingDim D
 * @param logits       n × K backbone logits in the backbone's class order
 * @param logitsDim    K
 * @param audio        F × Da audio rows (row i = frame i+1), or null without audio
 * @param audioDim     Da (0 without audio)
 */
public record VideoFeatures(String id, int frameCount, int[] frames, float[] embeddings, int embeddingDim,
                            float[] logits, int logitsDim, float[] audio, int audioDim) {
    public VideoFeatures {
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
}
