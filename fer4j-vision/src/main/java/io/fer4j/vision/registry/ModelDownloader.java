package io.fer4j.vision.registry;

import io.fer4j.error.Fer4jException;
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
    private final Duration timeout;

    public ModelDownloader(HttpClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    public static ModelDownloader defaults() {
        return new ModelDownloader(HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(15)).build(), Duration.ofMinutes(30));
    }

    /** What arrived. */
    public record Result(Path file, String sha256, long bytes) {
    }

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
            HttpRequest req = HttpRequest.newBuilder(url).timeout(timeout).GET().build();
            HttpResponse<InputStream> resp;
            try {
                resp = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                throw new Fer4jException(target, "cannot download " + url + " (" + describe(e)
                        + "; is this machine offline?)" + manual, e);
            }
            MessageDigest md = Sha256.newDigest();
            long done = 0;
            try (InputStream in = resp.body()) {
                if (resp.statusCode() != 200) {
                    throw new Fer4jException(target, "cannot download " + url + " (HTTP " + resp.statusCode() + ")"
                            + manual);
                }
                long total = resp.headers().firstValueAsLong("Content-Length").orElse(-1);
                progress.update(0, total);
                byte[] buf = new byte[1 << 16];
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                        out.write(buf, 0, n);
                        md.update(buf, 0, n);
                        done += n;
                        progress.update(done, total);
                    }
                }
                if (total >= 0 && done != total) {
                    throw new Fer4jException(target, "download of " + url + " ended after " + done + " of " + total
                            + " bytes" + manual);
                }
            } catch (IOException e) {
                throw new Fer4jException(target, "download of " + url + " failed after " + done + " bytes ("
                        + describe(e) + ")" + manual, e);
            } finally {
                progress.finish();
            }
            String sha = Sha256.hex(md.digest());
            if (expectedSha256 != null && !expectedSha256.equalsIgnoreCase(sha)) {
                throw new Fer4jException(target, "downloaded file from " + url + " has SHA-256 " + sha
                        + " but the registry pins " + expectedSha256 + "; nothing was kept. The file upstream may "
                        + "have changed: check it, then pass it with --backbone/--detector /path/file.onnx");
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
            return new Result(target, sha, done);
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

    private static String describe(Exception e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
