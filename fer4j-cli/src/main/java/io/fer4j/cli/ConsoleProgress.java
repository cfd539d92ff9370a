package io.fer4j.cli;

import io.fer4j.vision.registry.ConsoleProgressBar;
import io.fer4j.vision.registry.ModelResolver;

/** The command line's progress on stderr (library code reports through listeners and SLF4J, never the console). */
final class ConsoleProgress {
    private ConsoleProgress() {}

    /** The default registry and cache, with a progress bar on stderr for each download. */
    static ModelResolver resolver() {
        return ModelResolver.defaults()
                .withProgress(e -> new ConsoleProgressBar(System.err, "downloading " + e.fileName()));
    }

    /** Per-video extraction progress on stderr, with bars only when a terminal is attached. */
    static ConsoleExtractProgress extraction() {
        return new ConsoleExtractProgress(System.err, System.console() != null);
    }
}
