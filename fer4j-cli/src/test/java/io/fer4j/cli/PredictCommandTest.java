package io.fer4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer4j.error.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code fer4j predict} through the command line: refusals, and the fixture video with the fixture models. */
class PredictCommandTest {
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

    @Test
    void anExistingOutputDirectoryIsRefusedWithoutForce() throws Exception {
        Path video = Files.writeString(dir.resolve("v.mp4"), "not read: the refusal comes first");
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("keep.txt"), "mine");
        Run r = run("predict", video.toString(), "--out", out.toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("already exists") && r.err().contains("--force"), r.err());
        assertEquals("mine", Files.readString(out.resolve("keep.txt")));
    }

    @Test
    void badStrideAndDetectEveryAreUserErrors() {
        Path video = dir.resolve("v.mp4");
        Run zero = run("predict", video.toString(), "--out", dir.resolve("o1").toString(), "--stride", "0");
        assertEquals(2, zero.exit(), zero.err());
        assertTrue(zero.err().contains("--stride"), zero.err());
        Run detect = run("predict", video.toString(), "--out", dir.resolve("o2").toString(), "--detect-every", "0");
        assertEquals(2, detect.exit(), detect.err());
        assertTrue(detect.err().contains("--detect-every"), detect.err());
        Run live = run("predict", video.toString(), "--out", dir.resolve("o3").toString(), "--live", "--stride", "2");
        assertEquals(2, live.exit(), live.err());
        assertTrue(live.err().contains("--live"), live.err());
    }

    @Test
    void aMissingInputIsAUserError() {
        Run r = run(
                "predict",
                dir.resolve("nope.mp4").toString(),
                "--out",
                dir.resolve("out").toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("nope.mp4"), r.err());
    }

    private static Path fixtures() {
        String shared = System.getProperty("fer4j.shared");
        Path f = shared == null ? null : Path.of(shared, "fixtures");
        Assumptions.assumeTrue(f != null && Files.isDirectory(f), "../shared/fixtures not present");
        return f;
    }

    private static List<String> csv(Path file) throws Exception {
        List<String> lines = Files.readAllLines(file);
        for (String l : lines) {
            assertEquals(20, l.split(",", -1).length, l);
        }
        return lines;
    }

    @Test
    void fixtureVideoWithFixtureModelsBatchAndLive() throws Exception {
        Path f = fixtures();
        String video = f.resolve("media/video.mp4").toString();
        String backbone = f.resolve("models/enet_b0_random.onnx").toString();
        String detector = f.resolve("models/face_detection_yunet.onnx").toString();
        Path out = dir.resolve("out");
        Run r = run("predict", video, "--backbone", backbone, "--detector", detector, "--out", out.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("BACKBONE-ONLY"), r.out());
        List<String> lines = csv(out.resolve("video.csv"));
        assertEquals(1 + 5, lines.size(), "video.mp4 has 5 frames");
        assertTrue(lines.stream().skip(1).anyMatch(l -> l.split(",")[2].equals("1")), "YuNet finds a face");
        JsonNode json = new ObjectMapper().readTree(out.resolve("video.json").toFile());
        double sum = 0;
        for (JsonNode s : json.get("share")) {
            sum += s.asDouble();
        }
        assertEquals(1.0, sum, 1e-9);
        assertEquals(
                "219a0e3f9b0c09c13bca4057a0b49cdf906a192b77fa59407dc2e9852183ea7e",
                json.get("provenance").get("models").get(0).get("sha256").asText());

        // run again into the same directory: the same command resumes (issue 18 item 5): nothing is left to do
        Run again = run("predict", video, "--backbone", backbone, "--detector", detector, "--out", out.toString());
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.out().contains("1 of 1 video(s) already complete"), again.out());
        Path live = dir.resolve("live");
        Run l = run(
                "predict",
                "file:" + video,
                "--live",
                "--no-pace",
                "--backbone",
                backbone,
                "--detector",
                detector,
                "--out",
                live.toString());
        assertEquals(0, l.exit(), l.out() + l.err());
        assertEquals(1 + 5, csv(live.resolve("video.csv")).size());
        assertTrue(l.out().contains("latency"), l.out());
        assertTrue(Files.exists(live.resolve("video.html")));
    }

    /** A 112×112 crop of a fixture face image, written in the format its extension names. */
    private static void crop(Path fixture, Path file) {
        try (org.bytedeco.opencv.opencv_core.Mat src = org.bytedeco.opencv.global.opencv_imgcodecs.imread(
                        fixture.toString(), org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR);
                org.bytedeco.opencv.opencv_core.Mat dst = new org.bytedeco.opencv.opencv_core.Mat();
                org.bytedeco.opencv.opencv_core.Size size = new org.bytedeco.opencv.opencv_core.Size(112, 112)) {
            assertTrue(!src.empty(), "fixture decoded: " + fixture);
            org.bytedeco.opencv.global.opencv_imgproc.resize(src, dst, size);
            assertTrue(org.bytedeco.opencv.global.opencv_imgcodecs.imwrite(file.toString(), dst), file.toString());
        }
    }

    @Test
    void faceImageFolderOfPngCropsLikeExtract() throws Exception {
        Path f = fixtures();
        Path face1 = f.resolve("media/face1.png");
        Path face2 = f.resolve("media/face2.png");
        Assumptions.assumeTrue(Files.exists(face1) && Files.exists(face2), "face1.png/face2.png fixtures not present");
        String backbone = f.resolve("models/enet_b0_random.onnx").toString();
        // PNG frames in any case, a JPEG among them, frame 3 missing (no face), a stray file ignored
        Path crops = Files.createDirectories(dir.resolve("crops"));
        crop(face1, crops.resolve("00001.png"));
        crop(face2, crops.resolve("00002.PNG"));
        crop(face1, crops.resolve("00004.png"));
        crop(face2, crops.resolve("00005.jpeg"));
        Files.writeString(crops.resolve("notes.txt"), "not a frame");
        Path out = dir.resolve("out");
        // every input is a face folder: no detector is resolved, so even a missing --detector file is not opened
        Run r = run(
                "predict",
                crops.toString(),
                "--backbone",
                backbone,
                "--delta",
                "0",
                "--keep-features",
                "--detector",
                dir.resolve("no-such-detector.onnx").toString(),
                "--out",
                out.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        List<String> lines = csv(out.resolve("crops.csv"));
        assertEquals(1 + 5, lines.size(), "frames 1..5, the missing number included: " + lines);
        List<String[]> rows = lines.stream().skip(1).map(l -> l.split(",", -1)).toList();
        for (int i = 0; i < 5; i++) {
            assertEquals(Integer.toString(i + 1), rows.get(i)[0]);
            assertEquals(i == 2 ? "0" : "1", rows.get(i)[2], "face column of frame " + (i + 1));
        }
        assertEquals(List.of("0", "0", "112", "112"), List.of(rows.get(0)).subList(3, 7), "the whole crop is the face");
        // δ = 0: each frame is its own image's prediction; frames 1 and 4 are the same crop
        assertEquals(List.of(rows.get(0)).subList(7, 17), List.of(rows.get(3)).subList(7, 17));
        assertTrue(
                !List.of(rows.get(0)).subList(9, 17).equals(List.of(rows.get(1)).subList(9, 17)),
                "different faces, different probabilities");
        JsonNode detector = new ObjectMapper()
                .readTree(out.resolve("crops.json").toFile())
                .get("provenance")
                .get("models")
                .get(1);
        assertEquals("none", detector.get("name").asText(), detector.toString());

        // the kept features are what extract stores for the same folder
        Path store = dir.resolve("store");
        Run e = run(
                "extract",
                "--input",
                crops.toString(),
                "--store",
                store.toString(),
                "--backbone",
                backbone,
                "--fps",
                "30",
                "--threads",
                "2");
        assertEquals(0, e.exit(), e.out() + e.err());
        io.fer4j.store.StoredVideo extracted =
                io.fer4j.store.FeatureStore.open(store).video("crops", true);
        io.fer4j.store.StoredVideo kept =
                io.fer4j.store.FeatureStore.open(out.resolve("features")).video("crops", true);
        assertEquals(5, extracted.frameCount());
        assertEquals(5, kept.frameCount());
        assertEquals(
                List.of(1, 2, 4, 5),
                java.util.Arrays.stream(extracted.frames()).boxed().toList());
        assertEquals(java.util.Arrays.toString(extracted.frames()), java.util.Arrays.toString(kept.frames()));
        float[] a = new float[extracted.embeddingDim()];
        float[] b = new float[kept.embeddingDim()];
        for (int row = 0; row < extracted.rowCount(); row++) {
            extracted.embeddingRow(row, a, 0);
            kept.embeddingRow(row, b, 0);
            for (int k = 0; k < a.length; k++) {
                assertEquals(a[k], b[k], 1e-4f * Math.max(1f, Math.abs(a[k])), "row " + row + " dim " + k);
            }
        }
    }

    @Test
    void anUnreadableFrameImageFailsItsFolderNamingTheFile() throws Exception {
        Path f = fixtures();
        Path face1 = f.resolve("media/face1.png");
        Assumptions.assumeTrue(Files.exists(face1), "face1.png fixture not present");
        Path crops = Files.createDirectories(dir.resolve("crops"));
        crop(face1, crops.resolve("00001.png"));
        Path bad = Files.writeString(crops.resolve("00002.png"), "not a png");
        Path out = dir.resolve("out");
        Run r = run(
                "predict",
                crops.toString(),
                "--backbone",
                f.resolve("models/enet_b0_random.onnx").toString(),
                "--out",
                out.toString());
        assertEquals(ExitCodes.SOME_FAILED, r.exit(), r.out() + r.err());
        String all = r.out() + r.err();
        assertTrue(all.contains(bad.toString()) && all.contains("cannot be read as an image"), all);
        assertTrue(!Files.exists(out.resolve("crops.json")), "no report for the failed folder");
    }
}
