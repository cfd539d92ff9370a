package io.fer4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fer4j.error.ExitCodes;
import io.fer4j.store.FeatureStore;
import io.fer4j.store.StoredVideo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code fer4j extract} on the real fixtures (EfficientNet-B0 with random weights, YuNet, video.mp4). */
class ExtractCommandTest {
    @TempDir
    Path dir;

    static Path shared(String rel) {
        String s = System.getProperty("fer4j.shared");
        assumeTrue(s != null && Files.exists(Path.of(s, rel)), "../shared/" + rel + " is absent");
        return Path.of(s, rel);
    }

    record Run(int exit, String err) {}

    static Run run(String... args) {
        CommandLine cl = Fer4jCommand.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, err.toString());
    }

    @Test
    void extractsVideoMp4ThenSkipsItAndReportsBadVideosWithExitCode3() throws Exception {
        Path videos = Files.createDirectories(dir.resolve("in"));
        Files.copy(shared("fixtures/media/video.mp4"), videos.resolve("video.mp4"));
        String model = shared("fixtures/models/enet_b0_random.onnx").toString();
        String yunet = shared("fixtures/models/face_detection_yunet.onnx").toString();
        Path store = dir.resolve("store");
        String[] args = {
            "extract",
            "--input",
            videos.toString(),
            "--store",
            store.toString(),
            "--backbone",
            model,
            "--detector",
            yunet,
            "--detect-width",
            "0",
            "--batch",
            "4",
            "--threads",
            "2"
        };
        Run r = run(args);
        assertEquals(0, r.exit(), r.err());
        StoredVideo v = FeatureStore.open(store).video("video", true);
        assertEquals(5, v.frameCount());
        assertEquals(23.976, v.meta().fps(), 1e-3);
        assertEquals(1280, v.embeddingDim());
        assertEquals(8, v.logitsDim());
        assertTrue(v.rowCount() >= 1 && v.rowCount() <= 5, "rows " + v.rowCount());
        int prev = 0;
        for (int f : v.frames()) {
            assertTrue(f > prev && f <= 5, "frames " + java.util.Arrays.toString(v.frames()));
            prev = f;
        }
        assertEquals(
                "219a0e3f9b0c09c13bca4057a0b49cdf906a192b77fa59407dc2e9852183ea7e",
                v.meta().backboneSha256());

        // second run: complete video skipped; a non-video with a video extension fails with exit code 3
        Files.writeString(videos.resolve("broken.mp4"), "not a video");
        Run again = run(args);
        assertEquals(ExitCodes.SOME_FAILED, again.exit(), again.err());
        assertTrue(again.err().contains("1 skipped"), again.err());
        assertTrue(again.err().contains("1 failed"), again.err());
        assertEquals(List.of("video"), FeatureStore.open(store).completeVideoIds());
    }

    @Test
    void userErrorsExitWith2AndNameTheFile() throws Exception {
        String model = shared("fixtures/models/enet_b0_random.onnx").toString();
        Path video = shared("fixtures/media/video.mp4");
        Path storeFile = Files.writeString(dir.resolve("not-a-dir"), "x");
        Run r = run(
                "extract",
                "--input",
                video.toString(),
                "--store",
                storeFile.toString(),
                "--backbone",
                model,
                "--detector",
                "haar");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("not-a-dir"), r.err());

        Path notOnnx = Files.writeString(dir.resolve("model.onnx"), "not onnx");
        Run bad = run(
                "extract",
                "--input",
                video.toString(),
                "--store",
                dir.resolve("s").toString(),
                "--backbone",
                notOnnx.toString(),
                "--detector",
                "haar");
        assertEquals(2, bad.exit(), bad.err());
        assertTrue(bad.err().contains("model.onnx"), bad.err());

        Run missing = run(
                "extract",
                "--input",
                dir.resolve("nope.mp4").toString(),
                "--store",
                dir.resolve("s").toString(),
                "--backbone",
                model,
                "--detector",
                "haar");
        assertEquals(2, missing.exit(), missing.err());
        assertTrue(missing.err().contains("nope.mp4"), missing.err());
    }

    @Test
    void strideOneIsBitIdenticalAndStrideTwoKeepsEveryOtherFaceFrame() throws Exception {
        String model = shared("fixtures/models/enet_b0_random.onnx").toString();
        String yunet = shared("fixtures/models/face_detection_yunet.onnx").toString();
        Path video = shared("fixtures/media/video.mp4");
        java.util.function.BiFunction<String, String[], Path> extract = (name, extra) -> {
            Path store = dir.resolve(name);
            List<String> args = new java.util.ArrayList<>(List.of(
                    "extract",
                    "--input",
                    video.toString(),
                    "--store",
                    store.toString(),
                    "--backbone",
                    model,
                    "--detector",
                    yunet,
                    "--detect-width",
                    "0",
                    "--batch",
                    "2",
                    "--threads",
                    "1"));
            args.addAll(List.of(extra));
            Run r = run(args.toArray(String[]::new));
            assertEquals(0, r.exit(), r.err());
            return store;
        };
        Path today = extract.apply("default", new String[0]);
        Path one = extract.apply("stride1", new String[] {"--stride", "1"});
        Path two = extract.apply("stride2", new String[] {"--stride", "2"});
        for (String f : List.of("frames.npy", "embeddings.npy", "logits.npy", "meta.json")) {
            assertTrue(
                    java.util.Arrays.equals(
                            Files.readAllBytes(today.resolve("video").resolve(f)),
                            Files.readAllBytes(one.resolve("video").resolve(f))),
                    f + " differs with --stride 1");
        }
        StoredVideo all = FeatureStore.open(today).video("video", true);
        StoredVideo half = FeatureStore.open(two).video("video", true);
        assertEquals(2, ((Number) half.meta().extras().get("stride")).intValue());
        assertEquals(null, all.meta().extras().get("stride"));
        int[] frames = all.frames();
        int[] kept = half.frames();
        assertEquals((frames.length + 1) / 2, kept.length);
        for (int i = 0; i < kept.length; i++) {
            assertEquals(frames[2 * i], kept[i]);
            float[] a = new float[all.embeddingDim()];
            float[] b = new float[all.embeddingDim()];
            all.embeddings().readRow(2 * i, a, 0);
            half.embeddings().readRow(i, b, 0);
            assertTrue(java.util.Arrays.equals(a, b), "row " + i);
        }
        Run zero = run(
                "extract",
                "--input",
                video.toString(),
                "--store",
                dir.resolve("zero").toString(),
                "--backbone",
                model,
                "--stride",
                "0");
        assertEquals(2, zero.exit(), zero.err());
        assertTrue(zero.err().contains("--stride"), zero.err());
        assertTrue(!Files.exists(dir.resolve("zero")));
        Run noDetect = run(
                "extract",
                "--input",
                video.toString(),
                "--store",
                dir.resolve("zero").toString(),
                "--backbone",
                model,
                "--detect-every",
                "0");
        assertEquals(2, noDetect.exit(), noDetect.err());
        assertTrue(noDetect.err().contains("--detect-every"), noDetect.err());
        assertTrue(!Files.exists(dir.resolve("zero")));
    }
}
