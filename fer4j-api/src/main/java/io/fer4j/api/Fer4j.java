package io.fer4j.api;

import io.fer4j.api.pipeline.PredictModels;
import io.fer4j.api.pipeline.VideoCollector;
import io.fer4j.audio.AudioChunking;
import io.fer4j.audio.AudioEmbedderOptions;
import io.fer4j.error.Fer4jException;
import io.fer4j.report.Provenance;
import io.fer4j.vision.decode.VideoFileScanner;
import io.fer4j.vision.decode.VideoSource;
import io.fer4j.vision.detect.FaceDetector;
import io.fer4j.vision.extract.ExtractionOptions;
import io.fer4j.vision.extract.StoreExtraction;
import io.fer4j.vision.extract.VideoFeatureExtractor;
import io.fer4j.vision.registry.ModelResolver;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * fer4j as a library: facial expression labels for every frame of a video, a list of frames or a live stream, with
 * the models loaded once. The same pipeline and defaults as {@code fer4j predict} (whose commands are a layer over
 * this class):
 *
 * <pre>{@code
 * try (Fer4j fer4j = Fer4j.builder().backbone("faceapi_expression").build()) {
 *     VideoResult r = fer4j.predict(Path.of("interview.mp4"));
 *     for (FrameLabel f : r.frames()) {
 *         System.out.println(f.frameIndex() + " " + f.label() + " " + f.probability(f.label()));
 *     }
 *     System.out.println(r.summary().dominant());
 * }
 * }</pre>
 *
 * <p>Thread-safe: any number of threads may call {@link #predict}, {@link #extract} and {@link #newSession} at once
 * (each call runs its own decode/detect thread; the backbone session is shared). {@link #close()} waits for running
 * calls and open sessions, then releases the native sessions; closing twice is harmless, any call after it throws
 * {@link IllegalStateException}. Bad arguments fail with the same {@link Fer4jException} messages as the CLI.
 */
public final class Fer4j implements AutoCloseable {
    /** Frame rate assumed for frame lists and sessions when none is given (as {@code --folder-fps}). */
    public static final double DEFAULT_FRAME_FPS = 30;

    private final PredictModels models;
    private final int batchSize;
    private final Map<String, Object> parameters;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private Fer4j(PredictModels models, int batchSize, Map<String, Object> parameters) {
        this.models = models;
        this.batchSize = batchSize;
        this.parameters = parameters;
    }

    /** A builder with the CLI's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Labels every frame of one video file (or face-image folder) with the centred post-processing of
     * {@code fer4j predict} (fill, fuse with audio where the bundle has an audio head, smooth, gate).
     *
     * @throws Fer4jException when the file does not exist, cannot be decoded, or holds no frames
     */
    public VideoResult predict(Path video) {
        Objects.requireNonNull(video, "video");
        return withModels(m -> {
            List<VideoFileScanner.Item> items = VideoFileScanner.scan(video);
            if (items.size() != 1) {
                throw new Fer4jException(video, "holds " + items.size() + " videos; pass one video file (call "
                        + "predict once per video)");
            }
            VideoFileScanner.Item item = items.get(0);
            try (VideoSource source = item.open(0, DEFAULT_FRAME_FPS)) {
                return run(source, item.faceFolder() ? null : item.path(), item.path().toString());
            }
        });
    }

    /** As {@link #predict(List, double)} at {@link #DEFAULT_FRAME_FPS}. */
    public VideoResult predict(List<BufferedImage> frames) {
        return predict(frames, DEFAULT_FRAME_FPS);
    }

    /**
     * Labels an already decoded video: {@code frames} in order, all of one size (any {@link BufferedImage} type;
     * {@code TYPE_3BYTE_BGR} is read without conversion), frame k at (k-1)/fps seconds. No audio.
     *
     * @throws Fer4jException when the list is empty or the frames differ in size
     */
    public VideoResult predict(List<BufferedImage> frames, double fps) {
        Objects.requireNonNull(frames, "frames");
        if (!(fps > 0)) {
            throw new IllegalArgumentException("fps must be > 0, got " + fps);
        }
        if (frames.isEmpty()) {
            throw new Fer4jException("no frames were given; pass at least one frame");
        }
        Frames check = new Frames();
        frames.forEach(check::check);
        List<BufferedImage> copy = List.copyOf(frames);
        return withModels(m -> {
            try (VideoSource source = new FrameListSource("frames", copy, fps)) {
                return run(source, null, "frames");
            }
        });
    }

    private VideoResult run(VideoSource source, Path media, String label) {
        VideoCollector collector = new VideoCollector(models, media, label, null);
        ExtractionOptions opts = models.threadBudget().applyTo(ExtractionOptions.defaults()).withBatchSize(batchSize)
                .withFolderFps(DEFAULT_FRAME_FPS);
        new VideoFeatureExtractor(models.embedder(), models.detectors(), opts).extract(source, collector);
        // from the models this call holds: a close() waiting for this call must not turn its result into a failure
        return VideoResult.of(collector.result(), provenanceOf(models, label, false));
    }

    /** As {@link #newSession(double)} at {@link #DEFAULT_FRAME_FPS}. */
    public Session newSession() {
        return newSession(DEFAULT_FRAME_FPS);
    }

    /**
     * A stream labelled frame by frame with causal post-processing (the live path). Audio is not used live; an
     * audio-only bundle is refused.
     */
    public Session newSession(double fps) {
        if (!(fps > 0)) {
            throw new IllegalArgumentException("fps must be > 0, got " + fps);
        }
        return withModels(m -> {
            if (m.bundle() != null && !m.bundle().modality().usesVisual()) {
                throw new IllegalArgumentException("this bundle predicts from audio only; live labelling uses faces "
                        + "(audio is not used live): use a visual bundle");
            }
            // batch 1, one frame queued: each frame's label comes before the next frame is needed
            ExtractionOptions opts = m.threadBudget().applyTo(ExtractionOptions.defaults()).withBatchSize(1)
                    .withQueueFrames(1)
                    .withFlushMillis(1);
            Session s = new Session(this, m, opts, fps, lock.readLock());
            sessions.add(s);
            return s;
        });
    }

    /**
     * Writes the features of {@code video} (a file, a directory of videos or face-image folders) into the feature
     * store {@code store} (DESIGN §3), as {@code fer4j extract} with its defaults; complete videos are skipped.
     */
    public StoreExtraction.Report extract(Path video, Path store) {
        Map<String, Object> extras = new LinkedHashMap<>();
        extras.put("detector", withModels(PredictModels::detectorName));
        extras.put("detect_width", parameters.get("detect_width"));
        extras.put("crop_margin", 0f);
        extras.put("all_faces", false);
        return extract(video, store, withModels(PredictModels::threadBudget).applyTo(ExtractionOptions.defaults())
                        .withBatchSize(batchSize),
                new StoreExtraction.Settings(false, extras), new StoreExtraction.Listener() { });
    }

    /** As {@link #extract(Path, Path)} with explicit pipeline options, store settings and progress listener. */
    public StoreExtraction.Report extract(Path video, Path store, ExtractionOptions options,
                                          StoreExtraction.Settings settings, StoreExtraction.Listener listener) {
        Objects.requireNonNull(video, "video");
        Objects.requireNonNull(store, "store");
        // as fer4j extract: the store is never one of the inputs (a video, the input folder or a face-image folder)
        io.fer4j.store.OutputGuard.overwriting(false).reading("video", video).requireFolder("store", store);
        List<VideoFileScanner.Item> items = VideoFileScanner.scan(video);
        VideoFileScanner.reading(io.fer4j.store.OutputGuard.overwriting(false), items).requireFolder("store", store);
        return withModels(m -> StoreExtraction.run(new VideoFeatureExtractor(m.embedder(), m.detectors(), options),
                items, store, settings, listener));
    }

    /** Provenance of a run on {@code input}: models with sha256, bundle facts, δ/p0/w, version, time. */
    public Provenance provenance(String input, boolean live) {
        return withModels(m -> provenanceOf(m, input, live));
    }

    /** {@link #provenance} from models the caller already holds (inside {@link #withModels}). */
    private Provenance provenanceOf(PredictModels m, String input, boolean live) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("input", input);
        p.put("live", live);
        p.putAll(parameters);
        p.remove("detector");
        p.put("batch", live ? 1 : batchSize);
        return m.provenance(p);
    }

    /**
     * Runs {@code work} on the loaded models, which stay open until it returns (for the CLI's runners and other code
     * that drives the pipeline itself; do not keep the models beyond the call).
     */
    public <T> T withModels(Function<PredictModels, T> work) {
        lock.readLock().lock();
        try {
            requireOpen();
            return work.apply(models);
        } finally {
            lock.readLock().unlock();
        }
    }

    void requireOpen() {
        if (closed) {
            throw new IllegalStateException("this Fer4j is closed; build a new one with Fer4j.builder()");
        }
    }

    void closed(Session s) {
        sessions.remove(s);
    }

    /** Closes open sessions, waits for running calls, then releases the native sessions. Harmless twice. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        for (Session s : new ArrayList<>(sessions)) {
            s.close();
        }
        lock.writeLock().lock();
        try {
            models.close();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * What to load. Every setting is optional; the defaults are {@code fer4j predict}'s: without a backbone the
     * bundle's (by registry name), else {@code enet_b0_8_best_vgaf} when cached or downloadable, else the embedded
     * {@code faceapi_expression} (works offline; {@link #backboneFallback} says why); detector yunet at width 320;
     * no bundle = backbone-only mode; CPU with all cores. Not thread-safe; {@link #build()} may be called again.
     */
    public static final class Builder {
        private final PredictModels.Choice.Builder choice = PredictModels.Choice.builder();
        private FaceDetector.Factory detectorFactory;
        private ModelResolver resolver;
        private int batchSize = ExtractionOptions.DEFAULT_BATCH;
        private String detectorName = "yunet";
        private int detectWidth = 320;
        private String device = "cpu";
        private int threads;

        private Builder() {
        }

        /** A registry name ({@code fer4j models list}) or an ONNX file path. */
        public Builder backbone(String nameOrFile) {
            choice.backbone(nameOrFile);
            return this;
        }

        /** An ONNX backbone file. */
        public Builder backbone(Path file) {
            return backbone(file.toString());
        }

        /** {@code yunet}, {@code haar} or a YuNet-compatible ONNX file path. */
        public Builder detector(String nameOrFile) {
            choice.detector(nameOrFile);
            detectorName = nameOrFile;
            detectorFactory = null;
            return this;
        }

        /** A YuNet-compatible ONNX file. */
        public Builder detector(Path file) {
            return detector(file.toString());
        }

        /** Your own detector: one is created per pipeline thread. */
        public Builder detector(FaceDetector.Factory factory) {
            detectorFactory = Objects.requireNonNull(factory, "factory");
            detectorName = "custom";
            return this;
        }

        /**
         * Detect on frames downscaled to this width (boxes map back to full resolution; 0 = detect at full
         * resolution); default 320.
         */
        public Builder detectWidth(int pixels) {
            if (pixels < 0) {
                throw new IllegalArgumentException("detectWidth must be >= 0 pixels (0 = full resolution), got "
                        + pixels);
            }
            choice.detectWidth(pixels);
            detectWidth = pixels;
            return this;
        }

        /** YuNet's score threshold (default 0.7). */
        public Builder scoreThreshold(float p) {
            choice.scoreThreshold(p);
            return this;
        }

        /** A bundle from {@code fer4j train}; without it: backbone-only mode. */
        public Builder bundle(Path file) {
            choice.bundle(file);
            return this;
        }

        /** The audio model for bundles with an audio head (fused with weight w; not used in sessions). */
        public Builder audioModel(Path file) {
            choice.audioModel(file);
            return this;
        }

        /** {@code cpu} or {@code cuda[:N]} (cuda needs ONNX Runtime's GPU build). */
        public Builder device(String device) {
            choice.device(device);
            this.device = device;
            return this;
        }

        /** Cores to use (0 = all, the default), shared by {@link io.fer4j.vision.extract.ThreadBudget}. */
        public Builder threads(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("threads (--threads) must be >= 0 (0 = all cores), got " + n);
            }
            choice.threads(n);
            threads = n;
            return this;
        }

        /** Faces per backbone call for {@link Fer4j#predict} and {@link Fer4j#extract} (default 32). */
        public Builder batchSize(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("batchSize must be at least 1, got " + n);
            }
            batchSize = n;
            return this;
        }

        /** δ (smoothing half-window in frames) instead of the bundle's or backbone-only mode's. */
        public Builder delta(int frames) {
            choice.deltaOverride(frames);
            return this;
        }

        /** The gate threshold p0 instead of the bundle's (≥ 1 turns the gate off). */
        public Builder p0(double p0) {
            choice.p0Override(p0);
            return this;
        }

        /** Where registry names are looked up and downloaded (default: the user's model cache). */
        public Builder modelResolver(ModelResolver resolver) {
            this.resolver = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        /**
         * Loads the models.
         *
         * @throws Fer4jException when a file does not exist, a bundle was trained for another backbone, a registry
         *                        model cannot be had
         */
        public Fer4j build() {
            choice.audioOptions(new AudioEmbedderOptions(AudioChunking.ofSeconds(1.0, 0.0), true, 8, threads));
            PredictModels m = PredictModels.load(choice.build(), resolver == null ? ModelResolver.defaults() : resolver,
                    detectorFactory);
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("detector", detectorName);
            p.put("detect_width", detectWidth);
            p.put("device", device);
            p.put("threads", threads == 0 ? "all cores" : threads);
            return new Fer4j(m, batchSize, p);
        }
    }

    /** Why the embedded backbone is used instead of the default one (it could not be had offline), if it is. */
    public java.util.Optional<String> backboneFallback() {
        return withModels(PredictModels::backboneFallback);
    }
}
