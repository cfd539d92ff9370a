package io.fer4j.api;

import io.fer4j.engine.Engine;
import io.fer4j.engine.EngineSpec;
import io.fer4j.error.Fer4jException;
import io.fer4j.model.ModelPolicy;
import io.fer4j.prediction.PredictedVideo;
import io.fer4j.store.OutputGuard;
import io.fer4j.vision.decode.VideoFileScanner;
import io.fer4j.vision.decode.VideoSource;
import io.fer4j.vision.extract.FrameImages;
import io.fer4j.vision.extract.StoreExtraction;
import io.fer4j.vision.extract.VideoFeatureExtractor;
import io.fer4j.vision.extract.VideoInfo;
import io.fer4j.vision.extract.VideoSummary;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * fer4j as a library: facial expression labels for every frame of a video, a list of frames or a live stream, with
 * the models loaded once. The same engine and defaults as {@code fer4j predict} and {@code fer4j extract}, except
 * where models come from: a library call never downloads or substitutes a model unless {@link Builder#modelPolicy}
 * says so (default {@link ModelPolicy#OFFLINE}: files, the model cache and the embedded models).
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
    public static final double DEFAULT_FRAME_FPS = EngineSpec.DEFAULT_PREDICT_FOLDER_FPS;

    private final Engine engine;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private Fer4j(Engine engine) {
        this.engine = engine;
    }

    /** A builder with the CLI's defaults, offline. */
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
        return whileOpen(() -> {
            List<VideoFileScanner.Item> items = VideoFileScanner.scan(video);
            if (items.size() != 1) {
                throw new Fer4jException(
                        video,
                        "holds " + items.size() + " videos; pass one video file (call " + "predict once per video)");
            }
            List<PredictedVideo> done = new ArrayList<>(1);
            List<VideoFeatureExtractor.Outcome> outcomes = engine.predictAll(
                    engine.predictExtractor(FrameImages.NONE), items, null, (item, v, thumbnails) -> done.add(v));
            if (!outcomes.get(0).ok()) {
                throw outcomes.get(0).failure();
            }
            return VideoResult.of(
                    done.get(0),
                    RunInfo.of(engine.provenance(items.get(0).path().toString())));
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
        return whileOpen(() -> {
            try (VideoSource source = new FrameListSource("frames", copy, fps)) {
                return VideoResult.of(engine.predict(source, null, "frames"), RunInfo.of(engine.provenance("frames")));
            }
        });
    }

    /** As {@link #newSession(double)} at {@link #DEFAULT_FRAME_FPS}. */
    public Session newSession() {
        return newSession(DEFAULT_FRAME_FPS);
    }

    /**
     * A stream labelled frame by frame with causal post-processing (the live path of {@code fer4j predict --live}).
     * Audio is not used live; an audio-only bundle is refused, and so is a builder with a stride or detect-every
     * (the live path detects and embeds every frame).
     */
    public Session newSession(double fps) {
        if (!(fps > 0)) {
            throw new IllegalArgumentException("fps must be > 0, got " + fps);
        }
        return whileOpen(() -> {
            Engine live = engine.live();
            live.requireVisualBundle();
            Session s = new Session(this, live, fps, lock.readLock());
            sessions.add(s);
            return s;
        });
    }

    /** As {@link #extract(Path, Path, ExtractionListener)} without progress reports. */
    public ExtractionReport extract(Path video, Path store) {
        return extract(video, store, new ExtractionListener() {});
    }

    /**
     * Writes the features of {@code video} (a file, a directory of videos or face-image folders) into the feature
     * store {@code store} (docs/formats.md), as {@code fer4j extract} with this builder's settings; complete videos
     * are skipped.
     *
     * @throws Fer4jException when an input does not exist or the store would overwrite an input
     */
    public ExtractionReport extract(Path video, Path store, ExtractionListener listener) {
        Objects.requireNonNull(video, "video");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(listener, "listener");
        // as fer4j extract: the store is never one of the inputs (a video, the input folder or a face-image folder)
        OutputGuard.overwriting(false).reading("video", video).requireFolder("store", store);
        List<VideoFileScanner.Item> items = VideoFileScanner.scan(video);
        VideoFileScanner.reading(OutputGuard.overwriting(false), items).requireFolder("store", store);
        return whileOpen(() -> {
            StoreExtraction.Report r = engine.extract(engine.storeExtractor(), items, store, new Progress(listener));
            Map<String, String> failed = new LinkedHashMap<>();
            r.failed().forEach(o -> failed.put(o.id(), o.failure().getMessage()));
            return new ExtractionReport(
                    r.extracted().stream().map(VideoSummary::id).toList(), r.skipped(), failed);
        });
    }

    /** The API's listener behind the store writer's. */
    private record Progress(ExtractionListener listener) implements StoreExtraction.Listener {
        @Override
        public void planned(int toExtract, int alreadyComplete) {
            listener.planned(toExtract, alreadyComplete);
        }

        @Override
        public void videoStarted(VideoInfo video) {
            listener.videoStarted(video.id());
        }

        @Override
        public void frameDone(String videoId, int frameIndex) {
            listener.frameDone(videoId, frameIndex);
        }

        @Override
        public void videoDone(VideoSummary summary) {
            listener.videoDone(summary.id(), summary.frameCount());
        }

        @Override
        public void videoFailed(String videoId, RuntimeException error) {
            listener.videoFailed(videoId, error.getMessage());
        }
    }

    /**
     * Why the embedded backbone is used instead of the default one (it could not be had), if it is: only under
     * {@link ModelPolicy#DOWNLOAD_OR_EMBEDDED}.
     */
    public Optional<String> backboneFallback() {
        return whileOpen(() -> engine.models().fallbackReason());
    }

    /** Runs {@code work} with the models held open (close waits for it). */
    private <T> T whileOpen(Supplier<T> work) {
        lock.readLock().lock();
        try {
            requireOpen();
            return work.get();
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
            engine.close();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * What to load and how to run it. Every setting is optional; the defaults are {@code fer4j predict}'s except for
     * the model policy: without a backbone the bundle's (by registry name), else {@code enet_b0_8_best_vgaf} from the
     * model cache (offline; {@link #modelPolicy} may allow a download or the embedded fallback); detector yunet at
     * width 320; no bundle = backbone-only mode; CPU with all cores. Not thread-safe; {@link #build()} may be called
     * again.
     */
    public static final class Builder {
        private final EngineSpec.Builder spec = EngineSpec.builder();

        private Builder() {}

        /** A registry name ({@code fer4j models list}) or an ONNX file path. */
        public Builder backbone(String nameOrFile) {
            spec.backbone(nameOrFile);
            return this;
        }

        /** An ONNX backbone file. */
        public Builder backbone(Path file) {
            return backbone(file.toString());
        }

        /** {@code yunet}, {@code haar} or a YuNet-compatible ONNX file path. */
        public Builder detector(String nameOrFile) {
            spec.detector(nameOrFile);
            return this;
        }

        /** A YuNet-compatible ONNX file. */
        public Builder detector(Path file) {
            return detector(file.toString());
        }

        /**
         * Detect on frames downscaled to this width (boxes map back to full resolution; 0 = detect at full
         * resolution); default 320.
         */
        public Builder detectWidth(int pixels) {
            spec.detectWidth(pixels);
            return this;
        }

        /** YuNet's score threshold (default 0.7). */
        public Builder scoreThreshold(float p) {
            spec.scoreThreshold(p);
            return this;
        }

        /** Run the detector on every K-th frame only, tracking boxes between ({@code --detect-every}; default 1). */
        public Builder detectEvery(int frames) {
            spec.detectEvery(frames);
            return this;
        }

        /** Run the backbone on every K-th face frame only, filling the frames between ({@code --stride}; default 1). */
        public Builder stride(int faceFrames) {
            spec.stride(faceFrames);
            return this;
        }

        /** A bundle from {@code fer4j train}; without it: backbone-only mode. */
        public Builder bundle(Path file) {
            spec.bundle(file);
            return this;
        }

        /** The audio model for bundles with an audio head (fused with weight w; not used in sessions). */
        public Builder audioModel(Path file) {
            spec.audioModel(file);
            return this;
        }

        /** {@code cpu} or {@code cuda[:N]} (cuda needs ONNX Runtime's GPU build). */
        public Builder device(String device) {
            spec.device(device);
            return this;
        }

        /** Cores to use (0 = all, the default), shared between decoding/detection and the backbone. */
        public Builder threads(int n) {
            spec.threads(n);
            return this;
        }

        /** Faces per backbone call, also in sessions once set (default 32 for predict and extract, 1 for sessions). */
        public Builder batchSize(int n) {
            spec.batchSize(n);
            return this;
        }

        /** δ (smoothing half-window in frames) instead of the bundle's or backbone-only mode's. */
        public Builder delta(int frames) {
            spec.deltaFrames(frames);
            return this;
        }

        /** The gate threshold p0 instead of the bundle's (≥ 1 turns the gate off). */
        public Builder p0(double p0) {
            spec.p0(p0);
            return this;
        }

        /** Frame rate of face-image folders (default: 30 when predicting, 0 = unknown when extracting). */
        public Builder folderFps(double fps) {
            spec.folderFps(fps);
            return this;
        }

        /** Where models may come from (default {@link ModelPolicy#OFFLINE}: nothing is downloaded or substituted). */
        public Builder modelPolicy(ModelPolicy policy) {
            spec.modelPolicy(policy);
            return this;
        }

        /** The model cache folder (default: {@code $FER4J_HOME}, {@code -Dfer4j.home} or {@code ~/.cache/fer4j}). */
        public Builder modelCache(Path folder) {
            spec.modelCache(folder);
            return this;
        }

        /**
         * Checks the settings and loads the models.
         *
         * @throws IllegalArgumentException naming the option when a value is out of range
         * @throws Fer4jException           when a file does not exist, a bundle was trained for another backbone, a
         *                                  registry model is not in the cache (offline) or cannot be had
         */
        public Fer4j build() {
            return new Fer4j(Engine.open(spec.build()));
        }
    }
}
