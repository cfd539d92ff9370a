package io.fer4j.engine;

import io.fer4j.audio.AudioEmbedderOptions;
import io.fer4j.bundle.BackboneInfo;
import io.fer4j.bundle.BundleCompatibility;
import io.fer4j.model.ModelPolicy;
import io.fer4j.store.Sha256;
import io.fer4j.vision.detect.FaceDetector;
import io.fer4j.vision.detect.YuNetDetector;
import io.fer4j.vision.extract.ExtractionOptions;
import io.fer4j.vision.extract.ThreadBudget;
import io.fer4j.vision.registry.ModelEntry;
import io.fer4j.vision.registry.ModelRegistry;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one pipeline runs, as one immutable value (in the spirit of DJL's {@code Criteria}): the backbone, the face
 * detector and its schedule, the frame stride, device and cores, the bundle and audio model, the post-processing
 * overrides and where models may come from. {@code fer4j predict} (files and {@code --live}), {@code fer4j extract},
 * the Java API and the Spark executors all describe their run with one and hand it to {@link Engine#open}; every
 * option means the same everywhere.
 *
 * <p>Made by {@link #builder()} (or {@link #toBuilder()} from another), checked when built: a specification that
 * cannot work fails there, naming the option. Values left unset take the defaults below, kept here only.
 */
public final class EngineSpec {
    /** The backbone without {@code --backbone} and without a bundle: the paper's. */
    public static final String DEFAULT_BACKBONE = "enet_b0_8_best_vgaf";
    /** The face detector without {@code --detector}. */
    public static final String DEFAULT_DETECTOR = "yunet";
    /** Detection runs on frames downscaled to this width (pixels) unless {@code --detect-width} says otherwise. */
    public static final int DEFAULT_DETECT_WIDTH = 320;
    /** Faces per backbone call on files; live runs use {@link #LIVE_BATCH} unless a batch is given. */
    public static final int DEFAULT_BATCH = ExtractionOptions.DEFAULT_BATCH;
    /** Live runs label each frame as soon as it is through the backbone: no waiting for a batch to fill. */
    public static final int LIVE_BATCH = 1;
    /** Frame rate assumed for face-image folders when predicting (times are needed for the CSV). */
    public static final double DEFAULT_PREDICT_FOLDER_FPS = 30;

    /** Faces tracked per frame at most in people mode unless {@code --max-people} says otherwise. */
    public static final int DEFAULT_MAX_PEOPLE = io.fer4j.vision.people.PeopleTracking.DEFAULT_MAX_PEOPLE;

    /** People mode's detector confidence floor: low-confidence faces keep tracks through partial occlusion. */
    public static final float PEOPLE_DETECTOR_SCORE = 0.3f;

    /** Whose expressions a run labels. */
    public enum People {
        /** One main face per frame, one timeline per video ({@code --main-person}, the default). */
        MAIN_PERSON,
        /** Every person, each with a stable id and the whole method on their own frames ({@code --people}). */
        EVERY_PERSON
    }

    /** How the run delivers labels: whole videos (centred post-processing) or frame by frame (causal). */
    public enum Delivery {
        FILES,
        LIVE
    }

    private final String backbone;
    private final String detector;
    private final FaceDetector.Factory detectorFactory;
    private final int detectWidth;
    private final float scoreThreshold;
    private final int detectEvery;
    private final int stride;
    private final Integer batchSize;
    private final int threads;
    private final String device;
    private final Path bundle;
    private final Path audioModel;
    private final AudioEmbedderOptions audioOptions;
    private final Integer deltaFrames;
    private final Double p0;
    private final ModelPolicy modelPolicy;
    private final Path modelCache;
    private final Delivery delivery;
    private final Double folderFps;
    private final Integer decoderThreads;
    private final float cropMargin;
    private final boolean allFaces;
    private final boolean float16;
    private final People people;
    private final int maxPeople;

    private EngineSpec(Builder b) {
        this.backbone = b.backbone;
        this.detector = b.detector;
        this.detectorFactory = b.detectorFactory;
        this.detectWidth = b.detectWidth;
        this.scoreThreshold = b.scoreThreshold;
        this.detectEvery = b.detectEvery;
        this.stride = b.stride;
        this.batchSize = b.batchSize;
        this.threads = b.threads;
        this.device = b.device;
        this.bundle = b.bundle;
        this.audioModel = b.audioModel;
        this.audioOptions = b.audioOptions;
        this.deltaFrames = b.deltaFrames;
        this.p0 = b.p0;
        this.modelPolicy = b.modelPolicy;
        this.modelCache = b.modelCache;
        this.delivery = b.delivery;
        this.folderFps = b.folderFps;
        this.decoderThreads = b.decoderThreads;
        this.cropMargin = b.cropMargin;
        this.allFaces = b.allFaces;
        this.float16 = b.float16;
        this.people = b.people;
        this.maxPeople = b.maxPeople;
    }

    /** Every setting at its default: files, no bundle, the default backbone, yunet at width 320, CPU, all cores. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this specification's values, to change some of them. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Registry name or ONNX file, or null: the bundle's backbone, else {@link #DEFAULT_BACKBONE}. */
    public String backbone() {
        return backbone;
    }

    /** True when no backbone was named and there is no bundle: {@link #DEFAULT_BACKBONE}, the policy's fallback. */
    public boolean usesDefaultBackbone() {
        return backbone == null && bundle == null;
    }

    /** {@code yunet}, {@code haar} or a YuNet-compatible ONNX file. */
    public String detector() {
        return detector;
    }

    /** A caller's own detector instead of {@link #detector()}, or empty. Not part of {@link #equals}. */
    public Optional<FaceDetector.Factory> detectorFactory() {
        return Optional.ofNullable(detectorFactory);
    }

    public int detectWidth() {
        return detectWidth;
    }

    public float scoreThreshold() {
        return scoreThreshold;
    }

    /**
     * The confidence the detector reports faces down to: {@link #scoreThreshold()}, or in people mode at most
     * {@link #PEOPLE_DETECTOR_SCORE} — the tracker keeps a partly hidden face's track alive with such a detection but
     * starts tracks only from confident ones ({@link io.fer4j.vision.people.PeopleTracker}, ByteTrack's idea).
     */
    public float detectorScoreThreshold() {
        return people == People.EVERY_PERSON ? Math.min(scoreThreshold, PEOPLE_DETECTOR_SCORE) : scoreThreshold;
    }

    /** The detector runs on every K-th frame (1 = every frame); tracking carries boxes between. */
    public int detectEvery() {
        return detectEvery;
    }

    /** The backbone runs on every K-th face frame (1 = every one); the frames between are filled. */
    public int stride() {
        return stride;
    }

    /** Faces per backbone call: the one given, else {@link #DEFAULT_BATCH} on files and {@link #LIVE_BATCH} live. */
    public int batchSize() {
        return batchSize != null ? batchSize : delivery == Delivery.LIVE ? LIVE_BATCH : DEFAULT_BATCH;
    }

    /** Cores to use (0 = all). */
    public int threads() {
        return threads;
    }

    /** {@code cpu} or {@code cuda[:N]}. */
    public String device() {
        return device;
    }

    /** The bundle file, or null: backbone-only mode. */
    public Path bundle() {
        return bundle;
    }

    /** The audio model for bundles with an audio head, or null. */
    public Path audioModel() {
        return audioModel;
    }

    /** The audio embedder's settings: the given ones, else CONTRACTS §9's on {@link #threads()} cores. */
    public AudioEmbedderOptions audioOptions() {
        if (audioOptions != null) {
            return audioOptions;
        }
        AudioEmbedderOptions d = AudioEmbedderOptions.DEFAULTS;
        return new AudioEmbedderOptions(d.chunking(), d.normalize(), d.batchChunks(), Math.max(0, threads));
    }

    /** δ instead of the bundle's (or backbone-only mode's), or empty. */
    public Optional<Integer> deltaFrames() {
        return Optional.ofNullable(deltaFrames);
    }

    /** p0 instead of the bundle's, or empty. */
    public Optional<Double> p0() {
        return Optional.ofNullable(p0);
    }

    public ModelPolicy modelPolicy() {
        return modelPolicy;
    }

    /** The model cache folder, or null: {@code $FER4J_HOME}, {@code -Dfer4j.home} or {@code ~/.cache/fer4j}. */
    public Path modelCache() {
        return modelCache;
    }

    public Delivery delivery() {
        return delivery;
    }

    /** Frame rate of face-image folders: the one given, else 30 when predicting and 0 (unknown) when extracting. */
    public double folderFps(boolean predicting) {
        return folderFps != null ? folderFps : predicting ? DEFAULT_PREDICT_FOLDER_FPS : 0;
    }

    /** FFmpeg decoder threads (0 = FFmpeg's choice), or empty: the thread budget's. */
    public Optional<Integer> decoderThreads() {
        return Optional.ofNullable(decoderThreads);
    }

    /** Crop margin as a fraction of the box size on each side (CONTRACTS §4: 0). */
    public float cropMargin() {
        return cropMargin;
    }

    /** One store video per tracked person (extract only). */
    public boolean allFaces() {
        return allFaces;
    }

    /** Main person or every person. */
    public People people() {
        return people;
    }

    /** People mode's bound on faces tracked per frame (the largest win). */
    public int maxPeople() {
        return maxPeople;
    }

    /** Store embeddings as float16 (extract only). */
    public boolean float16() {
        return float16;
    }

    /** The extraction pipeline's settings for this specification (batch, stride, schedule, crops, cores). */
    ExtractionOptions extractionOptions(ThreadBudget budget, boolean predicting) {
        ExtractionOptions o = budget.applyTo(ExtractionOptions.defaults())
                .withBatchSize(batchSize())
                .withStride(stride)
                .withDetectEvery(detectEvery)
                .withCropMargin(cropMargin)
                .withAllFaces(allFaces)
                .withFolderFps(folderFps(predicting));
        return decoderThreads == null ? o : o.withDecoderThreads(decoderThreads);
    }

    /** {@code stride} / {@code detect_every} where above 1 (absent = 1, so outputs without them stay identical). */
    void recordSampling(Map<String, Object> m) {
        if (stride > 1) {
            m.put("stride", stride);
        }
        if (detectEvery > 1) {
            m.put("detect_every", detectEvery);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EngineSpec s && values().equals(s.values());
    }

    @Override
    public int hashCode() {
        return values().hashCode();
    }

    @Override
    public String toString() {
        return "EngineSpec" + values();
    }

    private Map<String, Object> values() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("backbone", backbone);
        v.put("detector", detector);
        v.put("detectWidth", detectWidth);
        v.put("scoreThreshold", scoreThreshold);
        v.put("detectEvery", detectEvery);
        v.put("stride", stride);
        v.put("batchSize", batchSize);
        v.put("threads", threads);
        v.put("device", device);
        v.put("bundle", bundle);
        v.put("audioModel", audioModel);
        v.put("audioOptions", audioOptions);
        v.put("deltaFrames", deltaFrames);
        v.put("p0", p0);
        v.put("modelPolicy", modelPolicy);
        v.put("modelCache", modelCache);
        v.put("delivery", delivery);
        v.put("folderFps", folderFps);
        v.put("decoderThreads", decoderThreads);
        v.put("cropMargin", cropMargin);
        v.put("allFaces", allFaces);
        v.put("float16", float16);
        v.put("people", people);
        v.put("maxPeople", maxPeople);
        return v;
    }

    /** Builds an {@link EngineSpec}; every setter is optional. Not thread-safe. */
    public static final class Builder {
        private String backbone;
        private String detector = DEFAULT_DETECTOR;
        private FaceDetector.Factory detectorFactory;
        private int detectWidth = DEFAULT_DETECT_WIDTH;
        private float scoreThreshold = YuNetDetector.DEFAULT_SCORE_THRESHOLD;
        private int detectEvery = 1;
        private int stride = 1;
        private Integer batchSize;
        private int threads;
        private String device = "cpu";
        private Path bundle;
        private Path audioModel;
        private AudioEmbedderOptions audioOptions;
        private Integer deltaFrames;
        private Double p0;
        private ModelPolicy modelPolicy = ModelPolicy.OFFLINE;
        private Path modelCache;
        private Delivery delivery = Delivery.FILES;
        private Double folderFps;
        private Integer decoderThreads;
        private float cropMargin;
        private boolean allFaces;
        private boolean float16;
        private People people = People.MAIN_PERSON;
        private int maxPeople = DEFAULT_MAX_PEOPLE;

        private Builder() {}

        private Builder(EngineSpec s) {
            backbone = s.backbone;
            detector = s.detector;
            detectorFactory = s.detectorFactory;
            detectWidth = s.detectWidth;
            scoreThreshold = s.scoreThreshold;
            detectEvery = s.detectEvery;
            stride = s.stride;
            batchSize = s.batchSize;
            threads = s.threads;
            device = s.device;
            bundle = s.bundle;
            audioModel = s.audioModel;
            audioOptions = s.audioOptions;
            deltaFrames = s.deltaFrames;
            p0 = s.p0;
            modelPolicy = s.modelPolicy;
            modelCache = s.modelCache;
            delivery = s.delivery;
            folderFps = s.folderFps;
            decoderThreads = s.decoderThreads;
            cropMargin = s.cropMargin;
            allFaces = s.allFaces;
            float16 = s.float16;
            people = s.people;
            maxPeople = s.maxPeople;
        }

        /** Registry name or ONNX file; null = the bundle's, else {@link #DEFAULT_BACKBONE}. */
        public Builder backbone(String nameOrFile) {
            this.backbone = nameOrFile;
            return this;
        }

        /** {@code yunet}, {@code haar} or a YuNet-compatible ONNX file; null = {@link #DEFAULT_DETECTOR}. */
        public Builder detector(String nameOrFile) {
            this.detector = nameOrFile == null ? DEFAULT_DETECTOR : nameOrFile;
            this.detectorFactory = null;
            return this;
        }

        /** A caller's own detector (one is created per pipeline thread); recorded as {@code custom}. */
        public Builder detector(FaceDetector.Factory factory) {
            this.detectorFactory = Objects.requireNonNull(factory, "factory");
            this.detector = "custom";
            return this;
        }

        public Builder detectWidth(int pixels) {
            this.detectWidth = pixels;
            return this;
        }

        public Builder scoreThreshold(float p) {
            this.scoreThreshold = p;
            return this;
        }

        public Builder detectEvery(int frames) {
            this.detectEvery = frames;
            return this;
        }

        public Builder stride(int faceFrames) {
            this.stride = faceFrames;
            return this;
        }

        /** Faces per backbone call; null = the delivery's default. */
        public Builder batchSize(Integer faces) {
            this.batchSize = faces;
            return this;
        }

        public Builder threads(int cores) {
            this.threads = cores;
            return this;
        }

        public Builder device(String device) {
            this.device = device == null ? "cpu" : device;
            return this;
        }

        public Builder bundle(Path file) {
            this.bundle = file;
            return this;
        }

        public Builder audioModel(Path file) {
            this.audioModel = file;
            return this;
        }

        /** The audio embedder's settings; null = CONTRACTS §9's defaults on {@link #threads} cores. */
        public Builder audioOptions(AudioEmbedderOptions options) {
            this.audioOptions = options;
            return this;
        }

        public Builder deltaFrames(Integer frames) {
            this.deltaFrames = frames;
            return this;
        }

        public Builder p0(Double p0) {
            this.p0 = p0;
            return this;
        }

        public Builder modelPolicy(ModelPolicy policy) {
            this.modelPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** The model cache folder; null = the user's ({@code $FER4J_HOME}, ...). */
        public Builder modelCache(Path folder) {
            this.modelCache = folder;
            return this;
        }

        public Builder delivery(Delivery d) {
            this.delivery = Objects.requireNonNull(d, "delivery");
            return this;
        }

        /** Frame rate of face-image folders; null = 30 when predicting, 0 (unknown) when extracting. */
        public Builder folderFps(Double fps) {
            this.folderFps = fps;
            return this;
        }

        /** FFmpeg decoder threads (0 = FFmpeg's choice); null = the thread budget's. */
        public Builder decoderThreads(Integer n) {
            this.decoderThreads = n;
            return this;
        }

        public Builder cropMargin(float margin) {
            this.cropMargin = margin;
            return this;
        }

        public Builder allFaces(boolean on) {
            this.allFaces = on;
            return this;
        }

        /** Every person in the video, each with an id and their own labels ({@code --people}). */
        public Builder everyPerson() {
            this.people = People.EVERY_PERSON;
            return this;
        }

        /** One main face per frame ({@code --main-person}; the default). */
        public Builder mainPerson() {
            this.people = People.MAIN_PERSON;
            return this;
        }

        /** In people mode, faces tracked per frame at most: the largest win ({@code --max-people}). */
        public Builder maxPeople(int people) {
            this.maxPeople = people;
            return this;
        }

        public Builder float16(boolean on) {
            this.float16 = on;
            return this;
        }

        /**
         * Checks and builds.
         *
         * @throws IllegalArgumentException naming the option when a value is out of range or two options cannot go
         *                                  together (live with {@code --stride})
         * @throws io.fer4j.error.Fer4jException when the bundle cannot be read or was trained on another backbone
         *                                  than the one named
         */
        public EngineSpec build() {
            if (maxPeople < 1) {
                throw new IllegalArgumentException("--max-people must be at least 1, got " + maxPeople);
            }
            if (people == People.EVERY_PERSON && allFaces) {
                throw new IllegalArgumentException("--people and --all-faces both split a video by face: use --people "
                        + "(people keep their id when they leave and come back)");
            }
            if (stride < 1) {
                throw new IllegalArgumentException("--stride must be at least 1 (1 = every face frame), got " + stride);
            }
            if (detectEvery < 1) {
                throw new IllegalArgumentException(
                        "--detect-every must be at least 1 (1 = every frame), got " + detectEvery);
            }
            if (delivery == Delivery.LIVE && (stride > 1 || detectEvery > 1)) {
                throw new IllegalArgumentException("--stride and --detect-every are not available with --live (the "
                        + "live path detects and embeds every frame for the lowest latency); use them on files");
            }
            if (batchSize != null && batchSize < 1) {
                throw new IllegalArgumentException("--batch must be at least 1 face, got " + batchSize);
            }
            if (threads < 0) {
                throw new IllegalArgumentException("--threads must be >= 0 (0 = all cores), got " + threads);
            }
            if (detectWidth < 0) {
                throw new IllegalArgumentException(
                        "--detect-width must be >= 0 pixels (0 = full resolution), got " + detectWidth);
            }
            if ((decoderThreads != null && decoderThreads < 0)
                    || !(cropMargin >= 0)
                    || (folderFps != null && !(folderFps >= 0))) {
                throw new IllegalArgumentException("--decoder-threads, --margin and the face-folder fps must be >= 0");
            }
            if (bundle != null && backbone != null) {
                requireBundleBackbone(bundle, backbone);
            }
            return new EngineSpec(this);
        }
    }

    /**
     * A bundle is bound to the backbone it was trained on: a named backbone whose sha256 is known now (a pinned
     * registry model or a file) and differs from the bundle's is refused before anything loads.
     */
    private static void requireBundleBackbone(Path bundleFile, String backbone) {
        BackboneInfo b = ModelLoading.trainedOn(bundleFile);
        String sha = knownSha256(backbone);
        if (sha != null) {
            BundleCompatibility.requireNamedBackbone(bundleFile, b, backbone, sha);
        }
    }

    private static String knownSha256(String backbone) {
        Optional<ModelEntry> e = ModelRegistry.builtIn().find(backbone);
        if (e.isPresent()) {
            return e.get().pinned() ? e.get().sha256() : null;
        }
        try {
            Path p = Path.of(backbone);
            return Files.isRegularFile(p) ? Sha256.of(p) : null;
        } catch (InvalidPathException e2) {
            return null;
        }
    }
}
