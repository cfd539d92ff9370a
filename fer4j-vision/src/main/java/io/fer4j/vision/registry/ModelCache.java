package io.fer4j.vision.registry;

import io.fer4j.error.Fer4jException;
import io.fer4j.store.Sha256;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The local model directory: {@code $FER4J_HOME/models/<file>} ({@code FER4J_HOME} defaults to
 * {@code ~/.cache/fer4j}). Files arrive complete (see {@link ModelDownloader}); for unpinned entries the hash computed
 * at download is recorded in {@code <file>.sha256} so {@code verify} can tell later changes apart.
 */
public final class ModelCache {
    public static final String HOME_ENV = "FER4J_HOME";
    /** The backbone shipped inside the jar (registry name), offered when another cannot be had offline. */
    public static final String EMBEDDED_BACKBONE = "faceapi_expression";

    private final Path root;

    public ModelCache(Path root) {
        this.root = root.toAbsolutePath();
    }

    /** {@code $FER4J_HOME}, else the system property {@code fer4j.home}, else {@code ~/.cache/fer4j}. */
    public static ModelCache fromEnvironment() {
        return new ModelCache(
                homeFrom(System.getenv(), System.getProperty("fer4j.home"), System.getProperty("user.home")));
    }

    static Path homeFrom(Map<String, String> env, String property, String userHome) {
        String h = env.get(HOME_ENV);
        if (h != null && !h.isBlank()) {
            return Path.of(h);
        }
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        return Path.of(userHome, ".cache", "fer4j");
    }

    public Path root() {
        return root;
    }

    /** Where the entry's file lives (whether or not it is there). */
    public Path pathOf(ModelEntry entry) {
        return root.resolve("models").resolve(entry.fileName());
    }

    public Optional<Path> cached(ModelEntry entry) {
        Path p = pathOf(entry);
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    /** The hash recorded at download for an unpinned entry, if any. */
    public Optional<String> recordedSha256(ModelEntry entry) {
        Path f = hashFile(entry);
        try {
            if (!Files.isRegularFile(f)) {
                return Optional.empty();
            }
            String line = Files.readString(f, StandardCharsets.UTF_8).trim();
            String hash = line.split("\\s+")[0];
            return hash.matches("[0-9a-f]{64}") ? Optional.of(hash) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The SHA-256 the entry's file should have: the pin, else the hash recorded at download, else null. */
    public String expectedSha256(ModelEntry entry) {
        return entry.pinned() ? entry.sha256() : recordedSha256(entry).orElse(null);
    }

    /**
     * The entry's file, downloaded first when absent. A failed download is a {@link Fer4jException} that says which
     * file to place where (and the {@code --backbone/--detector FILE} alternative).
     */
    public Path fetch(ModelEntry entry, ModelDownloader downloader, DownloadProgress progress) {
        Path target = pathOf(entry);
        if (entry.isEmbedded()) {
            // small files: re-checked on every use, so an old or damaged unpacked copy is replaced, never used
            Optional<Path> have = cached(entry);
            if (have.isPresent() && entry.sha256().equals(sha256Of(have.get()))) {
                return have.get();
            }
            return unpackEmbedded(entry, target);
        }
        Optional<Path> have = cached(entry);
        if (have.isPresent()) {
            return have.get();
        }
        try {
            ModelDownloader.Result r = downloader.download(URI.create(entry.url()), target, entry.sha256(), progress);
            if (!entry.pinned()) {
                recordSha256(entry, r.sha256());
            }
            return r.file();
        } catch (Fer4jException e) {
            String option = entry.kind() == ModelEntry.Kind.BACKBONE ? "--backbone" : "--detector";
            String reason = e.getMessage();
            String prefix = target + ": ";
            if (reason.startsWith(prefix)) {
                reason = reason.substring(prefix.length());
            }
            String embedded = entry.kind() == ModelEntry.Kind.BACKBONE
                    ? "; or use the embedded model, which needs no download: --backbone " + EMBEDDED_BACKBONE
                            + " (a different network: its features are not interchangeable with " + entry.name() + "'s)"
                    : "";
            throw new Fer4jException(
                    target,
                    "model '" + entry.name() + "' is not in the cache and could not be "
                            + "downloaded: " + reason + ". Alternatively pass the file directly with " + option
                            + " /path/" + entry.fileName() + embedded,
                    e);
        }
    }

    /**
     * Copies an embedded model out of the jar (ONNX Runtime and OpenCV open files by path) into the cache, verified
     * against its pin. Where the cache is not writable, into a temporary file deleted at exit.
     */
    private static Path unpackEmbedded(ModelEntry entry, Path target) {
        String resource = ModelEntry.EMBEDDED_RESOURCE_DIR + entry.embedded();
        byte[] bytes;
        try (java.io.InputStream in = ModelCache.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("embedded model " + resource + " is missing from the fer4j-vision jar");
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read the embedded model " + resource, e);
        }
        String sha = Sha256.hex(Sha256.newDigest().digest(bytes));
        if (!sha.equals(entry.sha256())) {
            throw new IllegalStateException("embedded model " + resource + " has sha256 " + sha + ", registry pins "
                    + entry.sha256() + ": the build is inconsistent, rebuild fer4j");
        }
        try {
            Files.createDirectories(target.getParent());
            io.fer4j.store.AtomicFiles.writeBytes(target, bytes);
            return target;
        } catch (IOException | RuntimeException cacheNotWritable) {
            try {
                Path tmp = Files.createTempFile("fer4j-" + entry.name() + "-", ".onnx");
                tmp.toFile().deleteOnExit();
                Files.write(tmp, bytes);
                return tmp;
            } catch (IOException e) {
                throw new Fer4jException(
                        target,
                        "cannot unpack the embedded model '" + entry.name() + "' into the "
                                + "cache or a temporary file (" + e.getMessage()
                                + "); set FER4J_HOME to a writable folder",
                        e);
            }
        }
    }

    private Path hashFile(ModelEntry entry) {
        return root.resolve("models").resolve(entry.fileName() + ".sha256");
    }

    void recordSha256(ModelEntry entry, String sha) {
        Path f = hashFile(entry);
        try {
            Path tmp = Files.createTempFile(f.getParent(), "." + f.getFileName() + ".", ".part");
            Files.writeString(tmp, sha + "  " + entry.fileName() + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new Fer4jException(f, "cannot record the model's SHA-256 (" + e.getMessage() + ")", e);
        }
    }

    /**
     * SHA-256 of a user's file, remembered in {@code hashes/} by absolute path, so a large model passed with
     * {@code --backbone FILE} is not re-read on every run. The memo is trusted only while the file's identity and
     * change stamps are unchanged ({@link #changeKey}): inode, size, modification time and the inode change time
     * (ctime), which the kernel sets on every write and no user can set back, so a file edited in place with its
     * size and modification time restored is hashed again. Where ctime is not available (not a Unix file system)
     * the file is always hashed. Falls back to hashing when the cache directory is not writable.
     */
    public String sha256Of(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        String key;
        try {
            key = changeKey(abs);
        } catch (IOException e) {
            return Sha256.of(file); // reports the missing / unreadable file
        } catch (UnsupportedOperationException e) {
            return Sha256.of(file); // no ctime to trust: provenance must hash what runs
        }
        Path memo = root.resolve("hashes")
                .resolve(Sha256.hex(Sha256.newDigest().digest(abs.toString().getBytes(StandardCharsets.UTF_8))));
        try {
            if (Files.isRegularFile(memo)) {
                String line = Files.readString(memo, StandardCharsets.UTF_8).trim();
                if (line.startsWith(key) && line.substring(key.length()).matches("[0-9a-f]{64}")) {
                    return line.substring(key.length());
                }
            }
        } catch (IOException ignored) {
            // unreadable memo: hash again
        }
        String sha = Sha256.of(file);
        try {
            Files.createDirectories(memo.getParent());
            Path tmp = Files.createTempFile(memo.getParent(), ".", ".part");
            Files.writeString(tmp, key + sha + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(tmp, memo, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, memo, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException ignored) {
            // a read-only cache only costs re-hashing next time
        }
        return sha;
    }

    /** What a remembered hash is keyed on besides the path: inode, size, mtime and ctime (nanoseconds). */
    static String changeKey(Path file) throws IOException {
        Map<String, Object> a = Files.readAttributes(file, "unix:ino,size,lastModifiedTime,ctime");
        return "ino=" + a.get("ino") + " size=" + a.get("size")
                + " mtime=" + ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS)
                + " ctime=" + ((FileTime) a.get("ctime")).to(TimeUnit.NANOSECONDS) + " ";
    }

    /** Outcome of checking one entry's cached file. */
    public enum Status {
        /** pinned hash matches */
        OK,
        /** no pin; the file's hash matches the one recorded at download (or none was recorded) */
        UNPINNED,
        /** the file differs from the pin or from the hash recorded at download */
        MISMATCH,
        /** not in the cache */
        MISSING
    }

    public record Verification(
            ModelEntry entry, Path file, Status status, String actualSha256, String expectedSha256) {}

    /** Hashes the cached file and compares it with the pin (or the recorded hash). */
    public Verification verify(ModelEntry entry) {
        Path p = pathOf(entry);
        if (!Files.isRegularFile(p)) {
            return new Verification(entry, p, Status.MISSING, null, entry.sha256());
        }
        String actual = Sha256.of(p);
        String expected = expectedSha256(entry);
        Status s;
        if (expected != null && !expected.equals(actual)) {
            s = Status.MISMATCH;
        } else {
            s = entry.pinned() ? Status.OK : Status.UNPINNED;
        }
        if (s == Status.UNPINNED && recordedSha256(entry).isEmpty()) {
            recordSha256(entry, actual); // a file placed by hand: remember it so later changes show
        }
        return new Verification(entry, p, s, actual, expected);
    }
}
