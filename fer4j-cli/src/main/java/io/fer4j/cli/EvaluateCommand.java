package io.fer4j.cli;

import picocli.CommandLine.Command;

// Placeholder registered by the foundation; the owning issue replaces it.
@Command(name = "evaluate", description = "(not yet available)")
final class EvaluateCommand implements java.util.concurrent.Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("fer4j evaluate is not available in this build yet");
    }
}
