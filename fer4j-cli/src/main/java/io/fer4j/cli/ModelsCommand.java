package io.fer4j.cli;

import picocli.CommandLine.Command;

// Placeholder registered by the foundation; the owning issue replaces it.
@Command(name = "models", description = "(not yet available)")
final class ModelsCommand implements java.util.concurrent.Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("fer4j models is not available in this build yet");
    }
}
