package io.fer4j.cli.predict;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.engine.Engine;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18 item 8: Ctrl-C while {@code --live} is still opening a silent server ends the run at once (FFmpeg cannot
 * be woken inside its open; the open runs on its own thread), instead of after twice {@code --stream-timeout}.
 */
class LiveOpenStopTest {
    @TempDir
    Path dir;

    private ServerSocket server;
    private final List<Socket> held = new ArrayList<>();

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
    @Timeout(40) // guards the old behaviour (the open waited 2 × 60 s); no assertion on time
    void aStopWhileOpeningASilentServerEndsTheRun() throws Exception {
        CountDownLatch accepted = new CountDownLatch(1);
        server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
        Thread t = new Thread(
                () -> {
                    while (!server.isClosed()) {
                        try {
                            Socket s = server.accept(); // and never answer
                            synchronized (held) {
                                held.add(s);
                            }
                            accepted.countDown();
                        } catch (IOException e) {
                            return;
                        }
                    }
                },
                "silent-server");
        t.setDaemon(true);
        t.start();
        String url = "http://127.0.0.1:" + server.getLocalPort() + "/clip.ts";
        Path out = dir.resolve("out");
        PredictOutputs.prepare(out, false);
        Path backbone = PredictTestSupport.backbone(dir);
        try (Engine m = PredictTestSupport.load(PredictTestSupport.choice(backbone, null, null, null))) {
            LiveRunner r = new LiveRunner(
                    m,
                    new LiveRunner.Settings(out, null, false, 0, true, Duration.ofSeconds(60)),
                    new PrintWriter(new StringWriter()));
            AtomicReference<RuntimeException> thrown = new AtomicReference<>();
            Thread run = new Thread(() -> {
                try {
                    r.run(url, Map.of(), System.nanoTime());
                } catch (RuntimeException e) {
                    thrown.set(e);
                }
            });
            run.start();
            accepted.await(); // FFmpeg is inside its open now
            r.stop();
            run.join();
            assertTrue(
                    thrown.get() != null
                            && LiveRunner.stoppedWhileOpening(thrown.get())
                            && thrown.get()
                                    .getMessage()
                                    .equals(url + ": stopped while opening the stream; nothing was " + "received"),
                    String.valueOf(thrown.get()));
            try (var files = Files.list(out)) {
                assertTrue(files.findAny().isEmpty(), "nothing written");
            }
        }
    }
}
