package io.fer4j.audio;

/**
 * How the signal is fed to the network.
 *
 * @param chunking       chunk length and overlap (CONTRACTS §9: 1 s, no overlap)
 * @param normalize      zero-mean/unit-variance per chunk, as Hugging Face's {@code Wav2Vec2FeatureExtractor} with
 *                       {@code do_normalize=True} (the setting of {@code facebook/wav2vec2-base}):
 *                       {@code (x − mean) / sqrt(var + 1e−7)} over the chunk's real (unpadded) samples
 * @param batchChunks    full-length chunks per network call
 * @param intraOpThreads ONNX Runtime intra-op threads; 0 lets ONNX Runtime choose
 */
public record AudioEmbedderOptions(AudioChunking chunking, boolean normalize, int batchChunks, int intraOpThreads) {
    /** CONTRACTS §9 defaults: 1 s chunks, no overlap, Hugging Face normalisation on, 8 chunks per call. */
    public static final AudioEmbedderOptions DEFAULTS =
            new AudioEmbedderOptions(AudioChunking.ofSeconds(1.0, 0.0), true, 8, 0);

    public AudioEmbedderOptions {
        if (chunking == null) {
            throw new IllegalArgumentException("chunking is required");
        }
        if (batchChunks < 1) {
            throw new IllegalArgumentException("--audio-batch must be ≥ 1; got " + batchChunks);
        }
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException("threads must be ≥ 0; got " + intraOpThreads);
        }
    }
}
