package io.fer4j.cli;

import static io.fer4j.cli.TrainEvaluateSubmitTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer4j.evaluation.SyntheticStore;
import io.fer4j.npy.PythonNumpy;
import io.fer4j.va.SyntheticVaStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --task va} end to end: train → evaluate --json → submit on the synthetic VA store, the submission scored by
 * an independent scorer (below, and tools/va/score_va_submission.py where numpy is installed) reproducing evaluate's
 * CCC; and every bad input of the VA track as a clear error with a non-zero exit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VaTrackTest {
    @TempDir
    static Path root;

    SyntheticVaStore.Layout va;
    SyntheticStore.Layout expr;
    Path vaBundle;
    Path exprBundle;
    JsonNode evaluation;

    @BeforeAll
    void trainBoth() throws IOException {
        va = new SyntheticVaStore(5, 16, 0, 1.5f).write(root.resolve("va"), 6, 4, 240);
        vaBundle = root.resolve("va.fer4j.json");
        TrainEvaluateSubmitTest.Run t = run(
                "train",
                "--task",
                "va",
                "--store",
                va.store().toString(),
                "--annotations",
                va.annotations().toString(),
                "--out",
                vaBundle.toString(),
                "--epochs",
                "6",
                "--folds",
                "2",
                "--deltas",
                "0,5,10,20");
        assertEquals(0, t.exit(), t.err() + t.out());
        assertTrue(t.out().contains("val CCC valence"), t.out());
        Path json = root.resolve("va-eval.json");
        TrainEvaluateSubmitTest.Run e = run(
                "evaluate",
                "--bundle",
                vaBundle.toString(),
                "--store",
                va.store().toString(),
                "--annotations",
                va.annotations().toString(),
                "--json",
                json.toString(),
                "--ablation",
                "--folds",
                "2",
                "--deltas",
                "0,5,10,20",
                "--report",
                root.resolve("report").toString());
        assertEquals(0, e.exit(), e.err() + e.out());
        String page = Files.readString(root.resolve("report/evaluation.html"));
        assertTrue(
                page.contains("id=\"va-metrics\"")
                        && page.contains("id=\"ablation\"")
                        && page.contains("data:image/png;base64"),
                "VA report page");
        evaluation = new ObjectMapper().readTree(json.toFile());
        expr = new SyntheticStore(3, 16, 0, 1.6f).write(root.resolve("expr"), 4, 3, 1, 160);
        exprBundle = root.resolve("expr.fer4j.json");
        TrainEvaluateSubmitTest.Run x = run(
                "train",
                "--store",
                expr.store().toString(),
                "--annotations",
                expr.annotations().toString(),
                "--out",
                exprBundle.toString(),
                "--epochs",
                "2",
                "--primary-only",
                "--folds",
                "0",
                "--deltas",
                "0,5");
        assertEquals(0, x.exit(), x.err() + x.out());
    }

    @Test
    void evaluateReportsCccPearsonRmseAndAblationRows() {
        assertEquals("va", evaluation.get("task").asText());
        double v = evaluation.get("ccc_valence").asDouble();
        double a = evaluation.get("ccc_arousal").asDouble();
        assertEquals((v + a) / 2, evaluation.get("ccc_mean").asDouble(), 1e-15);
        assertTrue(evaluation.get("pearson_valence").isNumber()
                && evaluation.get("rmse_arousal").isNumber());
        assertTrue(evaluation.get("honest_kfold_ccc_mean").isNumber());
        List<String> rows = new java.util.ArrayList<>();
        evaluation.get("rows").forEach(r -> rows.add(r.get("name").asText()));
        assertEquals(
                List.of(
                        "backbone VA (multi-task outputs), filled",
                        "backbone VA + smoothing",
                        "VA head, filled",
                        "VA head + smoothing"),
                rows);
    }

    @Test
    void submitReproducesEvaluateExactly() throws Exception {
        Path out = root.resolve("va-submission.csv");
        TrainEvaluateSubmitTest.Run s = run(
                "submit",
                "--bundle",
                vaBundle.toString(),
                "--store",
                va.store().toString(),
                "--test-list",
                va.testList().toString(),
                "--out",
                out.toString());
        assertEquals(0, s.exit(), s.err() + s.out());
        List<String> lines = Files.readAllLines(out);
        assertEquals("image_location,valence,arousal", lines.get(0));
        assertFalse(lines.get(1).contains("E"), "plain decimals: " + lines.get(1));
        double[] ccc = score(lines, va.annotations().resolve("Validation_Set"));
        assertEquals(evaluation.get("ccc_valence").asDouble(), ccc[0], 1e-12);
        assertEquals(evaluation.get("ccc_arousal").asDouble(), ccc[1], 1e-12);
        assertEquals(evaluation.get("frames").asLong(), (long) ccc[2]);
    }

    /**
     * {@code predict --bundle} with the VA bundle trained above: its head and tuned δ give each frame of a face-image
     * folder exactly {@link io.fer4j.va.VaPredictor}'s values on the folder's kept features. The bundle is rebound to
     * a tiny 10-output backbone of the store's width (the synthetic store has no model to run on images).
     */
    @Test
    void predictWithTheTrainedVaBundleGivesVaPredictorsValues() throws Exception {
        Path dir = Files.createDirectories(root.resolve("predict-va"));
        Path backbone = io.fer4j.vision.testing.TinyOnnxModels.build(
                        io.fer4j.vision.testing.TinyOnnxModels.Options.defaults()
                                .withSize(16)
                                .withChannels(16)
                                .withOutputs(10)
                                .withSeed(3))
                .write(dir.resolve("mtl.onnx"));
        ObjectMapper json = new ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode tree =
                (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(vaBundle.toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("backbone"))
                .put("name", "mtl")
                .put("sha256", io.fer4j.store.Sha256.of(backbone));
        Path rebound = dir.resolve("rebound.fer4j.json");
        json.writeValue(rebound.toFile(), tree);
        Path folder = Files.createDirectories(dir.resolve("clip"));
        java.util.Random r = new java.util.Random(9);
        for (int k = 1; k <= 40; k++) {
            if (k % 7 == 3) {
                continue; // frames 3, 10, 17, ... have no face
            }
            java.awt.image.BufferedImage img =
                    new java.awt.image.BufferedImage(20, 20, java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
            for (int y = 0; y < 20; y++) {
                for (int x = 0; x < 20; x++) {
                    img.setRGB(x, y, r.nextInt(0x1000000));
                }
            }
            javax.imageio.ImageIO.write(
                    img, "png", folder.resolve(String.format("%05d.png", k)).toFile());
        }
        Path out = dir.resolve("out");
        TrainEvaluateSubmitTest.Run p = run(
                "predict",
                folder.toString(),
                "--backbone",
                backbone.toString(),
                "--bundle",
                rebound.toString(),
                "--out",
                out.toString(),
                "--keep-features",
                "--threads",
                "1");
        assertEquals(0, p.exit(), p.err() + p.out());
        io.fer4j.va.VaBundle bundle = io.fer4j.bundle.BundleFiles.readVa(rebound);
        assertTrue(bundle.deltaFrames() > 0, "δ tuned on validation: " + bundle.deltaFrames());
        io.fer4j.va.VaPredictor.Prediction expected = new io.fer4j.va.VaPredictor(bundle)
                .predict(io.fer4j.bundle.StoredFeatures.read(io.fer4j.store.FeatureStore.open(out.resolve("features"))
                        .video("clip")));
        List<String> lines = Files.readAllLines(out.resolve("clip.csv"));
        assertEquals(41, lines.size());
        for (int i = 1; i <= 40; i++) {
            String[] row = lines.get(i).split(",", -1);
            assertEquals(
                    String.format(java.util.Locale.ROOT, "%.6f", expected.valenceArousal()[2 * (i - 1)]),
                    row[17],
                    "valence of frame " + i);
            assertEquals(
                    String.format(java.util.Locale.ROOT, "%.6f", expected.valenceArousal()[2 * (i - 1) + 1]),
                    row[18],
                    "arousal of frame " + i);
        }
        JsonNode summary = json.readTree(out.resolve("clip.json").toFile()).get("valence_arousal");
        assertEquals(expected.mean(0), summary.get("valence_mean").asDouble(), 1e-12);
        assertEquals(expected.standardDeviation(1), summary.get("arousal_std").asDouble(), 1e-12);
    }

    /** The same with the committed numpy scorer (skipped where /usr/bin/python3 has no numpy). */
    @Test
    void numpyScorerReproducesEvaluate() throws Exception {
        Path out = root.resolve("va-submission-numpy.csv");
        TrainEvaluateSubmitTest.Run s = run(
                "submit",
                "--bundle",
                vaBundle.toString(),
                "--store",
                va.store().toString(),
                "--test-list",
                va.testList().toString(),
                "--out",
                out.toString());
        assertEquals(0, s.exit(), s.err() + s.out());
        Path script = Path.of(System.getProperty("user.dir")).getParent().resolve("tools/va/score_va_submission.py");
        String py = PythonNumpy.runFile(
                root,
                script,
                out.toString(),
                va.annotations().resolve("Validation_Set").toString());
        JsonNode p = new ObjectMapper().readTree(py);
        assertEquals(
                evaluation.get("ccc_valence").asDouble(), p.get("ccc_valence").asDouble(), 1e-12);
        assertEquals(
                evaluation.get("ccc_arousal").asDouble(), p.get("ccc_arousal").asDouble(), 1e-12);
    }

    /**
     * An independent scorer (no fer4j code): pooled CCC over annotated frames, two-pass population moments in
     * double; returns {valence CCC, arousal CCC, frames}.
     */
    private static double[] score(List<String> submission, Path splitDir) throws IOException {
        Map<String, double[]> predicted = new HashMap<>();
        for (String line : submission.subList(1, submission.size())) {
            String[] p = line.split(",");
            predicted.put(p[0], new double[] {Double.parseDouble(p[1]), Double.parseDouble(p[2])});
        }
        List<double[]> pairs = new java.util.ArrayList<>(); // {pv, pa, tv, ta}
        try (var files = Files.list(splitDir)) {
            for (Path f : files.sorted().toList()) {
                String video = f.getFileName().toString().replace(".txt", "");
                List<String> rows = Files.readAllLines(f);
                for (int i = 1; i < rows.size(); i++) {
                    String[] t = rows.get(i).split(",");
                    double tv = Double.parseDouble(t[0]);
                    double ta = Double.parseDouble(t[1]);
                    double[] p = predicted.get(String.format("%s/%05d.jpg", video, i));
                    if (p != null && Math.abs(tv) <= 1 && Math.abs(ta) <= 1) {
                        pairs.add(new double[] {p[0], p[1], tv, ta});
                    }
                }
            }
        }
        return new double[] {ccc(pairs, 0, 2), ccc(pairs, 1, 3), pairs.size()};
    }

    private static double ccc(List<double[]> pairs, int x, int y) {
        double n = pairs.size();
        double mx = pairs.stream().mapToDouble(p -> p[x]).sum() / n;
        double my = pairs.stream().mapToDouble(p -> p[y]).sum() / n;
        double vx = pairs.stream().mapToDouble(p -> (p[x] - mx) * (p[x] - mx)).sum() / n;
        double vy = pairs.stream().mapToDouble(p -> (p[y] - my) * (p[y] - my)).sum() / n;
        double c = pairs.stream().mapToDouble(p -> (p[x] - mx) * (p[y] - my)).sum() / n;
        return 2 * c / (vx + vy + (mx - my) * (mx - my));
    }

    private static void fails(String expected, String... args) {
        TrainEvaluateSubmitTest.Run r = run(args);
        assertNotEquals(0, r.exit(), r.out());
        assertTrue(r.err().contains(expected), "expected '" + expected + "' in: " + r.err());
    }

    @Test
    void taskVaOnExprAnnotationsAndTheReverseFailNamingFileAndLine() {
        fails(
                "line 1: expected the VA header",
                "train",
                "--task",
                "va",
                "--store",
                expr.store().toString(),
                "--annotations",
                expr.annotations().toString(),
                "--out",
                root.resolve("x1.json").toString());
        fails(
                "--task expr",
                "train",
                "--task",
                "va",
                "--store",
                expr.store().toString(),
                "--annotations",
                expr.annotations().toString(),
                "--out",
                root.resolve("x1.json").toString());
        fails(
                "use it with --task va",
                "train",
                "--store",
                va.store().toString(),
                "--annotations",
                va.annotations().toString(),
                "--out",
                root.resolve("x2.json").toString());
        assertFalse(Files.exists(root.resolve("x1.json")) || Files.exists(root.resolve("x2.json")));
    }

    @Test
    void bundleAndTestListOfDifferentTracksAreRefused() {
        fails(
                "expression (EXPR) test list",
                "submit",
                "--bundle",
                vaBundle.toString(),
                "--store",
                expr.store().toString(),
                "--test-list",
                expr.testList().toString(),
                "--out",
                root.resolve("s1.csv").toString());
        fails(
                "valence-arousal test list",
                "submit",
                "--bundle",
                exprBundle.toString(),
                "--store",
                va.store().toString(),
                "--test-list",
                va.testList().toString(),
                "--out",
                root.resolve("s2.csv").toString());
        fails(
                "--task va",
                "evaluate",
                "--bundle",
                exprBundle.toString(),
                "--task",
                "va",
                "--store",
                va.store().toString(),
                "--annotations",
                va.annotations().toString());
        assertFalse(Files.exists(root.resolve("s1.csv")) || Files.exists(root.resolve("s2.csv")));
    }

    @Test
    void backboneOnlyNeedsVaOutputs() throws IOException {
        // the EXPR synthetic store's backbone has 8 outputs; give it VA annotations of the right lengths
        Path annotations = root.resolve("va-on-expr");
        for (String split : List.of("Train_Set", "Validation_Set")) {
            Files.createDirectories(annotations.resolve(split));
            try (var files = Files.list(expr.annotations().resolve(split))) {
                for (Path f : files.toList()) {
                    int frames = Files.readAllLines(f).size() - 1;
                    Files.writeString(
                            annotations.resolve(split).resolve(f.getFileName()),
                            "valence,arousal\n" + "0.1,0.2\n".repeat(frames));
                }
            }
        }
        fails(
                "--va-source backbone needs a multi-task backbone",
                "train",
                "--task",
                "va",
                "--va-source",
                "backbone",
                "--store",
                expr.store().toString(),
                "--annotations",
                annotations.toString(),
                "--out",
                root.resolve("x3.json").toString(),
                "--allow-missing");
    }

    @Test
    void aSplitWithoutAnnotatedFramesIsRefused() throws IOException {
        Path annotations = root.resolve("va-unannotated");
        for (String split : List.of("Train_Set", "Validation_Set")) {
            Files.createDirectories(annotations.resolve(split));
            try (var files = Files.list(va.annotations().resolve(split))) {
                for (Path f : files.toList()) {
                    int frames = Files.readAllLines(f).size() - 1;
                    Files.writeString(
                            annotations.resolve(split).resolve(f.getFileName()),
                            split.equals("Train_Set")
                                    ? "valence,arousal\n" + "-5,-5\n".repeat(frames)
                                    : Files.readString(f));
                }
            }
        }
        fails(
                "Train_Set",
                "train",
                "--task",
                "va",
                "--store",
                va.store().toString(),
                "--annotations",
                annotations.toString(),
                "--out",
                root.resolve("x5.json").toString());
    }

    @Test
    void frameCountDisagreeingWithTheStoreIsRefused() throws IOException {
        Path annotations = root.resolve("va-long");
        for (String split : List.of("Train_Set", "Validation_Set")) {
            Files.createDirectories(annotations.resolve(split));
            try (var files = Files.list(va.annotations().resolve(split))) {
                for (Path f : files.toList()) {
                    String text = Files.readString(f);
                    Files.writeString(
                            annotations.resolve(split).resolve(f.getFileName()),
                            f.getFileName().toString().equals("val_0.txt") ? text + "0.1,0.1\n".repeat(50) : text);
                }
            }
        }
        fails(
                "val_0.txt",
                "train",
                "--task",
                "va",
                "--store",
                va.store().toString(),
                "--annotations",
                annotations.toString(),
                "--out",
                root.resolve("x4.json").toString());
    }
}
