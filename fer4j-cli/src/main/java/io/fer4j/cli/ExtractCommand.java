package io.fer4j.cli;

import picocli.CommandLine.Command;

// Placeholder registered by the foundation; the owning issue replaces it.
@Command(name = "extract", description = "(not yet available)")
final class ExtractCommand implements java.util.concurrent.Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("fer4j extract is not available in this build yet");
    }
}
