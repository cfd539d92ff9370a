package io.fer4j.cli.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.api.Fer4j;
import io.fer4j.cli.Fer4jCommand;
import io.fer4j.error.ExitCodes;
import io.fer4j.error.UserErrors;
import io.fer4j.postprocess.PostProcessingConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same bad inputs through {@code fer4j predict} and the Java API give the same message and exit code (the API's
 * exception mapped by {@link UserErrors}, the CLI's one mapper): a missing video, a file that is not a video, a
 * bundle of another backbone (refused when the specification is built) or of another width (refused when the models
 * load), an unknown backbone name, and offline without the default model in the cache.
 */
class BadInputEverywhereTest {
    @TempDir
    static Path shared;

    static Path video;
    static Path tinyBackbone;

    @TempDir
    Path dir;

    @BeforeAll
    static void media() throws Exception {
        video = PredictTestSupport.video(shared);
        tinyBackbone = PredictTestSupport.backbone(shared);
    }

    /** A command's or call's end: the error line it reports and its exit code. */
    private record Failure(String line, int exit) {}

    private Failure cli(String... args) {
        List<String> a = new ArrayList<>(List.of("predict"));
        a.addAll(List.of(args));
        a.addAll(List.of("--out", dir.resolve("out-" + System.nanoTime()).toString()));
        StringWriter err = new StringWriter();
        var cl = Fer4jCommand.commandLine();
        cl.setOut(new PrintWriter(new StringWriter()));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(a.toArray(String[]::new));
        String line = err.toString()
                .lines()
                .filter(l -> l.startsWith("fer4j predict: error: "))
                .findFirst()
                .orElse(err.toString());
        return new Failure(line, exit);
    }

    private static Failure api(Consumer<Fer4j.Builder> settings, Consumer<Fer4j> call) {
        Fer4j.Builder b = Fer4j.builder();
        settings.accept(b);
        StringWriter err = new StringWriter();
        try (Fer4j f = b.build()) {
            call.accept(f);
        } catch (RuntimeException e) {
            int exit = UserErrors.report(e, "fer4j predict", new PrintWriter(err, true));
            return new Failure(err.toString().strip(), exit);
        }
        throw new AssertionError("the API accepted the bad input");
    }

    @Test
    void aMissingVideo() {
        Path missing = dir.resolve("missing.mp4");
        Failure c = cli(missing.toString(), "--backbone", "faceapi_expression");
        Failure a = api(b -> b.backbone("faceapi_expression"), f -> f.predict(missing));
        assertEquals(c, a);
        assertEquals(ExitCodes.USER_ERROR, c.exit());
        assertTrue(c.line().contains(missing.toString()) && c.line().contains("does not exist"), c.line());
    }

    @Test
    void aFileThatIsNotAVideo() throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.mp4"), "not a video");
        StringWriter err = new StringWriter();
        var cl = Fer4jCommand.commandLine();
        cl.setOut(new PrintWriter(new StringWriter()));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(
                "predict",
                notes.toString(),
                "--backbone",
                "faceapi_expression",
                "--out",
                dir.resolve("out").toString());
        Failure a = api(b -> b.backbone("faceapi_expression"), f -> f.predict(notes));
        String message = a.line().substring("fer4j predict: error: ".length());
        // the command reports the video among the videos it ran (exit 3: some failed), the call fails with it
        assertTrue(err.toString().contains("notes: FAILED: " + message), err + " vs " + message);
        assertEquals(ExitCodes.SOME_FAILED, exit);
        assertEquals(ExitCodes.USER_ERROR, a.exit());
        assertTrue(message.contains("notes.mp4"), message);
    }

    @Test
    void aBundleOfAnotherBackboneFailsWhenTheSpecificationIsBuilt() {
        Path bundle = PredictTestSupport.bundle(
                dir,
                "tiny_backbone",
                PredictTestSupport.sha(tinyBackbone),
                new PredictTestSupport.Weights(),
                new PostProcessingConfig(2, 0.3, 1.0));
        assertTrue(withEmbeddedBackbone(bundle).contains("--backbone faceapi_expression is another model"));
    }

    @Test
    void aBundleOfAnotherWidthFailsWhenTheModelsLoad() {
        // no sha256 recorded: only the name and the widths can be compared, once the backbone is open
        Path bundle = PredictTestSupport.bundle(
                dir, "faceapi_expression", "", new PredictTestSupport.Weights(), new PostProcessingConfig(2, 0.3, 1.0));
        assertTrue(withEmbeddedBackbone(bundle).contains("embedding width 6"));
    }

    /** {@code bundle} with {@code --backbone faceapi_expression} through both: the same failure; its line. */
    private String withEmbeddedBackbone(Path bundle) {
        Failure c = cli(video.toString(), "--bundle", bundle.toString(), "--backbone", "faceapi_expression");
        Failure a = api(b -> b.bundle(bundle).backbone("faceapi_expression"), f -> f.predict(video));
        assertEquals(c, a);
        assertEquals(ExitCodes.USER_ERROR, c.exit());
        return c.line();
    }

    @Test
    void anUnknownBackboneName() {
        Failure c = cli(video.toString(), "--backbone", "no_such_model");
        Failure a = api(b -> b.backbone("no_such_model"), f -> f.predict(video));
        assertEquals(c, a);
        assertEquals(ExitCodes.USER_ERROR, c.exit());
        assertTrue(c.line().contains("unknown backbone 'no_such_model'"), c.line());
    }

    @Test
    void offlineWithoutTheModelInTheCache() {
        Assumptions.assumeTrue(System.getenv("FER4J_HOME") == null, "FER4J_HOME is set: it decides the cache");
        Path home = dir.resolve("empty-home").toAbsolutePath();
        String old = System.getProperty("fer4j.home");
        Failure c;
        System.setProperty("fer4j.home", home.toString());
        try {
            c = cli(video.toString(), "--offline");
        } finally {
            if (old == null) {
                System.clearProperty("fer4j.home");
            } else {
                System.setProperty("fer4j.home", old);
            }
        }
        // the library's default policy is offline: no option needed
        Failure a = api(b -> b.modelCache(home), f -> f.predict(video));
        assertEquals(c, a);
        assertEquals(ExitCodes.USER_ERROR, c.exit());
        assertNotNull(c.line());
        assertTrue(c.line().contains("enet_b0_8_best_vgaf") && c.line().contains("downloads are off"), c.line());
    }
}
