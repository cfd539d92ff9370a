package io.fer4j.api;

import io.fer4j.prediction.PredictionProvenance;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What ran for a result: the models (with sha256), the bundle's facts, the post-processing parameters applied and the
 * run's settings, the fer4j version and the time — what {@code fer4j predict} prints in its JSON summary and report.
 * Immutable.
 *
 * @param mode       "bundle" (the full method) or "backbone-only"
 * @param models     backbone, face detector and (with an audio head) audio model, in that order
 * @param bundle     the bundle's facts (file, sha256, training summary), empty without a bundle
 * @param parameters δ, p0, w applied, the backbone fallback when one happened, and the run's settings
 * @param tool       e.g. "fer4j 0.1.0"
 * @param createdUtc ISO-8601 time of the run
 */
public record RunInfo(
        String mode,
        List<ModelUsed> models,
        Map<String, Object> bundle,
        Map<String, Object> parameters,
        String tool,
        String createdUtc) {
    public RunInfo {
        models = List.copyOf(models);
        bundle = Collections.unmodifiableMap(new LinkedHashMap<>(bundle));
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /**
     * One model that took part.
     *
     * @param role   "backbone", "face detector" or "audio"
     * @param name   registry name or file name
     * @param path   the file (or how the model was had, e.g. "(in-process)")
     * @param sha256 the file's SHA-256, or null when there is no file
     */
    public record ModelUsed(String role, String name, String path, String sha256) {}

    static RunInfo of(PredictionProvenance p) {
        return new RunInfo(
                p.mode(),
                p.models().stream()
                        .map(m -> new ModelUsed(m.role(), m.name(), m.path(), m.sha256()))
                        .toList(),
                p.bundle(),
                p.parameters(),
                p.tool(),
                p.createdUtc());
    }

    /** Why the embedded backbone ran instead of the default one (only under ModelPolicy.DOWNLOAD_OR_EMBEDDED). */
    public Optional<String> backboneFallback() {
        return Optional.ofNullable((String) parameters.get("backbone_fallback"));
    }
}
