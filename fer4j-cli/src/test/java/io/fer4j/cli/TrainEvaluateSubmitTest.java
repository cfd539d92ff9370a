package io.fer4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer4j.bundle.Bundle;
import io.fer4j.bundle.BundleFiles;
import io.fer4j.bundle.BundlePredictor;
import io.fer4j.bundle.StoredFeatures;
import io.fer4j.evaluation.SyntheticStore;
import io.fer4j.postprocess.VideoPrediction;
import io.fer4j.store.FeatureStore;
import io.fer4j.store.StoredVideo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end through the command line: train → evaluate (--ablation --json) → submit on a synthetic store with audio
 * written by the test, and the same without audio.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrainEvaluateSubmitTest {
    static final String[] CLASSES = {"Neutral", "Anger", "Disgust", "Fear", "Happiness", "Sadness", "Surprise", "Other"
    };

    @TempDir
    static Path root;

    SyntheticStore.Layout av;
    Path avBundle;
    String avTrainOut;

    @BeforeAll
    void trainWithAudio() {
        av = new SyntheticStore(7, 16, 6, 1.6f).write(root.resolve("av"), 6, 5, 2, 240);
        avBundle = root.resolve("av.fer4j.json");
        Run r = run(
                "train",
                "--store",
                av.store().toString(),
                "--annotations",
                av.annotations().toString(),
                "--out",
                avBundle.toString(),
                "--epochs",
                "6",
                "--modality",
                "both",
                "--folds",
                "3",
                "--deltas",
                "0,5,10,20,40",
                "--threads",
                "2");
        assertEquals(0, r.exit, r.err + r.out);
        avTrainOut = r.out;
    }

    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = Fer4jCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void trainWritesAVersionedBundleWithProvenance() throws Exception {
        assertTrue(Files.isRegularFile(avBundle));
        JsonNode b = new ObjectMapper().readTree(avBundle.toFile());
        assertEquals("fer4j-bundle", b.get("format").asText());
        assertEquals(1, b.get("format_version").asInt());
        assertEquals("both", b.get("modality").asText());
        assertEquals(List.of("visual-weighted-ce", "visual-focal", "audio-focal"), iterNames(b.get("heads")));
        assertEquals(16, b.at("/backbone/embedding_dim").asInt());
        assertEquals("synthetic_b0", b.at("/backbone/name").asText());
        assertEquals(6, b.at("/provenance/train/videos").asInt());
        assertEquals(64, b.at("/provenance/train/annotations_sha256").asText().length());
        assertTrue(b.at("/provenance/validation_metrics/tuned_macro_f1").isNumber());
        assertTrue(b.at("/provenance/validation_metrics/honest_kfold_macro_f1").isNumber());
        for (String head : List.of("visual-weighted-ce", "visual-focal", "audio-focal")) {
            JsonNode h = b.get("heads").get(head);
            assertEquals(6, h.get("epochs").size());
            assertEquals(8, h.at("/logit_adjustment/bias").size());
            for (String k : List.of(
                    "none",
                    "paper",
                    "balanced-ce",
                    "prior",
                    "paper.honest_kfold",
                    "balanced-ce.honest_kfold",
                    "prior.honest_kfold")) {
                assertTrue(h.get("estimator_scores").get(k).isNumber(), k + " compared on validation");
            }
            assertTrue(b.at("/provenance/hyperparameters/gla_best_honest_kfold." + head)
                    .isTextual());
            assertEquals("paper", h.at("/logit_adjustment/estimator").asText());
        }
        assertTrue(avTrainOut.contains("GLA best on validation"), avTrainOut);
        assertTrue(avTrainOut.contains("honest k-fold"), avTrainOut);
    }

    private static List<String> iterNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void evaluateAblationJsonMatchesAnIndependentRecomputation() throws Exception {
        Path json = root.resolve("eval.json");
        Run r = run(
                "evaluate",
                "--bundle",
                avBundle.toString(),
                "--store",
                av.store().toString(),
                "--annotations",
                av.annotations().toString(),
                "--ablation",
                "--json",
                json.toString(),
                "--folds",
                "3",
                "--deltas",
                "0,5,10,20,40",
                "--threads",
                "2");
        assertEquals(0, r.exit, r.err + r.out);
        JsonNode j = new ObjectMapper().readTree(json.toFile());
        assertEquals(8, j.get("per_class_f1").size());
        assertEquals(8, j.get("confusion").size());
        for (JsonNode row : j.get("confusion")) {
            assertEquals(8, row.size());
        }
        double f1 = j.get("macro_f1").asDouble();
        double acc = j.get("accuracy").asDouble();
        assertTrue(f1 >= 0 && f1 <= 1 && acc >= 0 && acc <= 1);

        // independent recomputation: predict every validation frame with the bundle, score with plain counting
        Bundle bundle = BundleFiles.read(avBundle);
        BundlePredictor predictor = new BundlePredictor(bundle);
        List<int[]> truth = new ArrayList<>();
        List<int[]> predicted = new ArrayList<>();
        FeatureStore fs = FeatureStore.open(av.store());
        try (var files = Files.list(av.annotations().resolve("Validation_Set"))) {
            for (Path f : files.sorted().toList()) {
                List<String> lines = Files.readAllLines(f);
                int[] y = lines.subList(1, lines.size()).stream()
                        .mapToInt(Integer::parseInt)
                        .toArray();
                String id = f.getFileName().toString().replace(".txt", "");
                StoredVideo v = fs.video(id);
                VideoPrediction p = predictor.predict(StoredFeatures.read(v));
                int[] labels = new int[y.length];
                for (int i = 0; i < y.length; i++) {
                    // the annotation may be one frame longer than the store: that frame takes the last prediction
                    labels[i] = p.labels()[Math.min(i, p.labels().length - 1)];
                }
                truth.add(y);
                predicted.add(labels);
            }
        }
        double[] expected = macroF1AndAccuracy(truth, predicted);
        assertEquals(expected[0], f1, 1e-12);
        assertEquals(expected[1], acc, 1e-12);
        assertEquals(bundle.postProcessing().deltaFrames(), j.get("delta").asInt());
        // what train measured in memory equals what evaluate measures with the bundle read back from disk
        assertEquals(bundle.provenance().validationMetrics().get("tuned_macro_f1"), f1, 1e-12);
        assertEquals(bundle.provenance().validationMetrics().get("tuned_accuracy"), acc, 1e-12);
        assertTrue(j.get("honest_kfold").get("macro_f1").isNumber());

        List<String> names = new ArrayList<>();
        for (JsonNode row : j.get("rows")) {
            names.add(row.get("name").asText());
            for (String k : List.of("macro_f1", "accuracy", "delta", "p0", "w")) {
                assertTrue(row.get(k).isNumber(), k + " of " + row);
            }
            assertTrue(
                    row.get("macro_f1").asDouble() >= 0 && row.get("macro_f1").asDouble() <= 1);
        }
        assertEquals(
                List.of(
                        "backbone only, mapped to ABAW",
                        "EmotiEffNet (MLP)",
                        "+ calibration",
                        "+ confidence-gated calibration",
                        "focal loss",
                        "focal loss + calibration",
                        "calibration + smoothing",
                        "confidence-gated calibration + smoothing",
                        "wav2vec 2.0, focal loss",
                        "wav2vec 2.0, focal loss + GLA",
                        "wav2vec 2.0, focal loss + GLA + smoothing",
                        "wav2vec 2.0 + EmotiEffNet, calibration",
                        "wav2vec 2.0 + EmotiEffNet, calibration + smoothing",
                        "wav2vec 2.0 + EmotiEffNet, confidence-gated calibration + smoothing"),
                names);
        JsonNode mlp = j.get("rows").get(1);
        assertEquals(0, mlp.get("delta").asInt());
        assertEquals(1.0, mlp.get("p0").asDouble());
        assertEquals(1.0, mlp.get("w").asDouble());
        JsonNode audioOnly = j.get("rows").get(8);
        assertEquals(0.0, audioOnly.get("w").asDouble());
        // smoothing can only be chosen when it helps: the tuned smoothed row is at least the unsmoothed one
        assertTrue(j.get("rows").get(6).get("macro_f1").asDouble()
                >= j.get("rows").get(2).get("macro_f1").asDouble());
        assertTrue(r.out.contains("confusion"), r.out);
    }

    /** Macro-F1 (8 classes, absent classes 0) and accuracy over frames with truth ≠ −1, by plain counting. */
    static double[] macroF1AndAccuracy(List<int[]> truth, List<int[]> predicted) {
        long[] tp = new long[8];
        long[] fp = new long[8];
        long[] fn = new long[8];
        long correct = 0;
        long total = 0;
        for (int v = 0; v < truth.size(); v++) {
            for (int i = 0; i < truth.get(v).length; i++) {
                int t = truth.get(v)[i];
                int p = predicted.get(v)[i];
                if (t < 0) {
                    continue;
                }
                total++;
                if (t == p) {
                    tp[t]++;
                    correct++;
                } else {
                    fp[p]++;
                    fn[t]++;
                }
            }
        }
        double sum = 0;
        for (int c = 0; c < 8; c++) {
            double d = 2.0 * tp[c] + fp[c] + fn[c];
            sum += d == 0 ? 0 : 2.0 * tp[c] / d;
        }
        return new double[] {sum / 8, (double) correct / total};
    }

    @Test
    void submitWritesEveryListedFrameInOrder() throws Exception {
        Path out = root.resolve("submission.txt");
        Run r = run(
                "submit",
                "--bundle",
                avBundle.toString(),
                "--store",
                av.store().toString(),
                "--test-list",
                av.testList().toString(),
                "--out",
                out.toString());
        assertEquals(0, r.exit, r.err + r.out);
        List<String> list = Files.readAllLines(av.testList());
        List<String> sub = Files.readAllLines(out);
        assertEquals("image_location," + String.join(",", CLASSES), sub.get(0));
        assertEquals(list.size(), sub.size());
        Bundle bundle = BundleFiles.read(avBundle);
        BundlePredictor predictor = new BundlePredictor(bundle);
        FeatureStore fs = FeatureStore.open(av.store());
        java.util.Map<String, int[]> labels = new java.util.HashMap<>();
        for (String id : av.testVideos()) {
            labels.put(id, predictor.predict(StoredFeatures.read(fs.video(id))).labels());
        }
        for (int i = 1; i < list.size(); i++) {
            String location = list.get(i).split(",")[0];
            String[] parts = sub.get(i).split(",");
            assertEquals(2, parts.length);
            assertEquals(location, parts[0], "order of the test list");
            String id = location.substring(0, location.indexOf('/'));
            int frame = Integer.parseInt(location.substring(location.indexOf('/') + 1, location.indexOf('.')));
            int[] l = labels.get(id);
            assertEquals(l[Math.min(frame, l.length) - 1], Integer.parseInt(parts[1]), location);
        }
    }

    @Test
    void submitNamesVideosMissingFromTheStore() throws Exception {
        Path list = root.resolve("list_missing.txt");
        Files.writeString(
                list,
                "image_location,Neutral,Anger,Disgust,Fear,Happiness,Sadness,Surprise,Other\n"
                        + "test_0/00001.jpg,0\nghost_video/00001.jpg,0\n");
        Path out = root.resolve("sub_missing.txt");
        Run r = run(
                "submit",
                "--bundle",
                avBundle.toString(),
                "--store",
                av.store().toString(),
                "--test-list",
                list.toString(),
                "--out",
                out.toString());
        assertEquals(2, r.exit);
        assertTrue(r.err.contains("ghost_video"), r.err);
        assertFalse(Files.exists(out), "nothing written");
        Run allowed = run(
                "submit",
                "--bundle",
                avBundle.toString(),
                "--store",
                av.store().toString(),
                "--test-list",
                list.toString(),
                "--out",
                out.toString(),
                "--allow-missing");
        assertEquals(0, allowed.exit, allowed.err);
        assertEquals(3, Files.readAllLines(out).size());
    }

    @Test
    void visualOnlyStoreGivesVisualRowsAndRejectsAudioModality() throws Exception {
        SyntheticStore.Layout v = new SyntheticStore(11, 12, 0, 1.6f).write(root.resolve("v"), 4, 4, 1, 200);
        Path bundle = root.resolve("v.fer4j.json");
        Run audio = run(
                "train",
                "--store",
                v.store().toString(),
                "--annotations",
                v.annotations().toString(),
                "--out",
                bundle.toString(),
                "--epochs",
                "2",
                "--modality",
                "audio");
        assertEquals(2, audio.exit);
        assertTrue(audio.err.contains("audio.npy"), audio.err);
        assertFalse(Files.exists(bundle));

        Run train = run(
                "train",
                "--store",
                v.store().toString(),
                "--annotations",
                v.annotations().toString(),
                "--out",
                bundle.toString(),
                "--epochs",
                "3",
                "--loss",
                "focal",
                "--folds",
                "2",
                "--deltas",
                "0,10,30");
        assertEquals(0, train.exit, train.err + train.out);
        Path json = root.resolve("v.json");
        Run eval = run(
                "evaluate",
                "--bundle",
                bundle.toString(),
                "--store",
                v.store().toString(),
                "--annotations",
                v.annotations().toString(),
                "--ablation",
                "--json",
                json.toString(),
                "--folds",
                "2",
                "--deltas",
                "0,10,30");
        assertEquals(0, eval.exit, eval.err + eval.out);
        JsonNode j = new ObjectMapper().readTree(json.toFile());
        assertEquals(8, j.get("rows").size());
        for (JsonNode row : j.get("rows")) {
            assertFalse(row.get("name").asText().contains("wav2vec"));
        }
        assertEquals("visual-focal", BundleFiles.read(bundle).primaryVisual());

        // a bundle of another backbone (D=16) does not load onto this store (D=12)
        Run mismatch = run(
                "evaluate",
                "--bundle",
                avBundle.toString(),
                "--store",
                v.store().toString(),
                "--annotations",
                v.annotations().toString());
        assertEquals(2, mismatch.exit);
        assertTrue(
                mismatch.err.contains(avBundle.toString())
                        && mismatch.err.contains(v.store().toString())
                        && mismatch.err.contains("embedding width 16"),
                mismatch.err);
    }
}
