package io.fer4j.cli.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer4j.cli.Fer4jCommand;
import io.fer4j.engine.Engine;
import io.fer4j.error.ExitCodes;
import io.fer4j.error.Fer4jException;
import io.fer4j.vision.decode.DecodedFrame;
import io.fer4j.vision.decode.FfmpegVideoSource;
import io.fer4j.vision.decode.VideoSource;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

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
        Thread t = new Thread(
                () -> {
                    while (!server.isClosed()) {
                        try {
                            Socket s = server.accept();
                            synchronized (held) {
                                held.add(s);
                            }
                            if (body != null) {
                                OutputStream o = s.getOutputStream();
                                o.write("HTTP/1.0 200 OK\r\nContent-Type: video/mp2t\r\n\r\n"
                                        .getBytes(StandardCharsets.US_ASCII));
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
                },
                "stalling-server");
        t.setDaemon(true);
        t.start();
        return "http://127.0.0.1:" + server.getLocalPort() + "/clip.ts";
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
            LiveRunner r = new LiveRunner(
                    m,
                    new LiveRunner.Settings(out, null, false, 0, true, Duration.ofSeconds(1)),
                    new PrintWriter(new StringWriter()));
            Fer4jException e = assertThrows(Fer4jException.class, () -> r.run(url, Map.of(), System.nanoTime()));
            assertTrue(
                    e.getMessage().contains("cannot open the stream")
                            && e.getMessage().contains(url),
                    e.getMessage());
            assertTrue(!e.getMessage().contains("complete video file"), "a stream is not a file: " + e.getMessage());
        }
    }

    @Test
    @Timeout(120)
    void aServerThatStopsHalfWayIsADroppedStreamWithEveryOutputWritten() throws Exception {
        Path ts = SyntheticVideos.write(
                dir.resolve("clip.ts"), 80, 10, 96, 64, k -> List.of(new int[] {10 + k % 20, 12, 24}));
        byte[] all = Files.readAllBytes(ts);
        String url = serve(Arrays.copyOf(all, all.length / 2));
        Path backbone = PredictTestSupport.backbone(dir);
        Path out = dir.resolve("out");
        CommandLine cl = Fer4jCommand.commandLine();
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        cl.setOut(new PrintWriter(o, true));
        cl.setErr(new PrintWriter(e, true));
        int exit = cl.execute(
                "predict",
                url,
                "--live",
                "--quiet",
                "--backbone",
                backbone.toString(),
                "--detector",
                "haar",
                "--stream-timeout",
                "1",
                "--out",
                out.toString());
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
        Path ts = SyntheticVideos.write(
                dir.resolve("clip.ts"), 200, 10, 96, 64, k -> List.of(new int[] {10 + k % 20, 12, 24}));
        String url = serve(Files.readAllBytes(ts), 512);
        Path out = dir.resolve("out");
        PredictOutputs.prepare(out, false);
        Path backbone = PredictTestSupport.backbone(dir);
        try (Engine m = PredictTestSupport.load(PredictTestSupport.choice(backbone, null, null, null))) {
            LiveRunner r = new LiveRunner(
                    m,
                    new LiveRunner.Settings(out, null, false, 0, true, Duration.ofSeconds(30)),
                    new PrintWriter(new StringWriter()));
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
            assertTrue(
                    result.video().frameCount() >= 3 && result.video().frameCount() < 200,
                    "stopped part-way: " + result.video().frameCount());
            assertEquals(
                    1 + result.video().frameCount(),
                    Files.readAllLines(out.resolve("clip.csv")).size());
            assertTrue(Files.exists(out.resolve("clip.json")) && Files.exists(out.resolve("clip.html")));
        }
    }

    /**
     * Frames of a file, then a read that blocks until released and ignores interrupts, as FFmpeg's read on a silent
     * server does (it returns only at --stream-timeout). Entering that read is observable: {@link #stalled}.
     */
    private static final class StallingSource extends ForwardingSource {
        final int frames;
        final CountDownLatch stalled = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        StallingSource(VideoSource inner, int frames) {
            super(inner);
            this.frames = frames;
        }

        @Override
        public DecodedFrame next() {
            if (inner.framesRead() < frames) {
                return inner.next();
            }
            stalled.countDown();
            boolean interrupted = false;
            while (true) {
                try {
                    release.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // deaf to interrupts, as a native read is
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return null;
        }
    }

    /**
     * Ctrl-C while the reader is blocked on a stream that went silent (FFmpeg cannot be woken; its read returns only
     * at --stream-timeout): the stop writes every output of the frames received at once and then runs the
     * stalled-stop action, which the CLI uses to end the process. The stall is the source's own latch, not a pause.
     */
    @Test
    @Timeout(60) // a stop that waited for the reader would wait here forever
    void stopDuringAStallWritesEveryOutputAtOnce() throws Exception {
        int before = 20;
        Path ts = SyntheticVideos.write(
                dir.resolve("clip.ts"), 80, 10, 96, 64, k -> List.of(new int[] {10 + k % 20, 12, 24}));
        Path out = dir.resolve("out");
        PredictOutputs.prepare(out, false);
        Path backbone = PredictTestSupport.backbone(dir);
        try (Engine m = PredictTestSupport.load(PredictTestSupport.choice(backbone, null, null, null));
                StallingSource stalling = new StallingSource(FfmpegVideoSource.open(ts, 1), before)) {
            LiveRunner r = new LiveRunner(
                    m,
                    new LiveRunner.Settings(out, null, false, 0, true, Duration.ofSeconds(120)),
                    new PrintWriter(new StringWriter()));
            CountDownLatch stalledStop = new CountDownLatch(1);
            r.onStalledStop(stalledStop::countDown);
            AtomicReference<LiveRunner.Result> ran = new AtomicReference<>();
            LiveSource source = new LiveSource(stalling, false, false, 0);
            Thread run = new Thread(() -> ran.set(r.run(source, "clip", Map.of(), System.nanoTime())), "live-run");
            run.start();
            stalling.stalled.await(); // the reader is blocked now
            Path csv = out.resolve("clip.csv");
            while (!Files.exists(csv) || Files.readAllLines(csv).size() < 1 + before) {
                Thread.sleep(20); // a poll: the frames read before the stall are still being labelled
            }
            r.stop();
            stalledStop.await(); // the stop wrote everything although the reader is still blocked
            assertTrue(run.isAlive(), "the run still waits on the reader");
            assertEquals(before, Files.readAllLines(csv).size() - 1, "frames received are kept");
            JsonNode json = new ObjectMapper().readTree(out.resolve("clip.json").toFile());
            assertEquals(before, json.get("frame_count").asInt(), "the JSON covers the frames in the CSV");
            assertTrue(Files.exists(out.resolve("clip.html")));
            stalling.release.countDown(); // the read returns; the run returns the result the stop wrote
            run.join();
            assertEquals(before, ran.get().video().frameCount());
        }
    }
}
