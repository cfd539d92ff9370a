package io.fer4j.vision.extract;

import io.fer4j.store.AtomicFiles;
import io.fer4j.store.FeatureStore;
import io.fer4j.store.StoreVideoWriter;
import io.fer4j.store.VideoMeta;
import io.fer4j.vision.decode.VideoFileScanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Extraction into a feature store (CONTRACTS §3), resumable: a video whose meta.json exists is complete and skipped; an
 * interrupted one (no meta.json, or hidden temporary folders) is removed and redone. Each store video is written
 * to a temporary folder and renamed into place, meta.json last. A video that fails is reported and skipped; the
 * others go on. With {@code allFaces}, video {@code v} becomes {@code v_track1}, {@code v_track2}, … (one per
 * person, numbered by first appearance); {@code v_track1} is written last and records {@code track_count}.
 */
public final class StoreExtraction {
    private static final Pattern TRACK = Pattern.compile("_track\\d+");

    /**
     * @param float16    write embeddings.npy as float16 (halves the store; logits stay float32)
     * @param metaExtras extra meta.json keys (detector, settings) recorded for every video
     */
    public record Settings(boolean float16, Map<String, Object> metaExtras) {
        public Settings {
            metaExtras = java.util.Collections.unmodifiableMap(
                    new LinkedHashMap<>(metaExtras == null ? Map.of() : metaExtras));
        }
    }

    /** Progress callbacks, all on the inference thread. */
    public interface Listener {
        default void planned(int toExtract, int alreadyComplete) {}

        default void videoStarted(VideoInfo video) {}

        default void frameDone(String videoId, int frameIndex) {}

        default void videoDone(VideoSummary summary) {}

        default void videoFailed(String videoId, RuntimeException error) {}
    }

    /** What a run did. */
    public record Report(
            List<VideoSummary> extracted, List<String> skipped, List<VideoFeatureExtractor.Outcome> failed) {
        public boolean allOk() {
            return failed.isEmpty();
        }
    }

    private StoreExtraction() {}

    /** Whether {@code id} is complete in {@code store} (for all-faces runs: all its tracks). */
    public static boolean isComplete(Path store, String id, boolean allFaces) {
        if (!allFaces) {
            return Files.isRegularFile(store.resolve(id).resolve(VideoMeta.FILE_NAME));
        }
        Path first = store.resolve(id + "_track1").resolve(VideoMeta.FILE_NAME);
        if (!Files.isRegularFile(first)) {
            return false;
        }
        try {
            VideoMeta meta = VideoMeta.parse(first, Files.readString(first), 1);
            Object n = meta.extras().get("track_count");
            int count = n instanceof Number num ? num.intValue() : 1;
            for (int k = 2; k <= count; k++) {
                if (!Files.isRegularFile(store.resolve(id + "_track" + k).resolve(VideoMeta.FILE_NAME))) {
                    return false;
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Extracts {@code items} into {@code store}, skipping complete videos. */
    public static Report run(
            VideoFeatureExtractor extractor,
            List<VideoFileScanner.Item> items,
            Path store,
            Settings settings,
            Listener listener) {
        prepareStore(store);
        boolean allFaces = extractor.options().allFaces();
        List<VideoFileScanner.Item> todo = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (VideoFileScanner.Item it : items) {
            if (isComplete(store, it.id(), allFaces)) {
                skipped.add(it.id());
            } else {
                todo.add(it);
            }
        }
        listener.planned(todo.size(), skipped.size());
        List<VideoFeatureExtractor.SourceOpener> openers = new ArrayList<>();
        for (VideoFileScanner.Item it : todo) {
            openers.add(VideoFeatureExtractor.SourceOpener.of(it.id(), () -> {
                removeIncomplete(store, it.id(), allFaces);
                return it.open(
                        extractor.options().decoderThreads(),
                        extractor.options().folderFps());
            }));
        }
        BatchEmbedder emb = extractor.embedder();
        FeatureStore fs = FeatureStore.create(store);
        List<VideoFeatureExtractor.Outcome> outcomes =
                extractor.extractAll(openers, info -> new StoreConsumer(fs, info, emb, settings, allFaces, listener));
        List<VideoSummary> done = new ArrayList<>();
        List<VideoFeatureExtractor.Outcome> failed = new ArrayList<>();
        for (VideoFeatureExtractor.Outcome o : outcomes) {
            if (o.ok()) {
                done.add(o.summary());
            } else {
                failed.add(o);
                listener.videoFailed(o.id(), o.failure());
            }
        }
        return new Report(done, skipped, failed);
    }

    /** Creates the store folder and proves it writable before any video is decoded. */
    static void prepareStore(Path store) {
        try {
            Files.createDirectories(store);
            Path probe = AtomicFiles.tempSibling(store.resolve("write-test"));
            Files.createFile(probe);
            Files.delete(probe);
        } catch (IOException e) {
            throw AtomicFiles.failure(store, "write into", e);
        }
    }

    private static void removeIncomplete(Path store, String id, boolean allFaces) {
        if (isComplete(store, id, allFaces)) {
            return; // completed since the plan (by another process): a complete video is never removed
        }
        try (Stream<Path> s = Files.list(store)) {
            for (Path p : s.toList()) {
                String name = p.getFileName().toString();
                boolean temp = name.startsWith("." + id + ".tmp-")
                        || (allFaces && name.startsWith("." + id + "_track") && name.contains(".tmp-"));
                boolean stale = allFaces
                        ? name.startsWith(id + "_track")
                                && TRACK.matcher(name.substring(id.length())).matches()
                        : name.equals(id) && !Files.isRegularFile(p.resolve(VideoMeta.FILE_NAME));
                if (temp || stale) {
                    AtomicFiles.deleteQuietly(p);
                }
            }
        } catch (IOException e) {
            throw AtomicFiles.failure(store, "list", e);
        }
    }

    private static final class StoreConsumer implements FrameFeaturesConsumer {
        private final FeatureStore store;
        private final VideoInfo info;
        private final BatchEmbedder embedder;
        private final Settings settings;
        private final boolean allFaces;
        private final Listener listener;
        private final Map<Integer, StoreVideoWriter> writers = new TreeMap<>();
        private int dim;
        private int k;

        StoreConsumer(
                FeatureStore store,
                VideoInfo info,
                BatchEmbedder embedder,
                Settings settings,
                boolean allFaces,
                Listener listener) {
            this.store = store;
            this.info = info;
            this.embedder = embedder;
            this.settings = settings;
            this.allFaces = allFaces;
            this.listener = listener;
            this.dim = Math.max(1, embedder.embeddingDim());
            this.k = embedder.outputCount();
        }

        private String storeId(int track) {
            return allFaces ? info.id() + "_track" + track : info.id();
        }

        private StoreVideoWriter writer(int track, int dim, int k) {
            StoreVideoWriter w = writers.get(track);
            if (w == null) {
                w = store.beginVideo(storeId(track), dim, k, settings.float16());
                writers.put(track, w);
            }
            return w;
        }

        @Override
        public void onStart(VideoInfo video) {
            listener.videoStarted(video);
        }

        @Override
        public void onFrame(FrameResult frame) {
            for (FrameFeatures f : frame.faces()) {
                int track = allFaces ? f.trackId() : 1;
                dim = f.embedding().length;
                k = f.logits().length;
                writer(track, dim, k).appendFrame(f.frameIndex(), f.embedding(), 0, f.logits(), 0);
                if (!allFaces) {
                    break; // main face only
                }
            }
            listener.frameDone(frame.videoId(), frame.frameIndex());
        }

        @Override
        public void onEnd(VideoSummary summary) {
            Map<String, Object> extras = new LinkedHashMap<>(settings.metaExtras());
            extras.put("faces_found", summary.framesWithFace());
            if (embedder.classSpace() != null) {
                extras.put(VideoMeta.CLASS_SPACE_KEY, embedder.classSpace());
            }
            // Tracks are numbered 1..n by first appearance; one without a usable crop still gets its (empty) video.
            int count = writers.isEmpty()
                    ? 1
                    : writers.keySet().stream()
                            .mapToInt(Integer::intValue)
                            .max()
                            .orElse(1);
            for (int t = 1; t <= count; t++) {
                if (!writers.containsKey(t)) {
                    writer(t, dim, k);
                }
            }
            VideoMeta base = new VideoMeta(
                    summary.fps(),
                    summary.frameCount(),
                    embedder.name(),
                    embedder.sha256() == null ? "" : embedder.sha256(),
                    dim,
                    extras);
            // track 1 last: its meta.json marks the whole video complete
            for (int t = count; t >= 1; t--) {
                VideoMeta meta = allFaces
                        ? base.withExtra("track_id", t)
                                .withExtra("track_count", count)
                                .withExtra("source_video", info.id())
                        : base;
                writers.remove(t).commit(meta);
            }
            writers.clear();
            listener.videoDone(summary);
        }

        @Override
        public void onAbort(RuntimeException error) {
            for (StoreVideoWriter w : writers.values()) {
                w.abort();
            }
            writers.clear();
        }
    }
}
