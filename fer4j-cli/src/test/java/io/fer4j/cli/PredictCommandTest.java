package io.fer4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code fer4j predict} through the command line: refusals, and the fixture video with the fixture models. */
class PredictCommandTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine cl = Fer4j.commandLine();
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
        Run r = run("predict", dir.resolve("nope.mp4").toString(), "--out", dir.resolve("out").toString());
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
            assertEquals(19, l.split(",", -1).length, l);
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
        assertEquals("219a0e3f9b0c09c13bca4057a0b49cdf906a192b77fa59407dc2e9852183ea7e",
                json.get("provenance").get("models").get(0).get("sha256").asText());

        // run again into the same directory: refused, then allowed with --force
        assertEquals(2, run("predict", video, "--backbone", backbone, "--detector", detector, "--out",
                out.toString()).exit());
        Path live = dir.resolve("live");
        Run l = run("predict", "file:" + video, "--live", "--no-pace", "--backbone", backbone, "--detector", detector,
                "--out", live.toString());
        assertEquals(0, l.exit(), l.out() + l.err());
        assertEquals(1 + 5, csv(live.resolve("video.csv")).size());
        assertTrue(l.out().contains("latency"), l.out());
        assertTrue(Files.exists(live.resolve("video.html")));
    }
}
