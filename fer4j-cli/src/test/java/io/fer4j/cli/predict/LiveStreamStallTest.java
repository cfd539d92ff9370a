package io.fer4j.cli.predict;

import io.fer4j.error.ExitCodes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fer4j.engine.Engine;
import io.fer4j.cli.Fer4jCommand;
import io.fer4j.error.Fer4jException;
import io.fer4j.vision.testing.SyntheticVideos;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 10, item 3: {@code --live} on a loopback server that accepts and never answers, and on one that stops
 * sending half-way, ends (after --stream-timeout) instead of hanging: the first is an error, the second a dropped
 * stream (exit 4) with the CSV, JSON and HTML of what was received.
 */
class LiveStreamStallTest {
    @TempDir
    Path dir;

    private final List<Socket> held = new ArrayList<>();
    private ServerSocket server;

    /** Serves {@code body} (nothing when null) to every connection as HTTP, then keeps the socket open, silent. */
    private String serve(byte[] body) throws IOException {
        return serve(body, 0);
    }

    /** As {@link #serve(byte[])}, {@code chunk} bytes at a time with a pause in between (0 = all at once). */
    private String serve(byte[] body, int chunk) throws IOException {
        server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    synchronized (held) {
                        held.add(s);
                    }
                    if (body != null) {
                        OutputStream o = s.getOutputStream();
                        o.write("HTTP/1.0 200 OK\r\nContent-Type: video/mp2t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        for (int i = 0; i < body.length; i += chunk > 0 ? chunk : body.length) {
                            o.write(body, i, Math.min(body.length - i, chunk > 0 ? chunk : body.length));
                            o.flush();
                            if (chunk > 0) {
                                Thread.sleep(40);
                            }
                        }
                    }
                } catch (IOException e) {
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }, "stalling-server");
        t.setDaemon(true);
        t.start();
        return "http://127.0.0.1:" + server.getLocalPort() + "/clip.ts";
    }

    /** The stream {@code url} as predict --live reads it, without skipping late frames. */
    private static LiveSource everyFrame(String url, Duration timeout) {
        return new LiveSource(LiveSource.open(url, timeout), false, false, 0);
    }

    @AfterEach
    void closeServer() throws IOException {
        if (server != null) {
            server.close();
        }
        synchronized (held) {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    @Timeout(120) // guards the old behaviour (blocked forever); no assertion on time
    void aServerThatAcceptsAndNeverAnswersFailsTheOpen() throws Exception {
        String url = serve(null);
        Path out = dir.resolve("out");
        PredictOutputs.prepare(out, false);
        Path backbone = PredictTestSupport.backbone(dir);
        try (Engine m = PredictTestSupport.load(PredictTestSupport.choice(backbone, null, null, null))) {
            LiveRunner r = new LiveRunner(m, new LiveRunner.Settings(out, null, false, 0, true,
                    Duration.ofSeconds(1)), new PrintWriter(new StringWriter()));
            Fer4jException e = assertThrows(Fer4jException.class, () -> r.run(url, Map.of(), System.nanoTime()));
            assertTrue(e.getMessage().contains("cannot open the stream") && e.getMessage().contains(url),
                    e.getMessage());
            assertTrue(!e.getMessage().contains("complete video file"), "a stream is not a file: " + e.getMessage());
        }
    }

    @Test
    @Timeout(120)
    void aServerThatStopsHalfWayIsADroppedStreamWithEveryOutputWritten() throws Exception {
        Path ts = SyntheticVideos.write(dir.resolve("clip.ts"), 80, 10, 96, 64,
                k -> List.of(new int[] {10 + k % 20, 12, 24}));
        byte[] all = Files.readAllBytes(ts);
        String url = serve(Arrays.copyOf(all, all.length / 2));
        Path backbone = PredictTestSupport.backbone(dir);
        Path out = dir.resolve("out");
        CommandLine cl = Fer4jCommand.commandLine();
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        cl.setOut(new PrintWriter(o, true));
        cl.setErr(new PrintWriter(e, true));
        int exit = cl.execute("predict", url, "--live", "--quiet", "--backbone", backbone.toString(), "--detector",
                "haar", "--stream-timeout", "1", "--out", out.toString());
        assertEquals(ExitCodes.STREAM_DROPPED, exit, o + "\n" + e);
        assertTrue(o.toString().contains("stream dropped"), o.toString());
        List<String> csv = Files.readAllLines(out.resolve("clip.csv"));
        assertTrue(csv.size() > 1, "frames received are kept: " + csv.size());
        assertTrue(Files.exists(out.resolve("clip.json")));
        assertTrue(Files.exists(out.resolve("clip.html")));
    }

    @Test
    @Timeout(120)
    void stopOnAFlowingStreamEndsItCleanlyWithEveryOutputWritten() throws Exception {
        Path ts = SyntheticVideos.write(dir.resolve("clip.ts"), 200, 10, 96, 64,
                k -> List.of(new int[] {10 + k % 20, 12, 24}));
        String url = serve(Files.readAllBytes(ts), 512);
        Path out = dir.resolve("out");
        PredictOutputs.prepare(out, false);
        Path backbone = PredictTestSupport.backbone(dir);
        try (Engine m = PredictTestSupport.load(PredictTestSupport.choice(backbone, null, null, null))) {
            LiveRunner r = new LiveRunner(m, new LiveRunner.Settings(out, null, false, 0, true,
                    Duration.ofSeconds(30)), new PrintWriter(new StringWriter()));
            Thread ctrlC = new Thread(() -> {
                try {
                    Path csv = out.resolve("clip.csv");
                    while (!Files.exists(csv) || Files.readAllLines(csv).size() < 4) {
                        Thread.sleep(20);
                    }
                } catch (IOException | InterruptedException ignored) {
                    // the assertions below report it
                }
                r.stop();
            });
            ctrlC.start();
            LiveRunner.Result result = r.run(url, Map.of(), System.nanoTime());
            ctrlC.join();
            assertTrue(!result.dropped(), "a stop is not a drop: " + result.dropMessage());
            assertTrue(result.video().frameCount() >= 3 && result.video().frameCount() < 200,
                    "stopped part-way: " + result.video().frameCount());
            assertEquals(1 + result.video().frameCount(), Files.readAllLines(out.resolve("clip.csv")).size());
            assertTrue(Files.exists(out.resolve("clip.json")) && Files.exists(out.resolve("clip.html")));
        }
    }

    /**
     * Ctrl-C while FFmpeg waits on a silent server: the stop writes every output of the frames received at once
     * (FFmpeg cannot be woken; its read returns only at --stream-timeout) and then runs the stalled-stop action, which
     * the CLI uses to end the process.
     */
    @Test
    @Timeout(60) // the stream timeout below is 120 s: waiting it out (the old behaviour) fails here
    void stopDuringAStallWritesEveryOutputAtOnce() throws Exception {
        Path ts = SyntheticVideos.write(dir.resolve("clip.ts"), 80, 10, 96, 64,
                k -> List.of(new int[] {10 + k % 20, 12, 24}));
        byte[] all = Files.readAllBytes(ts);
        String url = serve(Arrays.copyOf(all, all.length / 2)); // then silent, connection kept open
        Path backbone = PredictTestSupport.backbone(dir);
        try (Engine m = PredictTestSupport.load(PredictTestSupport.choice(backbone, null, null, null))) {
            // How many frames the half served yields before the reader waits on the silence (the decoder and the
            // demuxer hold the last ones until more data comes): a run that FFmpeg itself ends as dropped says.
            Path probe = dir.resolve("probe");
            PredictOutputs.prepare(probe, false);
            // (late frames are never skipped here, so both runs see the same frames however loaded the machine is)
            int yielded;
            try (LiveSource probeSource = everyFrame(url, Duration.ofSeconds(1))) {
                yielded = new LiveRunner(m, new LiveRunner.Settings(probe, null, false, 0, true),
                        new PrintWriter(new StringWriter())).run(probeSource, url, Map.of(), System.nanoTime())
                        .video().frameCount();
            }
            assertTrue(yielded >= 4, "the half served holds frames: " + yielded);
            Path out = dir.resolve("out");
            PredictOutputs.prepare(out, false);
            LiveRunner r = new LiveRunner(m, new LiveRunner.Settings(out, null, false, 0, true,
                    Duration.ofSeconds(120)), new PrintWriter(new StringWriter()));
            java.util.concurrent.CountDownLatch stalledStop = new java.util.concurrent.CountDownLatch(1);
            r.onStalledStop(stalledStop::countDown);
            java.util.concurrent.atomic.AtomicReference<LiveRunner.Result> ran = new java.util.concurrent.atomic.AtomicReference<>();
            LiveSource source = everyFrame(url, Duration.ofSeconds(120));
            Thread run = new Thread(() -> ran.set(r.run(source, url, Map.of(), System.nanoTime())), "live-run");
            run.start();
            Path csv = out.resolve("clip.csv");
            // observable state, not a pause: every frame the half yields is labelled, so the reader now waits on the
            // silent socket and no frame can end the run before the stop
            while (!Files.exists(csv) || Files.readAllLines(csv).size() < 1 + yielded) {
                Thread.sleep(20);
            }
            r.stop();
            stalledStop.await(); // guarded by @Timeout: before the fix this came only after 120 s
            int rows = Files.readAllLines(csv).size() - 1;
            assertTrue(rows >= 3, "frames received are kept: " + rows);
            JsonNode json = new ObjectMapper().readTree(out.resolve("clip.json").toFile());
            assertEquals(rows, json.get("frame_count").asInt(), "the JSON covers the frames in the CSV");
            assertTrue(Files.exists(out.resolve("clip.html")));
            closeServer(); // FFmpeg's read now ends; the run returns the result the stop wrote
            run.join();
            source.close();
            assertEquals(rows, ran.get().video().frameCount());
        }
    }
}
