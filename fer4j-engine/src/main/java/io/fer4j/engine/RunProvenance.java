package io.fer4j.engine;

import io.fer4j.bundle.Bundle;
import io.fer4j.prediction.PredictionProvenance;
import io.fer4j.store.Sha256;
import io.fer4j.va.VaBundle;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What ran, for the reports and the API's results: models with sha256, bundle facts, δ/p0/w and run settings. */
final class RunProvenance {
    private RunProvenance() {}

    static PredictionProvenance of(LoadedModels m, Map<String, Object> runParameters) {
        List<PredictionProvenance.ModelInfo> models = new ArrayList<>();
        models.add(new PredictionProvenance.ModelInfo(
                "backbone",
                m.embedder().name(),
                m.backboneFile().toString(),
                m.embedder().sha256()));
        models.add(new PredictionProvenance.ModelInfo(
                "face detector",
                m.detectorName(),
                detectorPath(m),
                m.detectorFile() == null ? null : Sha256.of(m.detectorFile())));
        if (m.audio() != null) {
            models.add(new PredictionProvenance.ModelInfo(
                    "audio",
                    m.audio().modelFile().getFileName().toString(),
                    m.audio().modelFile().toString(),
                    m.audio().sha256()));
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("delta_frames", m.config().deltaFrames());
        p.put("p0", m.config().p0());
        p.put("w", m.config().visualWeight());
        if (m.bundle() == null) {
            p.put(
                    "note",
                    "backbone only: pretrained " + m.classSpace() + " probabilities mapped to ABAW ("
                            + (m.classSpace().toAbaw()[7] < 0
                                    ? "no 'Other' slot"
                                    : "slot 7 'Other' holds AffectNet Contempt")
                            + "), smoothed with delta=" + m.config().deltaFrames()
                            + ", label = argmax over Neutral..Surprise");
        }
        if (m.backboneFallback() != null) {
            p.put("backbone_fallback", m.backboneFallback());
        }
        p.putAll(runParameters);
        return new PredictionProvenance(
                m.mode(),
                models,
                bundleFacts(m),
                p,
                "fer4j " + io.fer4j.bundle.Provenance.currentLibraryVersion(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    }

    private static String detectorPath(LoadedModels m) {
        return m.detectorFile() != null
                ? m.detectorFile().toString()
                : m.detectors() == null
                        ? "(not used: the inputs are face-image folders)"
                        : m.detectorName().equals("haar") ? "(OpenCV Haar cascade in the JavaCV jar)" : "(in-process)";
    }

    private static Map<String, Object> bundleFacts(LoadedModels m) {
        Map<String, Object> b = new LinkedHashMap<>();
        Bundle bundle = m.bundle();
        if (bundle != null) {
            b.put("file", m.bundleFile().toAbsolutePath().toString());
            b.put("sha256", Sha256.of(m.bundleFile()));
            b.put("format_version", bundle.formatVersion());
            b.put("modality", bundle.modality().cliName());
            b.put("visual_head", bundle.primaryVisual());
            b.put("trained_with", bundle.provenance().libraryVersion());
            b.put("trained_at", bundle.provenance().createdAt());
            b.put("train_store", bundle.provenance().storePath());
            b.put("tuned_delta_p0_w", bundle.postProcessing().toString());
            bundle.provenance().validationMetrics().forEach((k, v) -> b.put("validation " + k, v));
        }
        VaBundle va = m.va();
        if (va != null) {
            // only with a VA bundle: outputs of every other run keep their bytes
            b.putIfAbsent("file", m.bundleFile().toAbsolutePath().toString());
            b.putIfAbsent("sha256", Sha256.of(m.bundleFile()));
            b.put("va_source", va.source().name().toLowerCase(java.util.Locale.ROOT));
            b.put("va_modality", va.modality().cliName());
            b.put("va_delta_frames", va.deltaFrames());
        }
        return b;
    }
}
