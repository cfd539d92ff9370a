package io.fer4j.vision.registry;

import io.fer4j.error.Fer4jException;
import io.fer4j.store.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;

/**
 * Downloads a file over HTTP(S) into place: streamed to a temporary sibling while hashing, checked against the
 * expected SHA-256, then renamed atomically — so the target is either absent or complete and verified, never half a
 * file. Thread-safe (the JDK HttpClient is).
 */
public final class ModelDownloader {
    private final HttpClient client;
    private final Duration headerTimeout;
    private final Duration stallTimeout;

    /**
     * @param headerTimeout how long to wait for the response headers
     * @param stallTimeout  abort when no byte arrives for this long (the JDK client has no body read timeout)
     */
    public ModelDownloader(HttpClient client, Duration headerTimeout, Duration stallTimeout) {
        this.client = client;
        this.headerTimeout = headerTimeout;
        this.stallTimeout = stallTimeout;
    }

    public static ModelDownloader defaults() {
        return withStallTimeout(Duration.ofSeconds(60));
    }

    public static ModelDownloader withStallTimeout(Duration stall) {
        return new ModelDownloader(
                HttpClient.newBuilder()
                        .followRedirects(HttpClient.Redirect.NORMAL)
                        .connectTimeout(Duration.ofSeconds(5))
                        .build(),
                Duration.ofSeconds(20),
                stall);
    }

    /** What arrived. */
    public record Result(Path file, String sha256, long bytes) {}

    /**
     * Downloads {@code url} to {@code target}. With {@code expectedSha256} non-null a different hash is an error and
     * nothing is left behind. Failures say which file to fetch by hand and where to place it.
     */
    public Result download(URI url, Path target, String expectedSha256, DownloadProgress progress) {
        Path dir = target.toAbsolutePath().getParent();
        String manual = "; download " + url + " yourself (browser, curl on another machine) and place it at "
                + target.toAbsolutePath();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".part");
            HttpResponse<InputStream> resp = send(url, target, manual);
            Received received = receive(resp, url, target, tmp, manual, progress);
            String sha = Sha256.hex(received.digest.digest());
            if (expectedSha256 != null && !expectedSha256.equalsIgnoreCase(sha)) {
                throw new Fer4jException(
                        target,
                        "downloaded file from " + url + " has SHA-256 " + sha
                                + " but the registry pins " + expectedSha256
                                + "; nothing was kept. The file upstream may "
                                + "have changed: check it, then pass it with --backbone/--detector /path/file.onnx");
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
            return new Result(target, sha, received.bytes);
        } catch (IOException e) {
            throw new Fer4jException(target, "cannot write the downloaded file (" + describe(e) + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Fer4jException(target, "download of " + url + " was interrupted", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: a stray .part file is hidden and never taken for the model
                }
            }
        }
    }

    /** The request, up to the response headers; a connection failure says the machine may be offline. */
    private HttpResponse<InputStream> send(URI url, Path target, String manual) throws InterruptedException {
        HttpRequest req =
                HttpRequest.newBuilder(url).timeout(headerTimeout).GET().build();
        try {
            return client.send(req, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new Fer4jException(
                    target, "cannot download " + url + " (" + describe(e) + "; is this machine offline?)" + manual, e);
        }
    }

    /** The bytes received so far and their running SHA-256. */
    private static final class Received {
        final MessageDigest digest = Sha256.newDigest();
        long bytes;
    }

    /**
     * Streams the body into {@code tmp} while hashing, reporting progress; a non-200 status, a stall, a short body
     * or a read failure fails naming the bytes received and how to fetch the file by hand.
     */
    private Received receive(
            HttpResponse<InputStream> resp, URI url, Path target, Path tmp, String manual, DownloadProgress progress) {
        Received received = new Received();
        InputStream body = resp.body();
        StallWatchdog watchdog = new StallWatchdog(body, stallTimeout);
        try (InputStream in = body;
                watchdog) {
            if (resp.statusCode() != 200) {
                throw new Fer4jException(
                        target, "cannot download " + url + " (HTTP " + resp.statusCode() + ")" + manual);
            }
            long total = resp.headers().firstValueAsLong("Content-Length").orElse(-1);
            progress.update(0, total);
            byte[] buf = new byte[1 << 16];
            try (OutputStream out = Files.newOutputStream(tmp)) {
                for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                    out.write(buf, 0, n);
                    received.digest.update(buf, 0, n);
                    received.bytes += n;
                    watchdog.progressed();
                    progress.update(received.bytes, total);
                }
            }
            if (watchdog.fired()) {
                throw new Fer4jException(
                        target,
                        "download of " + url + " stalled: no data for " + stallTimeout.toSeconds() + " s after "
                                + received.bytes + " bytes" + manual);
            }
            if (total >= 0 && received.bytes != total) {
                throw new Fer4jException(
                        target,
                        "download of " + url + " ended after " + received.bytes + " of " + total + " bytes" + manual);
            }
        } catch (IOException e) {
            if (watchdog.fired()) {
                throw new Fer4jException(
                        target,
                        "download of " + url + " stalled: no data for " + stallTimeout.toSeconds() + " s after "
                                + received.bytes + " bytes" + manual,
                        e);
            }
            throw new Fer4jException(
                    target,
                    "download of " + url + " failed after " + received.bytes + " bytes (" + describe(e) + ")" + manual,
                    e);
        } finally {
            progress.finish();
        }
        return received;
    }

    /** Closes the body stream when no byte has arrived for a while, which unblocks the reading thread. */
    private static final class StallWatchdog implements AutoCloseable {
        private final java.util.concurrent.ScheduledExecutorService timer;
        private final InputStream stream;
        private final long stallNanos;
        private volatile long lastProgressNanos = System.nanoTime();
        private volatile boolean fired;

        StallWatchdog(InputStream stream, Duration stall) {
            this.stream = stream;
            this.stallNanos = stall.toNanos();
            this.timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "fer4j-download-watchdog");
                t.setDaemon(true);
                return t;
            });
            long periodMs = Math.max(50, stall.toMillis() / 4);
            timer.scheduleAtFixedRate(this::check, periodMs, periodMs, java.util.concurrent.TimeUnit.MILLISECONDS);
        }

        void progressed() {
            lastProgressNanos = System.nanoTime();
        }

        boolean fired() {
            return fired;
        }

        private void check() {
            if (!fired && System.nanoTime() - lastProgressNanos > stallNanos) {
                fired = true;
                try {
                    stream.close();
                } catch (IOException ignored) {
                    // closing only serves to wake the reader
                }
            }
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
