package io.fer4j.bundle;

import io.fer4j.store.StoredVideo;

/** Reads a store video's features for {@link BundlePredictor} (frames 1..frame_count, no annotation). */
public final class StoredFeatures {
    private StoredFeatures() {}

    /**
     * All rows of {@code video} as float32 (one video at a time; float16 widened), F = meta.json's frame_count.
     * Callers should have scanned the video for NaN/Inf ({@link StoredVideo#validate()}); {@link VideoFeatures}
     * rejects them anyway.
     */
    public static VideoFeatures read(StoredVideo video) {
        int n = video.rowCount();
        int d = video.embeddingDim();
        float[] emb = new float[n * d];
        for (int r = 0; r < n; r++) {
            video.embeddingRow(r, emb, r * d);
        }
        float[] audio = null;
        int da = 0;
        if (video.hasAudio()) {
            da = video.audioDim();
            audio = new float[video.frameCount() * da];
            for (int f = 1; f <= video.frameCount(); f++) {
                video.audioRow(f, audio, (f - 1) * da);
            }
        }
        return VideoFeatures.of(video.id(), video.frameCount())
                .faceRows(video.frames(), emb, d, video.logits(), video.logitsDim())
                .audioRows(audio, da)
                .build();
    }
}
