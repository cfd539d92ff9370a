package io.fer4j.cli;

import io.fer4j.engine.EngineSpec;
import picocli.CommandLine.Option;

/** {@code --stride} and {@code --detect-every} of extract and predict (docs/extraction.md). */
final class FrameSamplingOptions {
    @Option(
            names = "--stride",
            paramLabel = "K",
            defaultValue = "1",
            description =
                    "Run the backbone on every K-th frame with a face only; the frames between are filled "
                            + "like frames without a face (docs/CONTRACTS.md §7). Recorded in meta.json (default: ${DEFAULT-VALUE}).")
    int stride;

    @Option(
            names = "--detect-every",
            paramLabel = "K",
            defaultValue = "1",
            description = "Run the face detector on every K-th frame only and carry its boxes through the tracker "
                    + "between (re-detecting at once when no face is known or at a scene cut; default: "
                    + "${DEFAULT-VALUE}).")
    int detectEvery;

    /** These options on {@code spec}, which checks them ({@code --stride} ≥ 1, not with {@code --live}...). */
    EngineSpec.Builder applyTo(EngineSpec.Builder spec) {
        return spec.stride(stride).detectEvery(detectEvery);
    }
}
