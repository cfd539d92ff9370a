package io.fer4j.store;

import io.fer4j.error.Fer4jException;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Writes files so that readers never see half of one: the bytes go to a hidden temporary sibling
 * ({@code .<name>.tmp-<random>}), are flushed to disk, and the sibling is renamed over the target in one atomic
 * step. A failure (disk full, permission denied, an exception in the caller's writer) deletes the temporary file
 * and surfaces as a {@link Fer4jException} naming the target and saying what to do.
 *
 * <pre>{@code
 * AtomicFiles.writeString(out.resolve("summary.json"), json);
 * AtomicFiles.write(out.resolve("preds.csv"), stream -> stream.write(bytes));
 * AtomicFiles.write(bundle, stream -> mapper.writeValue(stream, value)); // closing the stream is harmless
 * }</pre>
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Writes the content of a file; the stream handed over is buffered, and closing it early is harmless. */
    @FunctionalInterface
    public interface ContentWriter {
        void write(OutputStream out) throws IOException;
    }

    /** Writes {@code target} atomically with what {@code writer} produces. */
    public static void write(Path target, ContentWriter writer) {
        Path temp = tempSibling(target);
        try {
            try (FileChannel channel =
                    FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream raw = java.nio.channels.Channels.newOutputStream(channel);
                BufferedOutputStream buffered = new BufferedOutputStream(raw, 1 << 16);
                // callers such as Jackson close the stream they are given; keep the channel open for force()
                OutputStream guarded = new FilterOutputStream(buffered) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }

                    @Override
                    public void close() throws IOException {
                        out.flush();
                    }
                };
                writer.write(guarded);
                buffered.flush();
                channel.force(true);
            }
            moveIntoPlace(temp, target);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw failure(target, "write", e);
        } catch (RuntimeException | Error e) {
            deleteQuietly(temp);
            throw e;
        }
    }

    /** Writes {@code text} as UTF-8 to {@code target} atomically. */
    public static void writeString(Path target, String text) {
        writeBytes(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code bytes} to {@code target} atomically. */
    public static void writeBytes(Path target, byte[] bytes) {
        write(target, out -> out.write(bytes));
    }

    /**
     * A fresh hidden name next to {@code target} ({@code .<name>.tmp-<random>}); the file is not created. Stores and
     * directory scans skip names starting with a dot.
     */
    public static Path tempSibling(Path target) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        String name = "." + abs.getFileName() + ".tmp-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
        return dir.resolve(name);
    }

    /**
     * Flushes {@code temp} to disk and renames it over {@code target} atomically (replacing an existing file), then
     * flushes the directory so the rename survives a crash. Works for files; for directories the target must not
     * exist.
     */
    public static void moveIntoPlace(Path temp, Path target) throws IOException {
        if (Files.isRegularFile(temp)) {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        syncDirectory(target.toAbsolutePath().getParent());
    }

    /** Best-effort fsync of a directory's entries (a no-op where the platform cannot open directories). */
    public static void syncDirectory(Path dir) {
        if (dir == null) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not supported on every platform/file system; the data itself was already forced
        }
    }

    /** Deletes a file or directory tree, ignoring failures (used to clean up after another failure). */
    public static void deleteQuietly(Path path) {
        if (path == null || !Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException | RuntimeException ignored) {
            // best effort
        }
    }

    /**
     * Turns an I/O failure on {@code file} into a user-facing error: what happened, to which file, and what to do
     * (free disk space, fix permissions, ...). {@code action} is a verb such as "write" or "read".
     */
    public static Fer4jException failure(Path file, String action, IOException e) {
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        boolean folder = Files.isDirectory(file); // a store: the folder itself is what must be writable
        Path where = folder || file.toAbsolutePath().getParent() == null
                ? file
                : file.toAbsolutePath().getParent();
        String advice;
        if (detail.contains("No space left") || detail.contains("Disk quota")) {
            advice = "the disk is full: free some space or choose an output on another disk, then run again";
        } else if (e instanceof AccessDeniedException
                || detail.contains("Permission denied")
                || detail.contains("Read-only file system")) {
            advice = "permission denied: make " + where + " writable (or readable) by this user, or choose another"
                    + " location";
        } else if (e instanceof NoSuchFileException) {
            advice = "a file or folder does not exist (" + detail + "): check the path";
        } else if (e instanceof FileAlreadyExistsException) {
            advice = "something already exists at " + detail + ": remove it or choose another location";
        } else {
            advice = detail + ": check the disk and the path, then run again";
        }
        return new Fer4jException(file, "could not " + action + (folder ? " the folder: " : " the file: ") + advice, e);
    }
}
