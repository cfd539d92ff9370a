package io.fer4j.bundle;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where a bundle came from, as Tribuo's {@code ModelProvenance} records it: library version, time, inputs (with
 * hashes), hyperparameters and the validation metrics it was selected with. Printed by {@code fer4j evaluate}.
 *
 * @param libraryVersion    fer4j version that trained the bundle
 * @param createdAt         ISO-8601 UTC time of training
 * @param storePath         the feature store trained on (absolute)
 * @param annotationsPath   the annotations root (absolute)
 * @param hyperparameters   name → value as text (loss, epochs, seed, lr, batch, grid, estimator, …); insertion order
 * @param train             training split summary
 * @param validation        validation split summary
 * @param validationMetrics name → fraction in [0, 1] (e.g. {@code tuned_macro_f1}, {@code honest_kfold_macro_f1})
 */
public record Provenance(
        String libraryVersion,
        String createdAt,
        String storePath,
        String annotationsPath,
        Map<String, String> hyperparameters,
        SplitSummary train,
        SplitSummary validation,
        Map<String, Double> validationMetrics) {
    public Provenance {
        Objects.requireNonNull(libraryVersion, "libraryVersion");
        Objects.requireNonNull(createdAt, "createdAt");
        hyperparameters = Collections.unmodifiableMap(new LinkedHashMap<>(hyperparameters));
        validationMetrics = Collections.unmodifiableMap(new LinkedHashMap<>(validationMetrics));
    }

    /** The version of this library, from the jar manifest ({@code dev} when run from classes). */
    public static String currentLibraryVersion() {
        String v = Provenance.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
