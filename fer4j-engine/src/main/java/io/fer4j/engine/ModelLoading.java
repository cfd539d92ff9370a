package io.fer4j.engine;

import io.fer4j.audio.AudioEmbedder;
import io.fer4j.bundle.BackboneInfo;
import io.fer4j.bundle.Bundle;
import io.fer4j.bundle.BundleCompatibility;
import io.fer4j.bundle.BundleFiles;
import io.fer4j.error.Fer4jException;
import io.fer4j.postprocess.PostProcessingConfig;
import io.fer4j.va.VaBundle;
import io.fer4j.vision.backbone.Backbone;
import io.fer4j.vision.backbone.BackboneOptions;
import io.fer4j.vision.detect.FaceDetector;
import io.fer4j.vision.extract.BackboneEmbedder;
import io.fer4j.vision.extract.ThreadBudget;
import io.fer4j.vision.registry.ModelResolver;
import java.nio.file.Path;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads what an {@link EngineSpec} names: the bundle first (its backbone is the default one), the backbone by the
 * spec's {@link io.fer4j.model.ModelPolicy} (the embedded one replaces an unavailable default only when the policy
 * says so, with the reason kept for the run's provenance), the bundle check before any video is decoded, the audio
 * embedder, the detector and the post-processing parameters.
 */
final class ModelLoading {
    private static final Logger LOG = LoggerFactory.getLogger(ModelLoading.class);

    private ModelLoading() {}

    /** A resolved backbone and, when it replaces the default one, why. */
    private record BackboneChoice(ModelResolver.ResolvedBackbone backbone, String fallback) {}

    /**
     * @param needsDetector false when every input is a face-image folder (its frames are faces): no detector is
     *                      resolved or loaded, as {@code extract} does
     */
    static LoadedModels load(EngineSpec spec, ModelResolver resolver, boolean needsDetector) {
        Set<String> tasks = spec.bundle() == null ? Set.of() : BundleFiles.tasks(spec.bundle());
        // a VA-only bundle labels expressions in backbone-only mode (docs/predict.md)
        Bundle bundle = tasks.contains(BundleFiles.TASK_EXPR) ? BundleFiles.read(spec.bundle()) : null;
        VaBundle va = tasks.contains(BundleFiles.TASK_VA) ? BundleFiles.readVa(spec.bundle()) : null;
        if (va != null && !va.modality().usesVisual()) {
            throw new Fer4jException(
                    spec.bundle(),
                    "this bundle's valence-arousal head uses audio only; predict "
                            + "gives valence/arousal from faces: pass a VA bundle trained with --modality visual or both");
        }
        BackboneInfo trainedOn = bundle != null ? bundle.backbone() : va != null ? va.backbone() : null;
        BackboneChoice choice = resolveBackbone(spec, resolver, trainedOn);
        ModelResolver.ResolvedBackbone rb = choice.backbone();
        ThreadBudget budget = ThreadBudget.forCores(spec.threads());
        Backbone backbone = rb.open(budget.applyTo(new BackboneOptions(
                0, BackboneOptions.Device.parse(spec.device()), BackboneOptions.Device.ordinal(spec.device()))));
        BackboneEmbedder embedder = BackboneEmbedder.owning(backbone);
        AudioEmbedder audio = null;
        try {
            if (bundle != null) {
                requireBundleFits(spec, bundle, rb.file(), embedder);
            }
            if (va != null) {
                BundleCompatibility.requireBackbone(
                        spec.bundle(),
                        va.backbone(),
                        rb.file(),
                        embedder.name(),
                        embedder.sha256(),
                        embedder.embeddingDim(),
                        embedder.outputCount());
            }
            if (spec.audioModel() != null
                    && bundle != null
                    && bundle.audioHead() != null
                    && bundle.modality().usesAudio()) {
                audio = AudioEmbedder.open(spec.audioModel(), spec.audioOptions());
            }
            DetectorChoice d = resolveDetector(spec, resolver, needsDetector);
            PostProcessingConfig config = PostProcessingChoice.resolve(bundle, spec, audio != null);
            Path descriptor = spec.people() == EngineSpec.People.EVERY_PERSON && needsDetector
                    ? resolveDescriptor(resolver)
                    : null;
            return new LoadedModels(
                    embedder,
                    rb.file(),
                    d.factory(),
                    d.name(),
                    d.file(),
                    bundle,
                    spec.bundle(),
                    audio,
                    config,
                    choice.fallback(),
                    budget,
                    va,
                    descriptor);
        } catch (RuntimeException e) {
            embedder.close();
            if (audio != null) {
                audio.close();
            }
            throw e;
        }
    }

    /**
     * The embedded face descriptor, copied into the cache once and opened here so a damaged copy fails now, naming
     * its file, rather than on a video's first face.
     */
    private static Path resolveDescriptor(ModelResolver resolver) {
        io.fer4j.vision.registry.ModelEntry entry =
                resolver.registry().get(io.fer4j.vision.people.FaceDescriptor.MODEL);
        Path file = resolver.cache()
                .fetch(
                        entry,
                        io.fer4j.vision.registry.ModelDownloader.defaults(),
                        io.fer4j.vision.registry.DownloadProgress.NONE);
        io.fer4j.vision.people.FaceDescriptor.open(file, 1).close();
        return file;
    }

    /** The backbone record of the bundle file's tasks (expression first), for checks before anything loads. */
    static BackboneInfo trainedOn(Path bundleFile) {
        return BundleFiles.tasks(bundleFile).contains(BundleFiles.TASK_EXPR)
                ? BundleFiles.read(bundleFile).backbone()
                : BundleFiles.readVa(bundleFile).backbone();
    }

    /** @param trainedOn the bundle's backbone, or null without a bundle */
    private static BackboneChoice resolveBackbone(EngineSpec spec, ModelResolver resolver, BackboneInfo trainedOn) {
        String name = spec.backbone() != null
                ? spec.backbone()
                : trainedOn != null ? trainedOn.name() : EngineSpec.DEFAULT_BACKBONE;
        try {
            if (spec.usesDefaultBackbone() && spec.modelPolicy().fallsBackToEmbedded()) {
                ModelResolver.DefaultBackbone d = resolver.resolveDefaultBackbone(EngineSpec.DEFAULT_BACKBONE);
                if (!d.fellBack()) {
                    return new BackboneChoice(d.backbone(), null);
                }
                String why = EngineSpec.DEFAULT_BACKBONE + " is not in the model cache and could not be downloaded ("
                        + d.fallbackReason() + "); using the embedded "
                        + d.backbone().entry().name() + " ("
                        + d.backbone().entry().description() + "). For the paper's backbone run `fer4j models fetch "
                        + EngineSpec.DEFAULT_BACKBONE + "` or pass --backbone FILE";
                LOG.info(why); // the result carries it (provenance); the CLI prints it as a NOTE
                return new BackboneChoice(d.backbone(), why);
            }
            return new BackboneChoice(resolver.resolveBackbone(name), null);
        } catch (IllegalArgumentException e) {
            if (spec.backbone() == null && trainedOn != null) {
                throw new Fer4jException(
                        spec.bundle(),
                        "the bundle was trained on backbone '" + name
                                + "', which is not a registry name; pass the same ONNX file with --backbone FILE");
            }
            throw e;
        }
    }

    private static void requireBundleFits(
            EngineSpec spec, Bundle bundle, Path backboneFile, BackboneEmbedder embedder) {
        BundleCompatibility.requireBackbone(
                spec.bundle(),
                bundle,
                backboneFile,
                embedder.name(),
                embedder.sha256(),
                embedder.embeddingDim(),
                embedder.outputCount());
        if (bundle.modality().usesAudio()
                && spec.audioModel() == null
                && !bundle.modality().usesVisual()) {
            throw new Fer4jException(
                    spec.bundle(),
                    "this bundle predicts from audio only; pass --audio-model "
                            + "FILE with the audio model it was trained on");
        }
    }

    /** The face detector of a run: resolved by name, the caller's own, or none for face-image folders. */
    private record DetectorChoice(FaceDetector.Factory factory, String name, Path file) {}

    private static DetectorChoice resolveDetector(EngineSpec spec, ModelResolver resolver, boolean needsDetector) {
        if (!needsDetector) {
            return new DetectorChoice(null, LoadedModels.NO_DETECTOR, null);
        }
        if (spec.detectorFactory().isPresent()) {
            return new DetectorChoice(spec.detectorFactory().get(), "custom", null);
        }
        ModelResolver.ResolvedDetector d =
                resolver.detector(spec.detector(), spec.detectWidth(), spec.detectorScoreThreshold());
        return new DetectorChoice(d.factory(), d.name(), d.file());
    }
}
