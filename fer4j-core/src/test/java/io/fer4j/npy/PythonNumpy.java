package io.fer4j.npy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs a Python snippet with numpy for interoperability tests; skips the test when /usr/bin/python3 or numpy is absent. */
public final class PythonNumpy {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    private PythonNumpy() {}

    /** Runs {@code script} in {@code dir} and returns its stdout; fails the test on a non-zero exit. */
    static String run(Path dir, String script) throws IOException, InterruptedException {
        Path file = dir.resolve("check.py");
        Files.writeString(file, script);
        return runFile(dir, file);
    }

    /** Runs the script {@code file} with {@code args} in {@code dir} and returns its stdout (skips without numpy). */
    public static String runFile(Path dir, Path file, String... args) throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isExecutable(PYTHON), "needs /usr/bin/python3 with numpy");
        Process probe = new ProcessBuilder(PYTHON.toString(), "-c", "import numpy")
                .redirectErrorStream(true)
                .start();
        probe.getInputStream().readAllBytes();
        Assumptions.assumeTrue(
                probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0, "needs numpy for /usr/bin/python3");
        java.util.List<String> command =
                new java.util.ArrayList<>(java.util.List.of(PYTHON.toString(), file.toString()));
        command.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("python timed out: " + out);
        }
        if (p.exitValue() != 0) {
            throw new AssertionError("python failed:\n" + out);
        }
        return out;
    }
}
