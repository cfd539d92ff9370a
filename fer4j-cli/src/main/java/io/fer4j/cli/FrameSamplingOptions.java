package io.fer4j.cli;

import io.fer4j.vision.extract.ExtractionOptions;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --stride} and {@code --detect-every} of extract and predict (docs/extraction.md). */
final class FrameSamplingOptions {
    @Option(names = "--stride", paramLabel = "K", defaultValue = "1",
            description = "Run the backbone on every K-th frame with a face only; the frames between are filled "
                    + "like frames without a face (DESIGN §7). Recorded in meta.json (default: ${DEFAULT-VALUE}).")
    int stride;

    @Option(names = "--detect-every", paramLabel = "K", defaultValue = "1",
            description = "Run the face detector on every K-th frame only and carry its boxes through the tracker "
                    + "between (re-detecting at once when no face is known or at a scene cut; default: "
                    + "${DEFAULT-VALUE}).")
    int detectEvery;

    void validate() {
        if (stride < 1) {
            throw new IllegalArgumentException("--stride must be at least 1 (1 = every face frame), got " + stride);
        }
        if (detectEvery < 1) {
            throw new IllegalArgumentException("--detect-every must be at least 1 (1 = every frame), got "
                    + detectEvery);
        }
    }

    boolean any() {
        return stride > 1 || detectEvery > 1;
    }

    ExtractionOptions applyTo(ExtractionOptions o) {
        return o.withStride(stride).withDetectEvery(detectEvery);
    }

    /** Adds {@code stride} / {@code detect_every} where above 1 (absent = 1: outputs without them stay identical). */
    void recordIn(Map<String, Object> m) {
        if (stride > 1) {
            m.put("stride", stride);
        }
        if (detectEvery > 1) {
            m.put("detect_every", detectEvery);
        }
    }
}
