package io.fer4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18 item 10: the {@code fer4j} launcher, copied into a checkout that holds only a prebuilt jar (so it does
 * not build), started through a symlink, with its heap defaults and {@code FER4J_JAVA_OPTS} after them.
 */
class LauncherTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out) {}

    private Path checkout() throws Exception {
        Path launcher = Path.of("..", "fer4j"); // surefire runs in the module folder
        Assumptions.assumeTrue(Files.isRegularFile(launcher), "the launcher is at the repository root");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs bash");
        Path home = Files.createDirectories(dir.resolve("checkout"));
        Path copy = Files.copy(launcher, home.resolve("fer4j"));
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path jar = Files.createDirectories(home.resolve("fer4j-cli/target")).resolve("fer4j.jar");
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, LauncherProbe.class.getName());
        String entry = LauncherProbe.class.getName().replace('.', '/') + ".class";
        try (JarOutputStream j = new JarOutputStream(Files.newOutputStream(jar), m);
                var in = LauncherProbe.class.getClassLoader().getResourceAsStream(entry)) {
            j.putNextEntry(new JarEntry(entry));
            in.transferTo(j);
            j.closeEntry();
        }
        return copy;
    }

    private static Run run(List<String> command, String javaOpts) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove("FER4J_JAVA_OPTS");
        if (javaOpts != null) {
            pb.environment().put("FER4J_JAVA_OPTS", javaOpts);
        }
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out);
    }

    @Test
    void startsThroughASymlinkWithFlatHeapDefaultsThatFer4jJavaOptsOverride() throws Exception {
        Path launcher = checkout();
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path link = Files.createSymbolicLink(bin.resolve("fer4j"), launcher);
        Path linkToLink = Files.createSymbolicLink(dir.resolve("fer4j-again"), Path.of("bin", "fer4j")); // relative
        for (Path start : List.of(launcher, link, linkToLink)) {
            Run r = run(List.of(start.toString(), "predict", "x.mp4"), null);
            assertEquals(0, r.exit(), start + ": " + r.out());
            assertTrue(r.out().contains("args: predict x.mp4"), r.out());
            assertTrue(r.out().contains("-XX:+UseParallelGC -Xmn64m"), r.out());
        }
        Run custom = run(List.of(link.toString(), "predict"), "-Xmn32m -Xmx300m");
        assertEquals(0, custom.exit(), custom.out());
        String jvm = custom.out()
                .lines()
                .filter(l -> l.startsWith("jvm: "))
                .findFirst()
                .orElse("");
        assertTrue(
                jvm.indexOf("-Xmn32m") > jvm.indexOf("-Xmn64m") && jvm.contains("-Xmx300m"),
                "FER4J_JAVA_OPTS after the defaults, so they win: " + jvm);
    }
}
