package io.fer4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.vision.registry.ModelCache;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Issue 18 item 8: {@code models fetch} says when it replaced a damaged embedded copy. */
class ModelsFetchMessageTest {
    @TempDir
    Path home;

    private static String fetch() {
        CommandLine cl = Fer4jCommand.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(new StringWriter(), true));
        assertEquals(0, cl.execute("models", "fetch", "faceapi_expression"));
        return out.toString();
    }

    @Test
    void aDamagedEmbeddedCopyIsSaidToBeReplaced() throws Exception {
        Assumptions.assumeTrue(System.getenv(ModelCache.HOME_ENV) == null, "FER4J_HOME would override fer4j.home");
        String old = System.getProperty("fer4j.home");
        System.setProperty("fer4j.home", home.toString());
        try {
            assertTrue(fetch().contains("faceapi_expression: unpacked to"));
            assertTrue(fetch().contains("faceapi_expression: already in the cache at"));
            Path copy;
            try (var s = Files.walk(home)) {
                copy = s.filter(p -> p.getFileName().toString().endsWith(".onnx"))
                        .findFirst()
                        .orElseThrow();
            }
            byte[] b = Files.readAllBytes(copy);
            b[b.length / 2] ^= 1;
            Files.write(copy, b);
            String third = fetch();
            assertTrue(third.contains("faceapi_expression: replaced a damaged copy at"), third);
        } finally {
            if (old == null) {
                System.clearProperty("fer4j.home");
            } else {
                System.setProperty("fer4j.home", old);
            }
        }
    }
}
