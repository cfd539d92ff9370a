package io.fer4j.audio;

import io.fer4j.error.Fer4jException;
import io.fer4j.store.AtomicFiles;
import io.fer4j.store.FeatureStore;
import io.fer4j.store.StoredVideo;
import io.fer4j.store.VideoMeta;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The audio part of {@code fer4j extract}: for complete store videos, find the media file (sharing {@code <id>}'s
 * audio between {@code <id>_left} / {@code <id>_right}), decode it, embed it, align the rows to the video's
 * frame_count (CONTRACTS §9) and store audio.npy through {@link FeatureStore#addAudio}. Visual features are never read
 * or rewritten, so it also serves {@code --audio-only} on an existing store.
 *
 * <p>audio.npy takes the dtype of the video's embeddings (float16 when the store was extracted with --fp16). meta.json
 * gets, besides the store's {@code "audio"} entry, an {@code "audio_model"} entry (file name, sha256, chunk settings);
 * a video whose entry matches this stage's is skipped as up to date. A media file without an audio track is a
 * warning, not an error; a corrupt one gives a {@link AudioResult.Failed} naming the file (nothing is written for its
 * videos) and the batch goes on.
 */
public final class AudioStage {
    /** The meta.json key recording the audio model and settings. */
    public static final String MODEL_KEY = "audio_model";

    private final AudioEmbedder embedder;

    public AudioStage(AudioEmbedder embedder) {
        this.embedder = embedder;
    }

    /** The audio model and settings, as recorded in meta.json. */
    public Map<String, Object> provenance() {
        Map<String, Object> m = new LinkedHashMap<>();
        AudioEmbedderOptions o = embedder.options();
        m.put("file", embedder.modelFile().getFileName().toString());
        m.put("sha256", embedder.sha256());
        m.put("chunk_samples", o.chunking().chunkSamples());
        m.put("overlap_samples", o.chunking().overlapSamples());
        m.put("normalize", o.normalize());
        return m;
    }

    /**
     * The store's complete videos that belong to the input items {@code itemIds}: {@code <id>}, {@code <id>_left},
     * {@code <id>_right} and {@code <id>_track<N>}.
     */
    public static List<String> storeVideosOf(FeatureStore store, List<String> itemIds) {
        List<String> complete = store.completeVideoIds();
        java.util.Set<String> wanted = new java.util.HashSet<>(itemIds);
        List<String> out = new ArrayList<>();
        for (String id : complete) {
            if (wanted.contains(id) || wanted.contains(AudioSources.sharedAudioId(id))) {
                out.add(id);
            }
        }
        return out;
    }

    /**
     * Adds audio to the complete store videos {@code videoIds} (null: all complete videos) from media under
     * {@code input}. Each media file is decoded and embedded once, however many store videos share it.
     *
     * @param log receives one line per video as it is done (warnings and failures included)
     * @return one result per video, in the order of {@code videoIds}
     */
    public List<AudioResult> addToStore(FeatureStore store, Path input, List<String> videoIds, Consumer<String> log) {
        List<String> ids = videoIds == null ? store.completeVideoIds() : videoIds;
        Map<Path, List<String>> byMedia = new LinkedHashMap<>();
        Map<String, AudioResult> results = new LinkedHashMap<>();
        for (String id : ids) {
            if (isUpToDate(store, id)) {
                results.put(id, new AudioResult.UpToDate(id));
                continue;
            }
            Optional<Path> media = AudioSources.mediaFor(input, id);
            if (media.isEmpty()) {
                results.put(id, new AudioResult.NoMedia(id, input));
            } else {
                byMedia.computeIfAbsent(media.get(), k -> new ArrayList<>()).add(id);
            }
        }
        if (log != null) {
            results.values().forEach(r -> log.accept(r.describe()));
        }
        for (Map.Entry<Path, List<String>> e : byMedia.entrySet()) {
            Path media = e.getKey();
            try {
                addFromMedia(store, media, e.getValue(), results);
            } catch (Fer4jException ex) {
                // a corrupt file fails its own videos; the batch goes on (the caller turns failures into the exit code)
                for (String id : e.getValue()) {
                    results.put(id, new AudioResult.Failed(id, media, ex.getMessage()));
                }
            }
            if (log != null) {
                e.getValue().forEach(id -> log.accept(results.get(id).describe()));
            }
        }
        List<AudioResult> ordered = new ArrayList<>();
        for (String id : ids) {
            ordered.add(results.get(id));
        }
        return ordered;
    }

    private void addFromMedia(FeatureStore store, Path media, List<String> ids, Map<String, AudioResult> results) {
        DecodedAudio decoded = AudioDecoder.decode(media);
        if (decoded instanceof DecodedAudio.NoAudioTrack) {
            for (String id : ids) {
                results.put(id, new AudioResult.NoAudioTrack(id, media));
            }
            return;
        }
        DecodedAudio.Samples samples = (DecodedAudio.Samples) decoded;
        AudioEmbeddings rows = embedder.embed(samples.samples(), media);
        for (String id : ids) {
            results.put(id, write(store, id, media, samples.durationSeconds(), rows));
        }
    }

    /** Aligns {@code rows} to video {@code id}'s frame_count and stores them. */
    public AudioResult write(FeatureStore store, String id, Path media, double audioSeconds, AudioEmbeddings rows) {
        StoredVideo video = store.video(id);
        int frames = video.frameCount();
        if (frames < 1) {
            throw new Fer4jException(
                    video.dir().resolve(VideoMeta.FILE_NAME),
                    "frame_count is 0: there are no frames to align audio to; extract the video again");
        }
        double fps = video.meta().fps();
        double videoSeconds = fps > 0 ? frames / fps : Double.NaN;
        String mismatch = null;
        if (fps > 0
                && Math.abs(audioSeconds - videoSeconds)
                        > Math.max(0.5, FrameAlignment.DURATION_MISMATCH_TOLERANCE * videoSeconds)) {
            mismatch = String.format(
                    Locale.ROOT,
                    "the audio lasts %.2f s but the video %.2f s (%d frames at %.3f fps);"
                            + " the audio rows were spread evenly over the frames (docs/CONTRACTS.md §9), so audio and video drift apart"
                            + " — check that %s is the right file",
                    audioSeconds,
                    videoSeconds,
                    frames,
                    fps,
                    media.getFileName());
        }
        float[] aligned = FrameAlignment.align(rows, frames);
        store.addAudio(id, aligned, frames, rows.dim(), video.embeddingsFloat16());
        // record the model beside the store's own "audio" entry (meta.json is rewritten atomically)
        VideoMeta meta = store.video(id).meta().withExtra(MODEL_KEY, provenance());
        AtomicFiles.writeString(video.dir().resolve(VideoMeta.FILE_NAME), meta.toJson());
        return new AudioResult.Written(
                id, media, frames, rows.dim(), rows.rows(), audioSeconds, videoSeconds, mismatch);
    }

    private boolean isUpToDate(FeatureStore store, String id) {
        StoredVideo video = store.video(id);
        Object recorded = video.meta().extras().get(MODEL_KEY);
        return video.hasAudio()
                && Files.isRegularFile(video.dir().resolve(StoredVideo.AUDIO))
                && video.meta().extras().containsKey(VideoMeta.AUDIO_KEY)
                && provenance().equals(recorded);
    }
}
