package io.fer4j.cli.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer4j.cli.Fer4jCommand;
import io.fer4j.error.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 18 items 5 and 7: batch predict resumes in its own --out (only what is missing is done; --force redoes all),
 * and a video whose outputs cannot all be written leaves none behind, is marked failed and is not counted.
 */
class BatchOutputsTest {
    @TempDir
    Path dir;

    Path in;
    Path backbone;
    Path out;

    private record Run(int exit, String out, String err) {}

    @BeforeEach
    void inputs() throws Exception {
        in = Files.createDirectories(dir.resolve("in"));
        Path clip = PredictTestSupport.video(dir);
        Files.copy(clip, in.resolve("a.mp4"));
        Files.copy(clip, in.resolve("b.mp4"));
        backbone = PredictTestSupport.backbone(dir);
        out = dir.resolve("out");
    }

    private Run predict(String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "predict",
                in.toString(),
                "--backbone",
                backbone.toString(),
                "--detector",
                "haar",
                "--threads",
                "1",
                "--out",
                out.toString()));
        args.addAll(List.of(extra));
        CommandLine cl = Fer4jCommand.commandLine();
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        cl.setOut(new PrintWriter(o, true));
        cl.setErr(new PrintWriter(e, true));
        int exit = cl.execute(args.toArray(String[]::new));
        return new Run(exit, o.toString(), e.toString());
    }

    private Object inode(String file) throws Exception {
        return Files.readAttributes(out.resolve(file), "unix:ino").get("ino"); // a rewrite (temp + rename) changes it
    }

    private JsonNode index() throws Exception {
        return new ObjectMapper()
                .readTree(out.resolve(PredictRunner.INDEX_FILE).toFile())
                .get("videos");
    }

    @Test
    void theSameCommandResumesAndForceRedoesEverything() throws Exception {
        Run first = predict();
        assertEquals(ExitCodes.OK, first.exit(), first.out() + first.err());
        Object a = inode("a.csv");
        // an interrupted run: b's report never written; a new video added
        Files.delete(out.resolve("b.html"));
        Files.copy(in.resolve("a.mp4"), in.resolve("c.mp4"));
        Run second = predict();
        assertEquals(ExitCodes.OK, second.exit(), second.out() + second.err());
        assertTrue(second.out().contains("predict: 1 of 3 video(s) already complete"), second.out());
        assertTrue(
                second.out().contains("predict: 2 video(s) written, " + 2 * PredictTestSupport.FRAMES + " frames"),
                second.out());
        assertEquals(a, inode("a.csv"), "a complete video is not redone");
        for (String f : List.of("b.csv", "b.json", "b.html", "c.csv", "c.json", "c.html")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        JsonNode index = index();
        assertEquals(3, index.size(), index.toString());
        for (JsonNode e : index) {
            assertEquals("ok", e.get("status").asText(), e.toString());
        }
        Run third = predict();
        assertEquals(ExitCodes.OK, third.exit(), third.err());
        assertTrue(third.out().contains("3 of 3 video(s) already complete"), third.out());
        Run forced = predict("--force");
        assertEquals(ExitCodes.OK, forced.exit(), forced.err());
        assertNotEquals(a, inode("a.csv"), "--force redoes every video");
        assertEquals(3, index().size());
    }

    @Test
    void aVideoWhoseOutputsCannotBeWrittenLeavesNoneBehindAndIsNotCounted() throws Exception {
        // a.json cannot be written (a non-empty folder is in its place, as a full disk would refuse it)
        Files.createDirectories(out.resolve("a.json")).resolve("x").toFile().createNewFile();
        Run r = predict("--force");
        assertEquals(ExitCodes.SOME_FAILED, r.exit(), r.out() + r.err());
        assertTrue(r.err().lines().findFirst().orElse("").startsWith("a: FAILED: "), r.err());
        assertFalse(Files.exists(out.resolve("a.csv")), "no partial outputs of the failed video");
        assertFalse(Files.exists(out.resolve("a.html")));
        assertTrue(
                r.out().contains("predict: 1 video(s) written, 1 failed, " + PredictTestSupport.FRAMES + " frames"),
                r.out());
        assertEquals("failed", status("a"));
        assertEquals("ok", status("b"));
        // the rerun (space freed) does only the failed video
        Files.delete(out.resolve("a.json/x"));
        Files.delete(out.resolve("a.json"));
        Run again = predict();
        assertEquals(ExitCodes.OK, again.exit(), again.out() + again.err());
        assertTrue(again.out().contains("1 of 2 video(s) already complete"), again.out());
        assertEquals("ok", status("a"));
        assertEquals(2, index().size());
    }

    private String status(String video) throws Exception {
        for (JsonNode e : index()) {
            if (video.equals(e.get("video").asText())) {
                return e.get("status").asText();
            }
        }
        return "missing";
    }

    @Test
    void aRunThatWritesNothingLeavesNoOutputFolder() throws Exception {
        Files.delete(in.resolve("a.mp4"));
        Files.write(in.resolve("b.mp4"), new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p', 1, 2, 3});
        Run r = predict();
        assertEquals(ExitCodes.SOME_FAILED, r.exit(), r.out() + r.err());
        assertEquals(
                List.of(PredictRunner.INDEX_FILE),
                Files.list(out).map(p -> p.getFileName().toString()).toList(),
                "only the index saying the video failed");
    }
}
