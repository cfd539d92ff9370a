package io.fer4j.cli;

import io.fer4j.training.AlignmentPolicy;
import picocli.CommandLine.Option;

/** How annotations are matched to store videos ({@link AlignmentPolicy}). */
final class AlignmentOptions {
    @Option(
            names = "--frame-count-tolerance",
            defaultValue = "5",
            paramLabel = "FRAMES",
            description = "Largest accepted difference between an annotation's frame count and meta.json's"
                    + " frame_count (default: ${DEFAULT-VALUE}); larger differences are an error.")
    int tolerance;

    @Option(
            names = "--allow-missing",
            description = "Skip annotated videos that are missing or incomplete in the store (listed) instead of"
                    + " failing.")
    boolean allowMissing;

    AlignmentPolicy policy() {
        return new AlignmentPolicy(tolerance, allowMissing);
    }
}
