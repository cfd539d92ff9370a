package io.fer4j.cli;

import static io.fer4j.cli.TrainEvaluateSubmitTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.evaluation.SyntheticStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, items 1, 4 and 5 through the command line: no command overwrites a file it was not asked to own (an
 * existing output needs --force, an input is never an output), outputs and numbers are checked before the expensive
 * part, and an evaluation over no labelled frame is an error.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutputSafetyTest {
    @TempDir
    static Path root;

    SyntheticStore.Layout data;
    Path bundle;

    @BeforeAll
    void trainOnce() {
        data = new SyntheticStore(3, 8, 0, 1.0f).write(root.resolve("data"), 4, 3, 1, 120);
        bundle = root.resolve("b.fer4j.json");
        var r = run(
                "train",
                "--store",
                data.store().toString(),
                "--annotations",
                data.annotations().toString(),
                "--out",
                bundle.toString(),
                "--epochs",
                "2",
                "--folds",
                "0",
                "--deltas",
                "0,5",
                "--p0s",
                "1",
                "--primary-only",
                "--threads",
                "1");
        assertEquals(0, r.exit(), r.err() + r.out());
    }

    private static void refused(TrainEvaluateSubmitTest.Run r, String... fragments) {
        assertEquals(2, r.exit(), r.out() + r.err());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), "expected '" + f + "' in: " + r.err());
        }
    }

    @Test
    void trainRefusesAnExistingBundleBeforeTrainingAndOverwritesItWithForce() throws Exception {
        byte[] before = Files.readAllBytes(bundle);
        var r = run(
                "train",
                "--store",
                data.store().toString(),
                "--annotations",
                data.annotations().toString(),
                "--out",
                bundle.toString(),
                "--epochs",
                "2",
                "--folds",
                "0",
                "--primary-only",
                "--threads",
                "1");
        refused(r, "already exists", "--force");
        assertFalse(r.out().contains("training"), "refused before any epoch: " + r.out());
        assertArrayEquals(before, Files.readAllBytes(bundle));
        Path copy = root.resolve("copy.fer4j.json");
        Files.writeString(copy, "old");
        var f = run(
                "train",
                "--store",
                data.store().toString(),
                "--annotations",
                data.annotations().toString(),
                "--out",
                copy.toString(),
                "--epochs",
                "2",
                "--folds",
                "0",
                "--deltas",
                "0",
                "--p0s",
                "1",
                "--primary-only",
                "--threads",
                "1",
                "--force");
        assertEquals(0, f.exit(), f.err());
        assertTrue(Files.readString(copy).contains("fer4j-bundle"));
    }

    @Test
    void trainNeverWritesItsBundleIntoAnInputFolder() {
        Path inside = data.annotations().resolve("Train_Set").resolve("bundle.json");
        refused(
                run(
                        "train",
                        "--store",
                        data.store().toString(),
                        "--annotations",
                        data.annotations().toString(),
                        "--out",
                        inside.toString(),
                        "--epochs",
                        "1"),
                "--annotations",
                "never overwritten");
        assertFalse(Files.exists(inside));
    }

    @Test
    void submitNeverReplacesItsOwnTestList() throws Exception {
        byte[] before = Files.readAllBytes(data.testList());
        refused(
                run(
                        "submit",
                        "--bundle",
                        bundle.toString(),
                        "--store",
                        data.store().toString(),
                        "--test-list",
                        data.testList().toString(),
                        "--out",
                        data.testList().toString(),
                        "--force"),
                "--test-list");
        assertArrayEquals(before, Files.readAllBytes(data.testList()));
        // a second name for the same file (a symbolic link) is the same input
        Path link = Files.createSymbolicLink(root.resolve("list-link.txt"), data.testList());
        refused(
                run(
                        "submit",
                        "--bundle",
                        bundle.toString(),
                        "--store",
                        data.store().toString(),
                        "--test-list",
                        link.toString(),
                        "--out",
                        data.testList().toString(),
                        "--force"),
                "--test-list");
        assertArrayEquals(before, Files.readAllBytes(data.testList()));
    }

    @Test
    void submitRefusesAnExistingFileUnlessForce() throws Exception {
        Path out = Files.writeString(root.resolve("submission.txt"), "mine");
        refused(
                run(
                        "submit",
                        "--bundle",
                        bundle.toString(),
                        "--store",
                        data.store().toString(),
                        "--test-list",
                        data.testList().toString(),
                        "--out",
                        out.toString()),
                "already exists",
                "--force");
        assertEquals("mine", Files.readString(out));
        var r = run(
                "submit",
                "--bundle",
                bundle.toString(),
                "--store",
                data.store().toString(),
                "--test-list",
                data.testList().toString(),
                "--out",
                out.toString(),
                "--force",
                "--allow-missing");
        assertEquals(0, r.exit(), r.err());
        assertTrue(Files.readString(out).startsWith("image_location"));
    }

    @Test
    void evaluateNeverReplacesAnAnnotationFileAndChecksJsonFirst() throws Exception {
        Path annotation;
        try (var s = Files.list(data.annotations().resolve("Validation_Set"))) {
            annotation = s.filter(p -> p.toString().endsWith(".txt"))
                    .sorted()
                    .findFirst()
                    .orElseThrow();
        }
        byte[] before = Files.readAllBytes(annotation);
        var r = run(
                "evaluate",
                "--bundle",
                bundle.toString(),
                "--store",
                data.store().toString(),
                "--annotations",
                data.annotations().toString(),
                "--json",
                annotation.toString(),
                "--force");
        refused(r, "--annotations");
        assertFalse(r.out().contains("macro-F1"), "refused before evaluating: " + r.out());
        assertArrayEquals(before, Files.readAllBytes(annotation));

        Path json = Files.writeString(root.resolve("eval.json"), "mine");
        r = run(
                "evaluate",
                "--bundle",
                bundle.toString(),
                "--store",
                data.store().toString(),
                "--annotations",
                data.annotations().toString(),
                "--json",
                json.toString());
        refused(r, "already exists");
        assertFalse(r.out().contains("macro-F1"), r.out());
        assertEquals("mine", Files.readString(json));

        Path report = Files.createDirectories(root.resolve("report"));
        Files.writeString(report.resolve("evaluation.html"), "mine");
        refused(
                run(
                        "evaluate",
                        "--bundle",
                        bundle.toString(),
                        "--store",
                        data.store().toString(),
                        "--annotations",
                        data.annotations().toString(),
                        "--report",
                        report.toString()),
                "evaluation.html",
                "already exists");
        assertEquals("mine", Files.readString(report.resolve("evaluation.html")));
    }

    @Test
    void evaluateOnASplitWithNoLabelledFrameIsAnError() throws Exception {
        Path ann = root.resolve("unlabelled");
        Path split = Files.createDirectories(ann.resolve("Validation_Set"));
        try (var s = Files.list(data.annotations().resolve("Validation_Set"))) {
            for (Path p : s.toList()) {
                List<String> lines = Files.readAllLines(p);
                List<String> minus = new ArrayList<>(List.of(lines.get(0)));
                for (int i = 1; i < lines.size(); i++) {
                    minus.add("-1");
                }
                Files.write(split.resolve(p.getFileName()), minus);
            }
        }
        var r = run(
                "evaluate",
                "--bundle",
                bundle.toString(),
                "--store",
                data.store().toString(),
                "--annotations",
                ann.toString(),
                "--folds",
                "0",
                "--deltas",
                "0",
                "--p0s",
                "1");
        refused(r, "no labelled frame", "Validation_Set");
    }

    @Test
    void numericOptionsAreBounded() {
        refused(
                run(
                        "predict",
                        root.resolve("v.mp4").toString(),
                        "--delta",
                        "2147483647",
                        "--out",
                        root.resolve("o1").toString()),
                "--delta",
                "100000");
        refused(
                run(
                        "predict",
                        root.resolve("v.mp4").toString(),
                        "--p0",
                        "NaN",
                        "--out",
                        root.resolve("o2").toString()),
                "--p0");
        refused(
                run(
                        "evaluate",
                        "--bundle",
                        bundle.toString(),
                        "--store",
                        data.store().toString(),
                        "--annotations",
                        data.annotations().toString(),
                        "--deltas",
                        "0,2147483647"),
                "--deltas");
        refused(
                run(
                        "extract",
                        "--input",
                        root.toString(),
                        "--store",
                        root.resolve("s").toString(),
                        "--batch",
                        "0"),
                "--batch");
        assertFalse(Files.exists(root.resolve("o1")));
    }

    @Test
    void extractNeverUsesItsInputAsTheStore() throws Exception {
        Path video = Files.writeString(root.resolve("clip.mp4"), "not a video: refused before decoding");
        refused(run("extract", "--input", video.toString(), "--store", video.toString()), "--input");
        assertEquals("not a video: refused before decoding", Files.readString(video));
    }
}
