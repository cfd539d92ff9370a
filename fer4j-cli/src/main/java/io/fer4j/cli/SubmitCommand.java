package io.fer4j.cli;

import picocli.CommandLine.Command;

// Placeholder registered by the foundation; the owning issue replaces it.
@Command(name = "submit", description = "(not yet available)")
final class SubmitCommand implements java.util.concurrent.Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("fer4j submit is not available in this build yet");
    }
}
