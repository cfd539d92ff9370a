package io.fer4j.api.pipeline;

import io.fer4j.audio.AudioEmbedder;
import io.fer4j.audio.AudioEmbedderOptions;
import io.fer4j.bundle.Bundle;
import io.fer4j.bundle.BundleCompatibility;
import io.fer4j.bundle.BundleFiles;
import io.fer4j.error.Fer4jException;
import io.fer4j.label.ClassSpace;
import io.fer4j.postprocess.PostProcessingConfig;
import io.fer4j.report.Provenance;
import io.fer4j.vision.backbone.Backbone;
import io.fer4j.vision.backbone.BackboneOptions;
import io.fer4j.vision.decode.VideoFileScanner;
import io.fer4j.vision.detect.FaceDetector;
import io.fer4j.vision.detect.YuNetDetector;
import io.fer4j.vision.extract.BackboneEmbedder;
import io.fer4j.vision.extract.ThreadBudget;
import io.fer4j.vision.registry.ModelResolver;
import io.fer4j.store.Sha256;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything {@code fer4j predict} loads once and applies to every video: the backbone session, the face detector, the
 * bundle (or none: backbone-only mode) and, for bundles with an audio head, the audio embedder. Closing releases the
 * native sessions.
 */
public final class PredictModels implements AutoCloseable {
    /**
     * Backbone-only mode's smoothing half-window: 15 frames each side (≈1 s window at 30 fps). A third of the
     * paper's tuned δ = 50: without a trained head there is nothing to tune it on, and a short window keeps quick
     * expressions visible while removing frame-to-frame flicker.
     */
    public static final int BACKBONE_ONLY_DELTA_FRAMES = 15;

    /** The backbone without --backbone and without a bundle: the paper's. */
    public static final String DEFAULT_BACKBONE = "enet_b0_8_best_vgaf";

    /** The detector name in the provenance when none was loaded (every input a face-image folder). */
    public static final String NO_DETECTOR = "none";

    /**
     * What the user chose (command line or {@code Fer4j.builder()}): null/unset fields take the documented defaults.
     * Immutable; made by {@link #builder()}.
     */
    public static final class Choice {
        private final String backbone;
        private final String detector;
        private final int detectWidth;
        private final float scoreThreshold;
        private final Path bundle;
        private final Path audioModel;
        private final AudioEmbedderOptions audioOptions;
        private final int threads;
        private final Integer deltaOverride;
        private final Double p0Override;
        private final String device;

        private Choice(Builder b) {
            this.backbone = b.backbone;
            this.detector = b.detector;
            this.detectWidth = b.detectWidth;
            this.scoreThreshold = b.scoreThreshold;
            this.bundle = b.bundle;
            this.audioModel = b.audioModel;
            this.audioOptions = b.audioOptions;
            this.threads = b.threads;
            this.deltaOverride = b.deltaOverride;
            this.p0Override = b.p0Override;
            this.device = b.device;
        }

        /** Defaults: the CLI's (backbone by the fallback rules of {@link #load}, yunet at width 320, CPU, all cores). */
        public static Builder builder() {
            return new Builder();
        }

        /** Registry name or ONNX file, or null for the bundle's backbone / {@link #DEFAULT_BACKBONE}. */
        public String backbone() {
            return backbone;
        }

        /** yunet, haar or a YuNet-compatible ONNX file; null = yunet. */
        public String detector() {
            return detector;
        }

        public int detectWidth() {
            return detectWidth;
        }

        public float scoreThreshold() {
            return scoreThreshold;
        }

        /** The bundle file, or null for backbone-only mode. */
        public Path bundle() {
            return bundle;
        }

        /** The audio model for bundles with an audio head, or null. */
        public Path audioModel() {
            return audioModel;
        }

        public AudioEmbedderOptions audioOptions() {
            return audioOptions;
        }

        /** Cores to use (0 = all), shared by {@link ThreadBudget} between decoding/detection and ONNX Runtime. */
        public int threads() {
            return threads;
        }

        /** δ instead of the bundle's (or backbone-only default), or null. */
        public Integer deltaOverride() {
            return deltaOverride;
        }

        /** p0 instead of the bundle's, or null. */
        public Double p0Override() {
            return p0Override;
        }

        /** cpu or cuda[:N]. */
        public String device() {
            return device;
        }

        /** Builds a {@link Choice}; every setter is optional. Not thread-safe. */
        public static final class Builder {
            private String backbone;
            private String detector;
            private int detectWidth = 320;
            private float scoreThreshold = YuNetDetector.DEFAULT_SCORE_THRESHOLD;
            private Path bundle;
            private Path audioModel;
            private AudioEmbedderOptions audioOptions = AudioEmbedderOptions.DEFAULTS;
            private int threads;
            private Integer deltaOverride;
            private Double p0Override;
            private String device = "cpu";

            private Builder() {
            }

            public Builder backbone(String nameOrFile) {
                this.backbone = nameOrFile;
                return this;
            }

            public Builder detector(String nameOrFile) {
                this.detector = nameOrFile;
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

            public Builder bundle(Path file) {
                this.bundle = file;
                return this;
            }

            public Builder audioModel(Path file) {
                this.audioModel = file;
                return this;
            }

            public Builder audioOptions(AudioEmbedderOptions options) {
                this.audioOptions = options;
                return this;
            }

            public Builder threads(int n) {
                this.threads = n;
                return this;
            }

            public Builder deltaOverride(Integer frames) {
                this.deltaOverride = frames;
                return this;
            }

            public Builder p0Override(Double p0) {
                this.p0Override = p0;
                return this;
            }

            public Builder device(String device) {
                this.device = device;
                return this;
            }

            public Choice build() {
                return new Choice(this);
            }
        }
    }

    private final BackboneEmbedder embedder;
    private final Path backboneFile;
    private final ClassSpace space;
    private final FaceDetector.Factory detectors;
    private final String detectorName;
    private final String detectorResolvedName;
    private final Path detectorFile;
    private final Bundle bundle;
    private final Path bundleFile;
    private final AudioEmbedder audio;
    private final PostProcessingConfig config;
    private final String backboneFallback;
    private final ThreadBudget threadBudget;

    private PredictModels(BackboneEmbedder embedder, Path backboneFile, FaceDetector.Factory detectors,
                          String detectorName, String detectorResolvedName, Path detectorFile, Bundle bundle, Path bundleFile, AudioEmbedder audio,
                          PostProcessingConfig config, String backboneFallback, ThreadBudget threadBudget) {
        this.embedder = embedder;
        this.threadBudget = threadBudget;
        this.backboneFallback = backboneFallback;
        this.backboneFile = backboneFile;
        this.space = embedder.backbone().spec().classSpace();
        this.detectors = detectors;
        this.detectorName = detectorName;
        this.detectorResolvedName = detectorResolvedName;
        this.detectorFile = detectorFile;
        this.bundle = bundle;
        this.bundleFile = bundleFile;
        this.audio = audio;
        this.config = config;
    }

    /**
     * Loads the models. Without {@code --backbone} the bundle's backbone is used (by registry name), or
     * {@code enet_b0_8_best_vgaf} without a bundle. A bundle made for another backbone is refused here, before any
     * video is decoded.
     */
    public static PredictModels load(Choice c, ModelResolver resolver) {
        return load(c, resolver, null);
    }

    /**
     * As {@link #load(Choice, ModelResolver)} for these inputs: when every one is a face-image folder (its frames
     * are faces) no face detector is resolved or loaded, as {@code extract} does.
     */
    public static PredictModels forInputs(Choice c, ModelResolver resolver, List<VideoFileScanner.Item> items) {
        return items.stream().anyMatch(i -> !i.faceFolder()) ? load(c, resolver) : load(c, resolver, null, false);
    }

    /** As {@link #load(Choice, ModelResolver)} with a given detector instead of {@code c.detector()} (tests). */
    public static PredictModels load(Choice c, ModelResolver resolver, FaceDetector.Factory detectorOverride) {
        return load(c, resolver, detectorOverride, true);
    }

    private static PredictModels load(Choice c, ModelResolver resolver, FaceDetector.Factory detectorOverride,
                                      boolean needsDetector) {
        Bundle bundle = c.bundle() == null ? null : BundleFiles.read(c.bundle());
        String backboneName = c.backbone() != null ? c.backbone()
                : bundle != null ? bundle.backbone().name() : DEFAULT_BACKBONE;
        ModelResolver.ResolvedBackbone rb;
        String fallback = null;
        try {
            if (c.backbone() == null && bundle == null) {
                ModelResolver.DefaultBackbone d = resolver.resolveDefaultBackbone(DEFAULT_BACKBONE);
                rb = d.backbone();
                if (d.fellBack()) {
                    fallback = DEFAULT_BACKBONE + " is not in the model cache and could not be downloaded ("
                            + d.fallbackReason() + "); using the embedded " + rb.entry().name() + " ("
                            + rb.entry().description() + "). For the paper's backbone run `fer4j models fetch "
                            + DEFAULT_BACKBONE + "` or pass --backbone FILE";
                }
            } else {
                rb = resolver.resolveBackbone(backboneName);
            }
        } catch (IllegalArgumentException e) {
            if (c.backbone() == null && bundle != null) {
                throw new Fer4jException(c.bundle(), "the bundle was trained on backbone '" + backboneName
                        + "', which is not a registry name; pass the same ONNX file with --backbone FILE");
            }
            throw e;
        }
        String device = c.device() == null ? "cpu" : c.device();
        ThreadBudget budget = ThreadBudget.forCores(c.threads());
        Backbone backbone = rb.open(budget.applyTo(new BackboneOptions(0,
                BackboneOptions.Device.parse(device), BackboneOptions.Device.ordinal(device))));
        BackboneEmbedder embedder = BackboneEmbedder.owning(backbone);
        AudioEmbedder audio = null;
        try {
            if (bundle != null) {
                BundleCompatibility.requireBackbone(c.bundle(), bundle, rb.file(), embedder.name(), embedder.sha256(),
                        embedder.embeddingDim(), embedder.outputCount());
                if (bundle.modality().usesAudio() && c.audioModel() == null && !bundle.modality().usesVisual()) {
                    throw new Fer4jException(c.bundle(), "this bundle predicts from audio only; pass --audio-model "
                            + "FILE with the audio model it was trained on");
                }
            }
            if (c.audioModel() != null && bundle != null && bundle.audioHead() != null
                    && bundle.modality().usesAudio()) {
                audio = AudioEmbedder.open(c.audioModel(), c.audioOptions());
            }
            String det = c.detector() == null ? "yunet" : c.detector();
            FaceDetector.Factory detectors;
            Path detFile = null;
            String detResolved = "custom";
            if (!needsDetector) {
                detectors = null;
                det = NO_DETECTOR;
                detResolved = NO_DETECTOR;
            } else if (detectorOverride != null) {
                detectors = detectorOverride;
                det = "custom";
            } else {
                ModelResolver.ResolvedDetector d = resolver.detector(det, c.detectWidth(), c.scoreThreshold());
                detectors = d.factory();
                detFile = d.file();
                detResolved = d.name();
            }
            PostProcessingConfig base = bundle != null ? bundle.postProcessing()
                    // gate with p0 = 0 fires on every frame: the label is the argmax over ABAW [0..6] of the smoothed
                    // pretrained probabilities, as evaluate's "backbone only, mapped to ABAW" row (slot 7 is Contempt)
                    : new PostProcessingConfig(BACKBONE_ONLY_DELTA_FRAMES, 0.0, 1.0);
            PostProcessingConfig tuned = new PostProcessingConfig(
                    c.deltaOverride() != null ? c.deltaOverride() : base.deltaFrames(),
                    c.p0Override() != null ? c.p0Override() : base.p0(), base.visualWeight());
            PostProcessingConfig config = audio == null ? tuned.withoutAudio() : tuned;
            return new PredictModels(embedder, rb.file(), detectors, det, detResolved, detFile, bundle, c.bundle(),
                    audio, config, fallback, budget);
        } catch (RuntimeException e) {
            embedder.close();
            if (audio != null) {
                audio.close();
            }
            throw e;
        }
    }

    /** How the cores asked for ({@code threads}) are shared between decoding/detection and the backbone. */
    public ThreadBudget threadBudget() {
        return threadBudget;
    }

    public BackboneEmbedder embedder() {
        return embedder;
    }

    /** The face detector, or null when every input is a face-image folder ({@link #forInputs}). */
    public FaceDetector.Factory detectors() {
        return detectors;
    }

    /** The detector's registry name, file name, haar, or custom (for a given factory). */
    public String detectorName() {
        return detectorResolvedName;
    }

    public ClassSpace classSpace() {
        return space;
    }

    /** The bundle, or null in backbone-only mode. */
    public Bundle bundle() {
        return bundle;
    }

    /** The audio embedder, or null when audio is not used. */
    public AudioEmbedder audio() {
        return audio;
    }

    /** δ, p0, w applied (the bundle's, or backbone-only defaults, with the user's overrides). */
    public PostProcessingConfig config() {
        return config;
    }

    /**
     * Why the embedded backbone is used instead of {@link #DEFAULT_BACKBONE} (it could not be had offline), or empty
     * when the backbone is the one asked for.
     */
    public java.util.Optional<String> backboneFallback() {
        return java.util.Optional.ofNullable(backboneFallback);
    }

    public boolean backboneOnly() {
        return bundle == null;
    }

    public String mode() {
        return bundle == null ? "backbone-only" : "bundle";
    }

    /** The prior for frames with nothing to go on: the head's training frequencies, uniform without a bundle. */
    public float[] prior() {
        if (bundle != null) {
            return bundle.priorHead().priorProbabilities();
        }
        float[] u = new float[8];
        java.util.Arrays.fill(u, 1f / 8);
        return u;
    }

    /**
     * Labels of a stored video (a feature store's, e.g. {@code predict --keep-features}) with these models: the store
     * path of {@code evaluate} ({@link io.fer4j.bundle.BundlePredictor} with this run's δ/p0/w; backbone-only: the
     * pretrained probabilities through the same post-processing). Streaming predict gives the same labels.
     */
    public io.fer4j.postprocess.VideoPrediction predictStored(io.fer4j.bundle.VideoFeatures video) {
        if (bundle != null) {
            return new io.fer4j.bundle.BundlePredictor(bundle, config).predict(video);
        }
        float[] pretrained = space.abawProbabilities(video.logits(), video.rowCount());
        return new io.fer4j.postprocess.VideoPostProcessor(config, prior()).process(new io.fer4j.postprocess.VideoInputs(
                video.frameCount(), video.frames(), pretrained, video.rowCount() == 0 ? null : pretrained, null));
    }

    /** Provenance of this run for the reports. */
    public Provenance provenance(java.util.Map<String, Object> runParameters) {
        List<Provenance.ModelInfo> models = new ArrayList<>();
        models.add(new Provenance.ModelInfo("backbone", embedder.name(), backboneFile.toString(), embedder.sha256()));
        models.add(new Provenance.ModelInfo("face detector", detectorName,
                detectorFile != null ? detectorFile.toString()
                        : detectors == null ? "(not used: the inputs are face-image folders)"
                        : detectorName.equals("haar") ? "(OpenCV Haar cascade in the JavaCV jar)" : "(in-process)",
                detectorFile == null ? null : Sha256.of(detectorFile)));
        if (audio != null) {
            models.add(new Provenance.ModelInfo("audio", audio.modelFile().getFileName().toString(),
                    audio.modelFile().toString(), audio.sha256()));
        }
        java.util.Map<String, Object> b = new java.util.LinkedHashMap<>();
        if (bundle != null) {
            b.put("file", bundleFile.toAbsolutePath().toString());
            b.put("sha256", Sha256.of(bundleFile));
            b.put("format_version", bundle.formatVersion());
            b.put("modality", bundle.modality().cliName());
            b.put("visual_head", bundle.primaryVisual());
            b.put("trained_with", bundle.provenance().libraryVersion());
            b.put("trained_at", bundle.provenance().createdAt());
            b.put("train_store", bundle.provenance().storePath());
            b.put("tuned_delta_p0_w", bundle.postProcessing().toString());
            bundle.provenance().validationMetrics().forEach((k, v) -> b.put("validation " + k, v));
        }
        java.util.Map<String, Object> p = new java.util.LinkedHashMap<>();
        p.put("delta_frames", config.deltaFrames());
        p.put("p0", config.p0());
        p.put("w", config.visualWeight());
        if (bundle == null) {
            p.put("note", "backbone only: pretrained " + space + " probabilities mapped to ABAW ("
                    + (space.toAbaw()[7] < 0 ? "no 'Other' slot" : "slot 7 'Other' holds AffectNet Contempt")
                    + "), smoothed with delta=" + config.deltaFrames() + ", label = argmax over Neutral..Surprise");
        }
        if (backboneFallback != null) {
            p.put("backbone_fallback", backboneFallback);
        }
        p.putAll(runParameters);
        return new Provenance(mode(), models, b, p, "fer4j " + io.fer4j.bundle.Provenance.currentLibraryVersion(),
                java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    }

    @Override
    public void close() {
        embedder.close();
        if (audio != null) {
            audio.close();
        }
    }
}
