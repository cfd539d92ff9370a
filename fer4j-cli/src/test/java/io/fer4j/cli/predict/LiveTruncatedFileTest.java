package io.fer4j.cli.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.cli.Fer4jCommand;
import io.fer4j.error.ExitCodes;
import io.fer4j.vision.testing.SyntheticVideos;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 18 item 6: a truncated MP4 read as a stream ({@code file:} or HTTP, with --live) is a dropped stream
 * (exit 4, "truncated"), as the same file read from disk is, not a success with a third of its frames.
 */
class LiveTruncatedFileTest {
    @TempDir
    Path dir;

    private ServerSocket server;

    @AfterEach
    void closeServer() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    /** 300 frames, the index first (faststart), cut after 40 % of its bytes: it opens, then ends early. */
    private Path truncatedMp4() throws Exception {
        Path whole = SyntheticVideos.write(
                dir.resolve("whole.mp4"),
                300,
                25,
                96,
                64,
                k -> List.of(new int[] {10 + k % 20, 12, 24}),
                Map.of("movflags", "faststart"));
        byte[] all = Files.readAllBytes(whole);
        return Files.write(dir.resolve("clip.mp4"), Arrays.copyOf(all, all.length * 2 / 5));
    }

    /** Serves {@code body} once per connection as a complete HTTP/1.0 response, then closes. */
    private String serve(byte[] body) throws IOException {
        server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
        Thread t = new Thread(
                () -> {
                    while (!server.isClosed()) {
                        try (Socket s = server.accept()) {
                            OutputStream o = s.getOutputStream();
                            o.write(("HTTP/1.0 200 OK\r\nContent-Type: video/mp4\r\nContent-Length: " + body.length
                                            + "\r\n\r\n")
                                    .getBytes(StandardCharsets.US_ASCII));
                            o.write(body);
                            o.flush();
                        } catch (IOException e) {
                            return;
                        }
                    }
                },
                "serving-truncated-mp4");
        t.setDaemon(true);
        t.start();
        return "http://127.0.0.1:" + server.getLocalPort() + "/clip.mp4";
    }

    private void assertDropped(String input, String sha) throws Exception {
        Path backbone = PredictTestSupport.backbone(dir);
        Path out = dir.resolve("out-" + Math.abs(input.hashCode()));
        CommandLine cl = Fer4jCommand.commandLine();
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        cl.setOut(new PrintWriter(o, true));
        cl.setErr(new PrintWriter(e, true));
        int exit = cl.execute(
                "predict",
                input,
                "--live",
                "--no-pace",
                "--quiet",
                "--backbone",
                backbone.toString(),
                "--detector",
                "haar",
                "--out",
                out.toString());
        assertEquals(ExitCodes.STREAM_DROPPED, exit, input + "\n" + o + "\n" + e);
        String dropLine = o.toString()
                .lines()
                .filter(l -> l.startsWith("stream dropped"))
                .findFirst()
                .orElse("");
        assertTrue(dropLine.contains("truncated: decoded") && dropLine.contains("of the 300 frames"), o.toString());
        List<String> csv = Files.readAllLines(out.resolve("clip.csv"));
        assertTrue(csv.size() > 1 && csv.size() < 301, "the frames received, whole rows: " + csv.size());
        assertTrue(csv.get(csv.size() - 1).split(",", -1).length == csv.get(0).split(",", -1).length);
        assertEquals(sha, PredictTestSupport.sha(dir.resolve("clip.mp4")), "the input is unchanged");
    }

    @Test
    @Timeout(180)
    void aTruncatedMp4AsAStreamIsDroppedAsOnDisk() throws Exception {
        Path clip = truncatedMp4();
        String sha = PredictTestSupport.sha(clip);
        assertDropped("file:" + clip, sha);
        assertDropped(serve(Files.readAllBytes(clip)), sha);
    }
}
