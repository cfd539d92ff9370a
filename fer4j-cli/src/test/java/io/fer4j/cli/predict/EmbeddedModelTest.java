package io.fer4j.cli.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer4j.cli.Fer4jCommand;
import io.fer4j.engine.Engine;
import io.fer4j.engine.EngineSpec;
import io.fer4j.error.Fer4jException;
import io.fer4j.model.ModelPolicy;
import io.fer4j.vision.registry.DownloadProgress;
import io.fer4j.vision.registry.ModelCache;
import io.fer4j.vision.registry.ModelDownloader;
import io.fer4j.vision.registry.ModelEntry;
import io.fer4j.vision.registry.ModelRegistry;
import io.fer4j.vision.registry.ModelResolver;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The embedded trained model end to end: fer4j's own detection and cropping then faceapi_expression label face-api.js's
 * angry and surprised test faces (which face-api.js's own suite expects above 0.95) and the repository's sample video;
 * without a cached or downloadable EmotiEffNet, predict falls back to it and says so; extract never does.
 */
class EmbeddedModelTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        CommandLine cl = Fer4jCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static Path media() {
        String shared = System.getProperty("fer4j.shared");
        Path m = shared == null ? null : Path.of(shared, "fixtures", "media");
        Assumptions.assumeTrue(m != null && Files.isDirectory(m), "../shared/fixtures not present");
        return m;
    }

    /** label_name of each CSV row, checking the backbone column. */
    private static List<String> labels(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        assertTrue(lines.get(0).endsWith(",backbone"), lines.get(0));
        List<String> out = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            String[] cells = l.split(",", -1);
            assertEquals("faceapi_expression", cells[cells.length - 1], l);
            out.add(cells[8]);
        }
        return out;
    }

    @Test
    void angryAndSurprisedTestFacesAreLabelledAngerAndSurprise() throws Exception {
        Path media = media();
        for (String[] c : new String[][] {{"angry", "Anger"}, {"surprised", "Surprise"}}) {
            Path out = dir.resolve(c[0]);
            Run r = run(
                    "predict",
                    media.resolve(c[0] + ".jpg").toString(),
                    "--backbone",
                    "faceapi_expression",
                    "--out",
                    out.toString());
            assertEquals(0, r.exit(), r.out() + r.err());
            List<String> labels = labels(out.resolve(c[0] + ".csv"));
            assertEquals(List.of(c[1]), labels, "an image is a one-frame video: " + c[0]);
        }
    }

    @Test
    void theSampleVideoInTheRepositoryShowsHappinessAngerSurprise() throws Exception {
        Path sample = Path.of("..", "samples", "faces.mp4"); // surefire runs in the module folder
        assertTrue(Files.isRegularFile(sample), "samples/faces.mp4 is part of the repository");
        Path out = dir.resolve("sample");
        Run r = run("predict", sample.toString(), "--backbone", "faceapi_expression", "--out", out.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        List<String> labels = labels(out.resolve("faces.csv"));
        assertEquals(300, labels.size(), "12 s at 25 fps");
        // 4 s each: six smiling people, angry.jpg, surprised.jpg
        assertEquals("Happiness", majority(labels.subList(0, 100)));
        assertEquals("Anger", majority(labels.subList(100, 200)));
        assertEquals("Surprise", majority(labels.subList(200, 300)));
    }

    private static String majority(List<String> labels) {
        Map<String, Integer> n = new HashMap<>();
        labels.forEach(l -> n.merge(l, 1, Integer::sum));
        return n.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .orElseThrow()
                .getKey();
    }

    /** The built-in registry with enet_b0_8_best_vgaf pointed at a closed local port: an offline machine, hermetic. */
    private static ModelRegistry offlineRegistry() {
        List<ModelEntry> entries = new ArrayList<>();
        for (ModelEntry e : ModelRegistry.builtIn().entries()) {
            entries.add(
                    e.name().equals(EngineSpec.DEFAULT_BACKBONE)
                            ? new ModelEntry(
                                    e.name(),
                                    e.kind(),
                                    "http://127.0.0.1:9/enet_b0_8_best_vgaf.onnx",
                                    e.sha256(),
                                    e.sha256Source(),
                                    e.fileName(),
                                    e.licence(),
                                    e.description(),
                                    e.backbone(),
                                    null)
                            : e);
        }
        return new ModelRegistry(entries);
    }

    @Test
    void predictFallsBackToTheEmbeddedModelOfflineAndSaysSo() {
        ModelResolver offline = new ModelResolver(
                offlineRegistry(),
                new ModelCache(dir.resolve("home")),
                ModelDownloader.defaults(),
                e -> DownloadProgress.NONE);
        EngineSpec noBackbone = EngineSpec.builder()
                .threads(1)
                .modelPolicy(ModelPolicy.DOWNLOAD_OR_EMBEDDED)
                .build();
        try (Engine engine = Engine.open(noBackbone, offline)) {
            assertEquals("faceapi_expression", engine.models().embedder().name());
            String why = engine.models().fallbackReason().orElseThrow();
            assertTrue(why.contains("enet_b0_8_best_vgaf") && why.contains("fer4j models fetch"), why);
            Object recorded = engine.provenance(Map.of()).parameters().get("backbone_fallback");
            assertEquals(why, recorded, "the JSON and HTML provenance carry the reason");
        }
        // named explicitly, the backbone is a contract: no fallback
        EngineSpec named =
                noBackbone.toBuilder().backbone(EngineSpec.DEFAULT_BACKBONE).build();
        Fer4jException e = assertThrows(Fer4jException.class, () -> Engine.open(named, offline));
        assertTrue(
                e.getMessage().contains("--backbone faceapi_expression"),
                "names the embedded alternative: " + e.getMessage());
        // a library's default policy neither downloads nor substitutes: the missing model is an error naming it
        EngineSpec library = EngineSpec.builder().threads(1).build();
        e = assertThrows(Fer4jException.class, () -> Engine.open(library, offline));
        assertTrue(
                e.getMessage().contains("enet_b0_8_best_vgaf") && e.getMessage().contains("downloads are off"),
                e.getMessage());
    }

    @Test
    void theFallbackReachesTheJsonSummary() throws Exception {
        Path media = media();
        Path out = dir.resolve("json");
        Run r = run(
                "predict",
                media.resolve("angry.jpg").toString(),
                "--backbone",
                "faceapi_expression",
                "--out",
                out.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode json = new ObjectMapper().readTree(out.resolve("angry.json").toFile());
        assertEquals(
                "faceapi_expression",
                json.get("provenance").get("models").get(0).get("name").asText());
        assertFalse(
                json.get("provenance").get("parameters").has("backbone_fallback"), "asked for by name: not a fallback");
    }
}
