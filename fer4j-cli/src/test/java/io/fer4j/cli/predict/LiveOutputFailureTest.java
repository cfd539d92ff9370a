package io.fer4j.cli.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.cli.Fer4jCommand;
import io.fer4j.error.ExitCodes;
import io.fer4j.vision.testing.SyntheticVideos;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 18 item 1: {@code predict --live} whose CSV cannot be written (a disk that is full: {@code /dev/full})
 * ends with the I/O error instead of waiting forever for a decoder that waits for labels.
 */
class LiveOutputFailureTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(120) // guards the old behaviour (both threads waited forever); no assertion on time
    void aCsvThatCannotBeWrittenEndsTheRunWithTheError() throws Exception {
        Path full = Path.of("/dev/full");
        Assumptions.assumeTrue(Files.exists(full), "needs /dev/full (Linux) to simulate a full disk");
        Path video = SyntheticVideos.write(
                dir.resolve("clip.mp4"), 60, 10, 96, 64, k -> List.of(new int[] {10 + k % 20, 12, 24}));
        String videoSha = PredictTestSupport.sha(video);
        Path backbone = PredictTestSupport.backbone(dir);
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.createSymbolicLink(out.resolve("clip.csv"), full); // every write: ENOSPC
        CommandLine cl = Fer4jCommand.commandLine();
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        cl.setOut(new PrintWriter(o, true));
        cl.setErr(new PrintWriter(e, true));
        int exit = cl.execute(
                "predict",
                video.toString(),
                "--live",
                "--no-pace",
                "--quiet",
                "--backbone",
                backbone.toString(),
                "--detector",
                "haar",
                "--force",
                "--out",
                out.toString());
        assertEquals(ExitCodes.USER_ERROR, exit, o + "\n" + e);
        String first = e.toString().lines().findFirst().orElse("");
        assertTrue(
                first.startsWith("fer4j predict: error: ") && first.contains("clip.csv: cannot write the CSV"), first);
        assertFalse(Files.exists(out.resolve("clip.csv"), LinkOption.NOFOLLOW_LINKS), "no CSV without its header");
        assertFalse(Files.exists(out.resolve("clip.json")) || Files.exists(out.resolve("clip.html")));
        assertEquals(videoSha, PredictTestSupport.sha(video), "the input is unchanged");
    }
}
