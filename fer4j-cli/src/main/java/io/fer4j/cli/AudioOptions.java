package io.fer4j.cli;

import io.fer4j.audio.AudioChunking;
import io.fer4j.audio.AudioEmbedder;
import io.fer4j.audio.AudioEmbedderOptions;
import io.fer4j.audio.AudioResult;
import io.fer4j.audio.AudioStage;
import io.fer4j.error.Fer4jException;
import io.fer4j.store.FeatureStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The audio options of {@code fer4j extract} (a picocli mixin): wav2vec 2.0 / HuBERT embeddings aligned to the video
 * frames and stored as audio.npy (CONTRACTS §9). Without {@code --audio-model} nothing audio-related runs.
 */
public final class AudioOptions {
    @Option(
            names = "--audio-model",
            paramLabel = "FILE",
            description = "ONNX export of wav2vec 2.0 / HuBERT (input_values [B, samples] → last_hidden_state "
                    + "[B, T, D]); adds audio.npy [frame_count, D] to every extracted video (docs/audio.md)")
    Path model;

    @Option(
            names = "--audio-only",
            description = "Only add audio.npy to the complete videos of an existing store (--store), from the media "
                    + "under --input; visual features are not recomputed. Needs --audio-model.")
    boolean audioOnly;

    @Option(
            names = "--audio-chunk-seconds",
            paramLabel = "S",
            defaultValue = "1.0",
            description =
                    "Audio chunk fed to the network, in seconds (default: ${DEFAULT-VALUE}; docs/CONTRACTS.md §9)")
    double chunkSeconds;

    @Option(
            names = "--audio-overlap-seconds",
            paramLabel = "S",
            defaultValue = "0",
            description = "Overlap of consecutive chunks in seconds; each chunk then keeps the centre of its output "
                    + "rows (default: ${DEFAULT-VALUE})")
    double overlapSeconds;

    @Option(
            names = "--audio-normalize",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "Zero-mean/unit-variance per chunk, as Hugging Face's Wav2Vec2FeatureExtractor with "
                    + "do_normalize=True (facebook/wav2vec2-base); --no-audio-normalize feeds raw samples "
                    + "(default: on)")
    boolean normalize = true;

    @Option(
            names = "--audio-batch",
            paramLabel = "N",
            defaultValue = "8",
            description = "Chunks per network call (default: ${DEFAULT-VALUE})")
    int batch;

    /** Whether audio extraction was asked for. */
    public boolean enabled() {
        return model != null;
    }

    /** Whether only audio is to be added to an existing store. */
    public boolean audioOnly() {
        return audioOnly;
    }

    /** The embedder options from the command line (throws IllegalArgumentException naming the bad option). */
    public AudioEmbedderOptions embedderOptions(int threads) {
        return new AudioEmbedderOptions(
                AudioChunking.ofSeconds(chunkSeconds, overlapSeconds), normalize, batch, Math.max(0, threads));
    }

    /** Checks option combinations before any work starts. */
    public void validate() {
        if (audioOnly && model == null) {
            throw new IllegalArgumentException("--audio-only needs --audio-model FILE");
        }
        if (model != null) {
            embedderOptions(0);
            if (!Files.isRegularFile(model)) {
                throw new Fer4jException(
                        model,
                        "no such audio model file; pass an ONNX export of wav2vec 2.0 or HuBERT"
                                + " with --audio-model (docs/audio.md says how to export facebook/wav2vec2-base)");
            }
        }
    }

    /** Whether any result is a failure (corrupt media, model error): the command should exit non-zero. */
    public static boolean anyFailed(List<AudioResult> results) {
        return results.stream().anyMatch(r -> r instanceof AudioResult.Failed);
    }

    /**
     * Adds audio to the store videos that came from {@code itemIds} (ids of the input items; {@code <id>_left} /
     * {@code <id>_right} store videos included), or to every complete store video when {@code itemIds} is null.
     * Does nothing without {@code --audio-model}.
     *
     * @return the results (empty when audio is off)
     */
    public List<AudioResult> addAudio(Path store, Path input, List<String> itemIds, int threads, PrintWriter out) {
        if (!enabled()) {
            return List.of();
        }
        FeatureStore fs = FeatureStore.open(store);
        List<String> ids = itemIds == null ? null : AudioStage.storeVideosOf(fs, itemIds);
        try (AudioEmbedder embedder = AudioEmbedder.open(model, embedderOptions(threads))) {
            List<AudioResult> results = new AudioStage(embedder).addToStore(fs, input, ids, line -> {
                out.println("audio: " + line);
                out.flush();
            });
            long written = results.stream()
                    .filter(r -> r instanceof AudioResult.Written)
                    .count();
            long upToDate = results.stream()
                    .filter(r -> r instanceof AudioResult.UpToDate)
                    .count();
            long failed = results.stream()
                    .filter(r -> r instanceof AudioResult.Failed)
                    .count();
            long warnings = results.stream().filter(AudioResult::warning).count() - failed;
            out.println("audio: " + written + " of " + results.size() + " videos written"
                    + (upToDate > 0 ? ", " + upToDate + " up to date" : "")
                    + (warnings > 0 ? ", " + warnings + " warning(s)" : "")
                    + (failed > 0 ? ", " + failed + " failed (listed above)" : ""));
            out.flush();
            return results;
        }
    }

    /**
     * {@code --audio-only}: adds audio to every complete video of an existing store.
     *
     * @return 0, or {@code failedExit} when some media failed to decode or embed
     */
    public int runAudioOnly(Path store, Path input, int threads, PrintWriter out, int failedExit) {
        validate();
        if (store == null || !Files.isDirectory(store)) {
            throw new Fer4jException(store, "--audio-only needs an existing store folder as --store");
        }
        if (input == null || !Files.exists(input)) {
            throw new Fer4jException(
                    input, "--audio-only needs --input: the video file or directory the store was " + "extracted from");
        }
        return anyFailed(addAudio(store, input, null, threads, out)) ? failedExit : 0;
    }
}
