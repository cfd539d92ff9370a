package io.fer4j.vision.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.fer4j.error.Fer4jException;
import io.fer4j.label.ClassSpace;
import io.fer4j.store.Sha256;
import io.fer4j.vision.backbone.BackboneSpec;
import io.fer4j.vision.testing.TinyOnnxModels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloader, cache and resolver against a local HTTP server started by the test. */
class ModelDownloaderTest {
    @TempDir
    Path dir;

    private HttpServer server;
    private byte[] payload;
    private String payloadSha;
    private byte[] model;

    @BeforeEach
    void start() throws Exception {
        payload = new byte[300_000];
        new Random(4).nextBytes(payload);
        payloadSha =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload));
        model = TinyOnnxModels.build().bytes();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/file.bin", ex -> send(ex, 200, payload, payload.length));
        server.createContext("/tiny.onnx", ex -> send(ex, 200, model, model.length));
        server.createContext("/missing.onnx", ex -> send(ex, 404, "not here".getBytes(), 8));
        // sends 1000 bytes of the announced 300,000, then stalls until the test ends
        server.createContext("/stall.bin", ex -> {
            ex.sendResponseHeaders(200, payload.length);
            OutputStream o = ex.getResponseBody();
            o.write(payload, 0, 1000);
            o.flush();
            try {
                release.await();
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            ex.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    private static void send(com.sun.net.httpserver.HttpExchange ex, int status, byte[] body, int length)
            throws IOException {
        ex.sendResponseHeaders(status, length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(body, 0, length);
        }
    }

    private final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    /** A raw socket server that announces a body and closes the connection part-way. */
    private URI truncatingServer(ServerSocket socket) {
        Thread t = new Thread(() -> {
            try (var c = socket.accept();
                    OutputStream o = c.getOutputStream()) {
                c.getInputStream().read(new byte[4096]);
                o.write(("HTTP/1.1 200 OK\r\nContent-Length: " + payload.length + "\r\n\r\n").getBytes());
                o.write(payload, 0, 1000);
                o.flush();
            } catch (IOException ignored) {
                // the client may give up first
            }
        });
        t.setDaemon(true);
        t.start();
        return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/short.bin");
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private List<Path> filesIn(Path d) throws IOException {
        if (!Files.exists(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.toList();
        }
    }

    @Test
    void downloadsWithProgressAndChecksIntoPlace() throws Exception {
        Path target = dir.resolve("cache/models/file.bin");
        List<long[]> updates = new ArrayList<>();
        ModelDownloader.Result r = ModelDownloader.defaults()
                .download(url("/file.bin"), target, payloadSha, (done, total) -> updates.add(new long[] {done, total}));
        assertEquals(payloadSha, r.sha256());
        assertEquals(payload.length, r.bytes());
        assertArrayEquals(payload, Files.readAllBytes(target));
        assertEquals(List.of(target), filesIn(target.getParent()), "no temporary file left");
        assertTrue(updates.size() >= 2);
        assertEquals(payload.length, updates.get(updates.size() - 1)[0]);
        assertEquals(payload.length, updates.get(0)[1]);
        for (int i = 1; i < updates.size(); i++) {
            assertTrue(updates.get(i)[0] >= updates.get(i - 1)[0], "progress is monotone");
        }
    }

    @Test
    void checksumMismatchLeavesNothing() throws Exception {
        Path target = dir.resolve("models/file.bin");
        String wrong = "0".repeat(64);
        Fer4jException e = assertThrows(
                Fer4jException.class,
                () -> ModelDownloader.defaults().download(url("/file.bin"), target, wrong, DownloadProgress.NONE));
        assertTrue(e.getMessage().contains(payloadSha) && e.getMessage().contains(wrong), e.getMessage());
        assertEquals(List.of(), filesIn(target.getParent()), "nothing left in the cache");
    }

    @Test
    void truncatedTransferLeavesNothing() throws Exception {
        Path target = dir.resolve("models/short.bin");
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            URI u = truncatingServer(socket);
            Fer4jException e = assertThrows(
                    Fer4jException.class,
                    () -> ModelDownloader.defaults().download(u, target, null, DownloadProgress.NONE));
            assertTrue(e.getMessage().contains("place it at " + target.toAbsolutePath()), e.getMessage());
        }
        assertEquals(List.of(), filesIn(target.getParent()));
    }

    @Test
    void stalledTransferIsAbortedAndLeavesNothing() throws Exception {
        Path target = dir.resolve("models/stall.bin");
        Fer4jException e = assertThrows(
                Fer4jException.class,
                () -> ModelDownloader.withStallTimeout(java.time.Duration.ofMillis(500))
                        .download(url("/stall.bin"), target, null, DownloadProgress.NONE));
        assertTrue(e.getMessage().contains("stalled"), e.getMessage());
        assertEquals(List.of(), filesIn(target.getParent()));
    }

    @Test
    void httpErrorAndOfflineSayWhichFileToPlaceWhere() throws Exception {
        Path target = dir.resolve("models/m.onnx");
        Fer4jException e404 = assertThrows(
                Fer4jException.class,
                () -> ModelDownloader.defaults().download(url("/missing.onnx"), target, null, DownloadProgress.NONE));
        assertTrue(
                e404.getMessage().contains("HTTP 404")
                        && e404.getMessage().contains(url("/missing.onnx").toString())
                        && e404.getMessage().contains("place it at " + target.toAbsolutePath()),
                e404.getMessage());
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        URI offline = URI.create("http://127.0.0.1:" + closedPort + "/m.onnx");
        Fer4jException off = assertThrows(
                Fer4jException.class,
                () -> ModelDownloader.defaults().download(offline, target, null, DownloadProgress.NONE));
        assertTrue(
                off.getMessage().contains("offline")
                        && off.getMessage().contains(offline.toString())
                        && off.getMessage().contains("place it at " + target.toAbsolutePath()),
                off.getMessage());
        assertEquals(List.of(), filesIn(target.getParent()));
    }

    private ModelEntry entry(String name, String path, String sha) {
        BackboneSpec spec = new BackboneSpec(
                name, 16, BackboneSpec.IMAGENET_MEAN, BackboneSpec.IMAGENET_STD, ClassSpace.AFFECTNET_8, 6, sha);
        return new ModelEntry(
                name, ModelEntry.Kind.BACKBONE, url(path).toString(), sha, null, name + ".onnx", "test", "tiny", spec);
    }

    @Test
    void cacheFetchesOnceAndResolverOpensTheModel() throws Exception {
        String sha =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(model));
        ModelEntry pinned = entry("tiny", "/tiny.onnx", sha);
        ModelEntry unpinned = entry("tiny_unpinned", "/tiny.onnx", null);
        ModelCache cache = new ModelCache(dir.resolve("home"));
        ByteArrayOutputStream bar = new ByteArrayOutputStream();
        ModelResolver resolver = new ModelResolver(
                new ModelRegistry(List.of(pinned, unpinned)),
                cache,
                ModelDownloader.defaults(),
                e -> new ConsoleProgressBar(new PrintStream(bar, true), e.fileName()));

        ModelResolver.ResolvedBackbone r = resolver.resolveBackbone("tiny");
        assertEquals(cache.root().resolve("models/tiny.onnx"), r.file());
        assertEquals(sha, r.spec().sha256());
        assertTrue(bar.toString().contains("100%"), bar.toString());
        try (var b = r.open(io.fer4j.vision.backbone.BackboneOptions.cpu(1))) {
            assertEquals(6, b.embeddingDim());
        }
        assertEquals(ModelCache.Status.OK, cache.verify(pinned).status());

        // unpinned: the hash computed at download is recorded and verified later
        ModelResolver.ResolvedBackbone u = resolver.resolveBackbone("tiny_unpinned");
        assertEquals(sha, u.spec().sha256());
        assertEquals(sha, cache.recordedSha256(unpinned).orElseThrow());
        assertEquals(ModelCache.Status.UNPINNED, cache.verify(unpinned).status());

        // a changed file is reported; a second resolve does not download again
        server.removeContext("/tiny.onnx");
        Files.write(
                u.file(),
                TinyOnnxModels.build(TinyOnnxModels.Options.defaults().withSeed(5))
                        .bytes());
        assertEquals(ModelCache.Status.MISMATCH, cache.verify(unpinned).status());
        assertEquals(r.file(), resolver.resolveBackbone("tiny").file());
        Files.delete(r.file());
        assertEquals(ModelCache.Status.MISSING, cache.verify(pinned).status());
    }

    @Test
    void failedFetchNamesTheCacheFileAndTheBackboneOption() {
        ModelEntry e = entry("gone", "/missing.onnx", null);
        ModelCache cache = new ModelCache(dir.resolve("home"));
        ModelResolver resolver = new ModelResolver(
                new ModelRegistry(List.of(e)), cache, ModelDownloader.defaults(), x -> DownloadProgress.NONE);
        Fer4jException ex = assertThrows(Fer4jException.class, () -> resolver.resolveBackbone("gone"));
        assertTrue(
                ex.getMessage()
                                .contains(
                                        cache.root().resolve("models/gone.onnx").toString())
                        && ex.getMessage().contains("--backbone /path/gone.onnx"),
                ex.getMessage());
        assertFalse(Files.exists(cache.root().resolve("models/gone.onnx")));
    }

    @Test
    void localFileIsTakenAsItIsWithInferredSpec() throws Exception {
        Path f = TinyOnnxModels.build(TinyOnnxModels.Options.defaults().withOutputs(10))
                .write(dir.resolve("my.onnx"));
        ModelResolver resolver = new ModelResolver(
                ModelRegistry.builtIn(),
                new ModelCache(dir.resolve("home")),
                ModelDownloader.defaults(),
                x -> DownloadProgress.NONE);
        ModelResolver.ResolvedBackbone r = resolver.resolveBackbone(f.toString());
        assertEquals("my", r.spec().name());
        assertEquals(ClassSpace.AFFECTNET_8_VA, r.spec().classSpace());
        assertEquals(16, r.spec().inputSize());
        assertEquals(Sha256.of(f), r.spec().sha256());
        assertTrue(r.registryEntry().isEmpty());
        assertThrows(
                Fer4jException.class,
                () -> resolver.resolveBackbone(dir.resolve("absent.onnx").toString()));
        IllegalArgumentException unknown =
                assertThrows(IllegalArgumentException.class, () -> resolver.resolveBackbone("enet_b7"));
        assertTrue(unknown.getMessage().contains("enet_b0_8_best_vgaf"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> resolver.resolveBackbone("yunet"));
        assertThrows(IllegalArgumentException.class, () -> resolver.resolveDetector("enet_b2_8"));
    }

    @Test
    void localFileHashIsRememberedUntilTheFileChanges() throws Exception {
        ModelCache cache = new ModelCache(dir.resolve("home"));
        Path f = Files.write(dir.resolve("big.onnx"), payload);
        java.nio.file.attribute.FileTime t = Files.getLastModifiedTime(f);
        assertEquals(payloadSha, cache.sha256Of(f));
        // the memo is used while nothing changed: a memo saying otherwise is believed (proof it is read, not the file)
        String key = ModelCache.changeKey(f.toAbsolutePath().normalize());
        try (java.util.stream.Stream<Path> memos = Files.list(dir.resolve("home/hashes"))) {
            Path memo = memos.filter(p -> !p.getFileName().toString().startsWith("."))
                    .findFirst()
                    .orElseThrow();
            Files.writeString(memo, key + "0".repeat(64) + "\n");
        }
        assertEquals("0".repeat(64), cache.sha256Of(f));
        // issue 18 item 9: same size and modification time, different bytes (edited in place, mtime set back): the
        // inode change time moved, so the file is hashed again and provenance names what runs
        byte[] other = payload.clone();
        other[0] ^= 1;
        do { // until the kernel's coarse clock gives the write a new ctime (observable, no sleep)
            Files.write(f, other);
            Files.setLastModifiedTime(f, t);
        } while (ModelCache.changeKey(f.toAbsolutePath().normalize()).equals(key));
        assertEquals(Sha256.of(f), cache.sha256Of(f));
        assertFalse(payloadSha.equals(cache.sha256Of(f)));
        // a new modification time invalidates it too
        Files.write(f, payload);
        Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.fromMillis(t.toMillis() + 5000));
        assertEquals(payloadSha, cache.sha256Of(f));
    }

    @Test
    void homeDirectoryComesFromTheEnvironment() {
        assertEquals(Path.of("/x/y"), ModelCache.homeFrom(java.util.Map.of("FER4J_HOME", "/x/y"), "/p", "/home/u"));
        assertEquals(Path.of("/p"), ModelCache.homeFrom(java.util.Map.of(), "/p", "/home/u"));
        assertEquals(Path.of("/home/u/.cache/fer4j"), ModelCache.homeFrom(java.util.Map.of(), null, "/home/u"));
    }
}
