package io.fer4j.prediction;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a prediction came from, printed in the JSON summary and the HTML report.
 *
 * @param mode       "bundle" (the full method) or "backbone-only" (pretrained probabilities mapped to ABAW)
 * @param models     the models used (backbone, detector, audio), with their sha256
 * @param bundle     key facts of the bundle (path, sha256, version, training summary...), or empty without a bundle
 * @param parameters the post-processing parameters actually applied (delta, p0, w, ...) and other run settings
 * @param tool       tool name and version, e.g. "fer4j 0.1.0"
 * @param createdUtc ISO-8601 time of the run
 */
public record PredictionProvenance(
        String mode,
        List<ModelInfo> models,
        Map<String, Object> bundle,
        Map<String, Object> parameters,
        String tool,
        String createdUtc) {
    public PredictionProvenance {
        models = List.copyOf(models);
        bundle = bundle == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(bundle));
        parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** A model file that took part. {@code sha256} may be null when unknown. */
    public record ModelInfo(String role, String name, String path, String sha256) {}
}
