package io.fer4j.vision.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.error.Fer4jException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Issue 18 item 8: a stream that cannot be opened is explained in words, not as FFmpeg's raw error code. */
class StreamOpenErrorsTest {
    @Test
    void knownCodesAreNamedAndOthersKept() {
        assertEquals(
                "connection refused: nothing listens at that address and port [avformat_open_input() error -111: "
                        + "Could not open input \"http://x\"]",
                FfmpegErrors.explain("avformat_open_input() error -111: Could not open input \"http://x\""));
        assertTrue(FfmpegErrors.explain("avformat_open_input() error -875574520: x")
                .startsWith("HTTP 404 not found"));
        assertTrue(FfmpegErrors.explain("avformat_open_input() error -110: x").startsWith("timed out"));
        assertEquals("error -7: odd", FfmpegErrors.explain("error -7: odd"));
        assertEquals("no code here", FfmpegErrors.explain("no code here"));
    }

    @Test
    @Timeout(60)
    void aRefusedConnectionAndA404SayWhatHappened() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Fer4jException refused = assertThrows(
                Fer4jException.class,
                () -> FfmpegVideoSource.openStream(
                        "http://127.0.0.1:" + closedPort + "/clip.mp4", null, "clip", Duration.ofSeconds(5)));
        assertTrue(refused.getMessage().contains("cannot open the stream (connection refused"), refused.getMessage());
        try (ServerSocket server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(
                    () -> {
                        while (!server.isClosed()) {
                            try (Socket c = server.accept()) {
                                c.getInputStream().read(new byte[4096]);
                                OutputStream o = c.getOutputStream();
                                o.write("HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n"
                                        .getBytes(StandardCharsets.US_ASCII));
                                o.flush();
                            } catch (IOException e) {
                                return;
                            }
                        }
                    },
                    "404-server");
            t.setDaemon(true);
            t.start();
            Fer4jException missing = assertThrows(
                    Fer4jException.class,
                    () -> FfmpegVideoSource.openStream(
                            "http://127.0.0.1:" + server.getLocalPort() + "/none.mp4",
                            null,
                            "none",
                            Duration.ofSeconds(5)));
            assertTrue(
                    missing.getMessage().contains("cannot open the stream (HTTP 404 not found"), missing.getMessage());
        }
    }
}
