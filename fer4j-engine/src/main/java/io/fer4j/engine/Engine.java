package io.fer4j.engine;

import io.fer4j.prediction.FramePrediction;
import io.fer4j.prediction.PredictedVideo;
import io.fer4j.prediction.PredictionProvenance;
import io.fer4j.report.Thumbnail;
import io.fer4j.store.FeatureStore;
import io.fer4j.vision.decode.VideoFileScanner;
import io.fer4j.vision.decode.VideoSource;
import io.fer4j.vision.extract.ExtractionOptions;
import io.fer4j.vision.extract.FrameFeaturesConsumer;
import io.fer4j.vision.extract.FrameImages;
import io.fer4j.vision.extract.FrameResult;
import io.fer4j.vision.extract.StoreExtraction;
import io.fer4j.vision.extract.VideoFeatureExtractor;
import io.fer4j.vision.extract.VideoInfo;
import io.fer4j.vision.extract.VideoSummary;
import io.fer4j.vision.registry.ModelCache;
import io.fer4j.vision.registry.ModelResolver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The one pipeline under every entry point: {@link #open} turns an {@link EngineSpec} into loaded models, and the
 * methods here run them — whole videos with centred post-processing ({@link #predictAll}, {@link #predict}), a stream
 * frame by frame with causal post-processing ({@link #live}), or features into a store ({@link #extract}). The
 * command line, the Java API and the Spark executors keep only what is their own (options and console output; the
 * Java surface; task distribution).
 *
 * <p>Thread-safe: the backbone session is shared; each run has its own decode/detect thread and collector. Closing
 * releases the native sessions (callers make sure no run is in flight).
 */
public final class Engine implements AutoCloseable {
    /**
     * Frames queued between decoding and inference on the live path: a frame waits for at most two others, so
     * latency stays bounded when inference is slower than the source (a camera's driver then drops frames; a paced
     * file falls behind real time). A caller that hands in one frame at a time never fills it.
     */
    public static final int LIVE_QUEUE_FRAMES = 2;
    /** Frames kept as thumbnails for the report. */
    public static final int THUMBNAIL_CAPACITY = VideoCollector.THUMBNAIL_CAPACITY;

    private final EngineSpec spec;
    private final LoadedModels models;
    private final boolean ownsModels;
    /** The live view, made once (building it checks the specification again). */
    private volatile Engine liveView;

    private Engine(EngineSpec spec, LoadedModels models, boolean ownsModels) {
        this.spec = spec;
        this.models = models;
        this.ownsModels = ownsModels;
    }

    /** Loads the models of {@code spec} from the user's model cache (or the spec's), downloads logged via SLF4J. */
    public static Engine open(EngineSpec spec) {
        return open(spec, ModelResolver.defaults().withProgress(LoggedDownload::new));
    }

    /**
     * Loads the models of {@code spec} through {@code resolver} (its registry, cache and progress reports; the spec's
     * model policy and cache folder apply).
     *
     * @throws io.fer4j.error.Fer4jException when a model cannot be had under the policy, or a bundle does not fit
     */
    public static Engine open(EngineSpec spec, ModelResolver resolver) {
        return new Engine(spec, ModelLoading.load(spec, resolverFor(spec, resolver), true), true);
    }

    /**
     * As {@link #open(EngineSpec, ModelResolver)} for these inputs: when every one is a face-image folder (its frames
     * are faces) no face detector is resolved or loaded.
     */
    public static Engine open(EngineSpec spec, ModelResolver resolver, List<VideoFileScanner.Item> inputs) {
        boolean needsDetector = inputs.stream().anyMatch(i -> !i.faceFolder());
        return new Engine(spec, ModelLoading.load(spec, resolverFor(spec, resolver), needsDetector), true);
    }

    private static ModelResolver resolverFor(EngineSpec spec, ModelResolver base) {
        ModelResolver r = base.withPolicy(spec.modelPolicy());
        return spec.modelCache() == null ? r : r.withCache(new ModelCache(spec.modelCache()));
    }

    /**
     * This engine's models under another specification of the same models (delivery, batch, stride: what runs, not
     * what loads), checked as it is built. Closing the view leaves the models open.
     */
    public Engine with(EngineSpec other) {
        return new Engine(other, models, false);
    }

    /** The live view of this engine ({@link EngineSpec.Delivery#LIVE}); fails as the spec does (e.g. with a stride). */
    public Engine live() {
        if (spec.delivery() == EngineSpec.Delivery.LIVE) {
            return this;
        }
        Engine v = liveView;
        if (v == null) {
            v = with(spec.toBuilder().delivery(EngineSpec.Delivery.LIVE).build());
            liveView = v;
        }
        return v;
    }

    public EngineSpec spec() {
        return spec;
    }

    public LoadedModels models() {
        return models;
    }

    /** The run settings recorded in every prediction's provenance (the CLI's order: input, live, detect width...). */
    public Map<String, Object> runParameters(String input) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("input", input);
        p.put("live", spec.delivery() == EngineSpec.Delivery.LIVE);
        p.put("detect_width", spec.detectWidth());
        p.put("device", spec.device());
        p.put("batch", spec.batchSize());
        p.put("threads", spec.threads() == 0 ? "all cores" : spec.threads());
        spec.recordSampling(p);
        return p;
    }

    /** What ran on {@code input}: models with sha256, bundle facts, δ/p0/w, run settings, version, time. */
    public PredictionProvenance provenance(String input) {
        return provenance(runParameters(input));
    }

    /** What ran, with the given run settings ({@link #runParameters} or a caller's own). */
    public PredictionProvenance provenance(Map<String, Object> runParameters) {
        return RunProvenance.of(models, runParameters);
    }

    /** The extraction pipeline for predicting files with this specification (cancel it to stop a run). */
    public VideoFeatureExtractor predictExtractor(FrameImages images) {
        return new VideoFeatureExtractor(
                models.embedder(),
                models.detectors(),
                spec.extractionOptions(models.threadBudget(), true)
                        .withFrameImages(images)
                        .withPeople(models.peopleTracking(spec.maxPeople())));
    }

    /** The extraction pipeline for writing a feature store with this specification (cancel it to stop a run). */
    public VideoFeatureExtractor storeExtractor() {
        return new VideoFeatureExtractor(
                models.embedder(),
                models.detectors(),
                spec.extractionOptions(models.threadBudget(), false)
                        .withPeople(models.peopleTracking(spec.maxPeople())));
    }

    /** Receives each video {@link #predictAll} finished, on the inference thread, in input order. */
    public interface VideoSink {
        /** Video {@code id} starts (its first frame is decoded). */
        default void started(String videoId) {}

        /** @param item the input it came from; {@code thumbnails} sampled faces for the report */
        void finished(VideoFileScanner.Item item, PredictedVideo video, List<Thumbnail> thumbnails);

        /**
         * As {@link #finished(VideoFileScanner.Item, PredictedVideo, List)}, with each person's face in people mode
         * ({@code personThumbnails}: person id → their largest sampled face; empty in main-person mode).
         */
        default void finished(
                VideoFileScanner.Item item,
                PredictedVideo video,
                List<Thumbnail> thumbnails,
                Map<Integer, Thumbnail> personThumbnails) {
            finished(item, video, thumbnails);
        }
    }

    /**
     * Labels every input with centred post-processing (CONTRACTS §7), one video after another (the next one's decoding
     * overlaps the current one's inference). A video that fails is reported in its outcome; the others go on.
     *
     * @param extractor from {@link #predictExtractor}
     * @param keep      store to tee features into ({@code --keep-features}), or null
     */
    public List<VideoFeatureExtractor.Outcome> predictAll(
            VideoFeatureExtractor extractor, List<VideoFileScanner.Item> items, FeatureStore keep, VideoSink sink) {
        Map<String, VideoFileScanner.Item> byId = new HashMap<>();
        List<VideoFeatureExtractor.SourceOpener> openers = new ArrayList<>();
        double folderFps = spec.folderFps(true);
        for (VideoFileScanner.Item it : items) {
            byId.put(it.id(), it);
            openers.add(VideoFeatureExtractor.SourceOpener.of(it.id(), () -> it.open(0, folderFps)));
        }
        return extractor.extractAll(openers, info -> {
            VideoFileScanner.Item item = byId.get(info.id());
            PredictionCollector c = collector(
                    item == null || item.faceFolder() ? null : item.path(),
                    item == null ? info.id() : item.path().toString(),
                    keep);
            return new DeliveringCollector(c, item, sink);
        });
    }

    /** The collector of this specification: one timeline per video, or every person's in people mode. */
    private PredictionCollector collector(Path media, String label, FeatureStore keep) {
        if (spec.people() == EngineSpec.People.EVERY_PERSON) {
            if (keep != null) {
                throw new IllegalArgumentException("--keep-features stores one face per frame and --people follows "
                        + "every person: use `fer4j extract --people` to store each person's features");
            }
            return new PeopleCollector(models, media, label);
        }
        return new VideoCollector(models, media, label, keep);
    }

    /** Hands a collector's finished video to the sink. */
    private record DeliveringCollector(PredictionCollector collector, VideoFileScanner.Item item, VideoSink sink)
            implements FrameFeaturesConsumer {
        @Override
        public void onStart(VideoInfo video) {
            sink.started(video.id());
            collector.onStart(video);
        }

        @Override
        public void onFrame(FrameResult frame) {
            collector.onFrame(frame);
        }

        @Override
        public void onEnd(VideoSummary summary) {
            collector.onEnd(summary);
            sink.finished(item, collector.result(), collector.thumbnails(), collector.personThumbnails());
        }

        @Override
        public void onAbort(RuntimeException error) {
            collector.onAbort(error);
        }
    }

    /**
     * Labels one source with centred post-processing.
     *
     * @param media the file to read audio from (null: no audio)
     * @param label the source as the result names it
     */
    public PredictedVideo predict(VideoSource source, Path media, String label) {
        PredictionCollector c = collector(media, label, null);
        predictExtractor(FrameImages.NONE).extract(source, c);
        return c.result();
    }

    /** Receives each live label as soon as its frame is through the backbone, on the inference thread. */
    public interface LiveSink {
        default void started(VideoInfo video) {}

        /** {@code frame} (its images, if asked for) and its causal label. */
        void labelled(FrameResult frame, FramePrediction label);

        /** The stream failed after {@link #started} (decoding error, or this sink's own): release what it holds. */
        default void aborted(RuntimeException error) {}
    }

    /**
     * The live path: each frame detected, embedded at the live batch and labelled with the causal post-processing of
     * CONTRACTS §7 (smoothing over the last 2δ+1 frames) as soon as it is through the backbone. Runs until the source
     * ends. Requires the {@link #live()} view; an audio-only bundle is refused (audio is not used live).
     */
    public VideoSummary live(VideoSource source, FrameImages images, LiveSink sink) {
        if (spec.delivery() != EngineSpec.Delivery.LIVE) {
            throw new IllegalStateException("the live path runs on the engine's live() view");
        }
        requireVisualBundle();
        ExtractionOptions opts = models.threadBudget()
                .applyTo(ExtractionOptions.defaults())
                .withBatchSize(spec.batchSize())
                .withQueueFrames(LIVE_QUEUE_FRAMES)
                .withFlushMillis(1)
                .withFrameImages(images)
                .withPeople(models.peopleTracking(spec.maxPeople()));
        CausalLabeller labeller = new CausalLabeller(models);
        return new VideoFeatureExtractor(models.embedder(), models.detectors(), opts)
                .extract(source, new FrameFeaturesConsumer() {
                    @Override
                    public void onStart(VideoInfo video) {
                        sink.started(video);
                    }

                    @Override
                    public void onFrame(FrameResult frame) {
                        sink.labelled(frame, labeller.label(frame));
                    }

                    @Override
                    public void onAbort(RuntimeException error) {
                        sink.aborted(error);
                    }
                });
    }

    /** Refuses an audio-only bundle on the live path, before any frame is read. */
    public void requireVisualBundle() {
        if (models.bundle() != null && !models.bundle().modality().usesVisual()) {
            throw new IllegalArgumentException("this bundle predicts from audio only; live mode labels faces "
                    + "(audio is not used live): use a visual bundle");
        }
    }

    /** The meta.json keys every store video of this specification records (detector and sampling settings). */
    public Map<String, Object> storeMetadata() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("detector", models.detectors() == null ? spec.detector() : models.detectorName());
        m.put("detect_width", spec.detectWidth());
        m.put("crop_margin", spec.cropMargin());
        m.put("all_faces", spec.allFaces());
        spec.recordSampling(m);
        return m;
    }

    /**
     * Writes the features of {@code items} into the feature store {@code store} (CONTRACTS §3); complete videos are
     * skipped, interrupted ones redone.
     *
     * @param extractor from {@link #storeExtractor}
     */
    public StoreExtraction.Report extract(
            VideoFeatureExtractor extractor,
            List<VideoFileScanner.Item> items,
            Path store,
            StoreExtraction.Listener listener) {
        return extract(extractor, items, store, Map.of(), listener);
    }

    /**
     * As {@link #extract(VideoFeatureExtractor, List, Path, StoreExtraction.Listener)}, with {@code writer} recorded
     * in meta.json after {@link #storeMetadata()} (e.g. Spark's {@code extracted_by}).
     */
    public StoreExtraction.Report extract(
            VideoFeatureExtractor extractor,
            List<VideoFileScanner.Item> items,
            Path store,
            Map<String, Object> writer,
            StoreExtraction.Listener listener) {
        Objects.requireNonNull(listener, "listener");
        Map<String, Object> meta = storeMetadata();
        meta.putAll(writer);
        return StoreExtraction.run(
                extractor, items, store, new StoreExtraction.Settings(spec.float16(), meta), listener);
    }

    /** Releases the native sessions (not for a {@link #with} view). */
    @Override
    public void close() {
        if (ownsModels) {
            models.close();
        }
    }
}
