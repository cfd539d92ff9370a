package io.fer4j.api.pipeline;

import io.fer4j.audio.AudioEmbedder;
import io.fer4j.audio.AudioEmbedderOptions;
import io.fer4j.bundle.BackboneInfo;
import io.fer4j.bundle.Bundle;
import io.fer4j.bundle.BundleFiles;
import io.fer4j.error.Fer4jException;
import io.fer4j.label.ClassSpace;
import io.fer4j.postprocess.PostProcessingConfig;
import io.fer4j.report.Provenance;
import io.fer4j.vision.backbone.Backbone;
import io.fer4j.vision.backbone.BackboneOptions;
import io.fer4j.vision.detect.FaceDetector;
import io.fer4j.vision.detect.YuNetDetector;
import io.fer4j.vision.extract.BackboneEmbedder;
import io.fer4j.vision.registry.ModelResolver;
import io.fer4j.vision.registry.Sha256;

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

    /** What the user chose on the command line. */
    public record Choice(String backbone, String detector, int detectWidth, Path bundle, Path audioModel,
                         AudioEmbedderOptions audioOptions, int threads, Integer deltaOverride, Double p0Override,
                         String device) {
        /** CPU, as most callers want. */
        public Choice(String backbone, String detector, int detectWidth, Path bundle, Path audioModel,
                      AudioEmbedderOptions audioOptions, int threads, Integer deltaOverride, Double p0Override) {
            this(backbone, detector, detectWidth, bundle, audioModel, audioOptions, threads, deltaOverride, p0Override,
                    "cpu");
        }
    }

    private final BackboneEmbedder embedder;
    private final Path backboneFile;
    private final ClassSpace space;
    private final FaceDetector.Factory detectors;
    private final String detectorName;
    private final Path detectorFile;
    private final Bundle bundle;
    private final Path bundleFile;
    private final AudioEmbedder audio;
    private final PostProcessingConfig config;
    private final String backboneFallback;

    private PredictModels(BackboneEmbedder embedder, Path backboneFile, FaceDetector.Factory detectors,
                          String detectorName, Path detectorFile, Bundle bundle, Path bundleFile, AudioEmbedder audio,
                          PostProcessingConfig config, String backboneFallback) {
        this.embedder = embedder;
        this.backboneFallback = backboneFallback;
        this.backboneFile = backboneFile;
        this.space = embedder.backbone().spec().classSpace();
        this.detectors = detectors;
        this.detectorName = detectorName;
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

    /** As {@link #load(Choice, ModelResolver)} with a given detector instead of {@code c.detector()} (tests). */
    public static PredictModels load(Choice c, ModelResolver resolver, FaceDetector.Factory detectorOverride) {
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
        Backbone backbone = rb.open(new BackboneOptions(c.threads(), BackboneOptions.Device.parse(device),
                BackboneOptions.Device.ordinal(device)));
        BackboneEmbedder embedder = new BackboneEmbedder(backbone, true);
        AudioEmbedder audio = null;
        try {
            if (bundle != null) {
                requireSameBackbone(c.bundle(), bundle.backbone(), embedder, rb.file());
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
            if (detectorOverride != null) {
                detectors = detectorOverride;
                det = "custom";
            } else {
                ModelResolver.ResolvedDetector d = resolver.detector(det, c.detectWidth(),
                        YuNetDetector.DEFAULT_SCORE_THRESHOLD);
                detectors = d.factory();
                detFile = d.file();
            }
            PostProcessingConfig base = bundle != null ? bundle.postProcessing()
                    // gate with p0 = 0 fires on every frame: the label is the argmax over ABAW [0..6] of the smoothed
                    // pretrained probabilities, as evaluate's "backbone only, mapped to ABAW" row (slot 7 is Contempt)
                    : new PostProcessingConfig(BACKBONE_ONLY_DELTA_FRAMES, 0.0, 1.0);
            PostProcessingConfig config = new PostProcessingConfig(
                    c.deltaOverride() != null ? c.deltaOverride() : base.deltaFrames(),
                    c.p0Override() != null ? c.p0Override() : base.p0(),
                    audio == null ? 1.0 : base.visualWeight());
            return new PredictModels(embedder, rb.file(), detectors, det, detFile, bundle, c.bundle(), audio, config,
                    fallback);
        } catch (RuntimeException e) {
            embedder.close();
            if (audio != null) {
                audio.close();
            }
            throw e;
        }
    }

    /** Refuses a bundle trained on features of another backbone (name, sha256 where both known, widths). */
    static void requireSameBackbone(Path bundleFile, BackboneInfo b, BackboneEmbedder embedder, Path backboneFile) {
        String sha = embedder.sha256() == null ? "" : embedder.sha256();
        boolean shaDiffers = !b.sha256().isEmpty() && !sha.isEmpty() && !b.sha256().equalsIgnoreCase(sha);
        boolean sameName = b.name().equals(embedder.name());
        if (shaDiffers || (!sameName && (b.sha256().isEmpty() || sha.isEmpty()))
                || b.embeddingDim() != embedder.embeddingDim() || b.logitsDim() != embedder.outputCount()) {
            throw new Fer4jException(bundleFile, "this bundle was trained on features of backbone " + b.name()
                    + " (sha256 " + shortSha(b.sha256()) + ", embedding width " + b.embeddingDim() + ", "
                    + b.logitsDim() + " outputs) but the backbone given is " + embedder.name() + " (" + backboneFile
                    + ", sha256 " + shortSha(sha) + ", embedding width " + embedder.embeddingDim() + ", "
                    + embedder.outputCount() + " outputs); pass --backbone with the bundle's backbone, or train a "
                    + "bundle on features of this one");
        }
    }

    private static String shortSha(String sha) {
        return sha == null || sha.isEmpty() ? "unknown" : sha.length() > 12 ? sha.substring(0, 12) + "…" : sha;
    }

    public BackboneEmbedder embedder() {
        return embedder;
    }

    public FaceDetector.Factory detectors() {
        return detectors;
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

    /** Provenance of this run for the reports. */
    public Provenance provenance(java.util.Map<String, Object> runParameters) {
        List<Provenance.ModelInfo> models = new ArrayList<>();
        models.add(new Provenance.ModelInfo("backbone", embedder.name(), backboneFile.toString(), embedder.sha256()));
        models.add(new Provenance.ModelInfo("face detector", detectorName,
                detectorFile != null ? detectorFile.toString()
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
