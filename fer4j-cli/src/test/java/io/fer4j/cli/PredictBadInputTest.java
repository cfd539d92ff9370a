package io.fer4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.engine.FrameNumberBound;
import io.fer4j.error.ExitCodes;
import io.fer4j.store.Sha256;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Issue 18: {@code fer4j predict} on bad input ends with a clear first line, no cut output, inputs unchanged. */
class PredictBadInputTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
        String firstErrorLine() {
            return err.lines().findFirst().orElse("");
        }
    }

    private static Run run(String... args) {
        CommandLine cl = Fer4jCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static Path png(Path file) throws Exception {
        BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_3BYTE_BGR);
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    @Test
    void aFaceFolderNumberedFarBeyondItsImagesIsRefusedBeforeAnythingRuns() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("videos/sparse"));
        Path first = png(folder.resolve("00001.png"));
        Path last = png(folder.resolve("99999999.png"));
        String[] sha = {Sha256.of(first), Sha256.of(last)};
        Path out = dir.resolve("out");
        Run r = run("predict", folder.toString(), "--out", out.toString());
        assertEquals(ExitCodes.USER_ERROR, r.exit(), r.err());
        assertTrue(
                r.firstErrorLine().startsWith("fer4j predict: error: " + folder)
                        && r.firstErrorLine().contains("numbered up to frame 99999999")
                        && r.firstErrorLine().contains("at most " + FrameNumberBound.MAX_FACE_FOLDER_FRAMES)
                        && r.firstErrorLine().contains("fer4j extract"),
                r.firstErrorLine());
        assertFalse(Files.exists(out), "nothing written, so the corrected rerun is not refused");
        assertEquals(sha[0], Sha256.of(first));
        assertEquals(sha[1], Sha256.of(last));
    }

    @Test
    void aDeviceOrPipeIsNotARegularFile() throws Exception {
        Path zero = Path.of("/dev/zero");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(zero), "needs /dev/zero");
        Path out = dir.resolve("out");
        Run r = run("predict", zero.toString(), "--out", out.toString());
        assertEquals(ExitCodes.USER_ERROR, r.exit(), r.err());
        assertEquals(
                "fer4j predict: error: /dev/zero: is not a regular file (a device, pipe or socket); pass a video "
                        + "file or a directory of videos or face-image folders",
                r.firstErrorLine());
        assertFalse(Files.exists(out));
        Path fifo = dir.resolve("pipe.mp4");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mk.waitFor() == 0, "needs mkfifo");
        r = run("predict", fifo.toString(), "--out", out.toString());
        assertEquals(ExitCodes.USER_ERROR, r.exit(), r.err());
        assertTrue(r.firstErrorLine().contains("pipe.mp4: is not a regular file"), r.firstErrorLine());
        assertFalse(Files.exists(out));
    }
}
