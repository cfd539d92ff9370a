package io.fer4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10 through {@code fer4j predict}: refusals come before any model is loaded or any frame decoded, and
 * {@code --out} is created only after the models, the bundle and the inputs were accepted.
 */
class PredictOutputSafetyTest {
    @TempDir
    Path dir;

    private static final String CONTENT = "the user's video: never rewritten";

    private Path video(String name) throws Exception {
        return Files.writeString(dir.resolve(name), CONTENT);
    }

    private static void refused(TrainEvaluateSubmitTest.Run r, String... fragments) {
        assertEquals(2, r.exit(), r.out() + r.err());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), "expected '" + f + "' in: " + r.err());
        }
    }

    @Test
    void annotateOnItsOwnInputIsRefusedEvenWithForce() throws Exception {
        Path v = video("src.mp4");
        Path out = dir.resolve("out");
        refused(
                TrainEvaluateSubmitTest.run(
                        "predict", v.toString(), "--annotate", v.toString(), "--force", "--out", out.toString()),
                "--annotate",
                "never overwritten");
        assertEquals(CONTENT, Files.readString(v));
        assertFalse(Files.exists(out), "--out is not created when the run is refused");
    }

    @Test
    void annotateIntoTheInputFolderIsRefused() throws Exception {
        Path in = Files.createDirectories(dir.resolve("videos"));
        Files.writeString(in.resolve("a.mp4"), CONTENT);
        Files.writeString(in.resolve("b.mp4"), CONTENT);
        refused(
                TrainEvaluateSubmitTest.run(
                        "predict",
                        in.toString(),
                        "--annotate",
                        in.toString(),
                        "--force",
                        "--out",
                        dir.resolve("out").toString()),
                "a.mp4",
                "never overwritten");
        assertEquals(CONTENT, Files.readString(in.resolve("a.mp4")));
    }

    @Test
    void anExistingAnnotateTargetNeedsForce() throws Exception {
        Path v = video("clip.mp4");
        Path target = Files.writeString(dir.resolve("important.mp4"), "mine");
        refused(
                TrainEvaluateSubmitTest.run(
                        "predict",
                        v.toString(),
                        "--annotate",
                        target.toString(),
                        "--out",
                        dir.resolve("out").toString()),
                "already exists",
                "--force");
        assertEquals("mine", Files.readString(target));
        // live mode: the same rule
        refused(
                TrainEvaluateSubmitTest.run(
                        "predict",
                        v.toString(),
                        "--live",
                        "--annotate",
                        target.toString(),
                        "--out",
                        dir.resolve("out2").toString()),
                "already exists");
        refused(
                TrainEvaluateSubmitTest.run(
                        "predict",
                        v.toString(),
                        "--live",
                        "--annotate",
                        v.toString(),
                        "--force",
                        "--out",
                        dir.resolve("out3").toString()),
                "never overwritten");
        assertEquals(CONTENT, Files.readString(v));
    }

    @Test
    void anAnnotateExtensionFfmpegCannotMuxIsRefusedBeforeDecoding() throws Exception {
        Path v = video("clip.mp4");
        Path out = dir.resolve("out");
        refused(
                TrainEvaluateSubmitTest.run(
                        "predict",
                        v.toString(),
                        "--annotate",
                        dir.resolve("x.txt").toString(),
                        "--out",
                        out.toString()),
                "x.txt",
                ".mp4");
        assertFalse(Files.exists(out));
    }

    @Test
    void aMissingBundleLeavesNoOutputFolderBehind() throws Exception {
        Path v = video("clip.mp4");
        Path out = dir.resolve("out");
        TrainEvaluateSubmitTest.Run r = TrainEvaluateSubmitTest.run(
                "predict",
                v.toString(),
                "--bundle",
                dir.resolve("missing.fer4j").toString(),
                "--out",
                out.toString());
        assertEquals(2, r.exit(), r.err());
        assertFalse(Files.exists(out), "the corrected rerun must not be refused with 'already exists'");
    }

    @Test
    void outIsNeverAnInputFile() throws Exception {
        Path v = video("clip.mp4");
        refused(
                TrainEvaluateSubmitTest.run("predict", v.toString(), "--out", v.toString(), "--force"),
                "never overwritten");
        assertEquals(CONTENT, Files.readString(v));
    }
}
