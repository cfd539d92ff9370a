package io.fer4j.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.error.Fer4jException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void writesAndReplaces() throws IOException {
        Path f = dir.resolve("a.json");
        AtomicFiles.writeString(f, "one");
        AtomicFiles.write(f, out -> {
            out.write("two".getBytes());
            out.close(); // Jackson closes the stream it is given: must be harmless
        });
        assertEquals("two", Files.readString(f));
        assertEquals(1, count());
    }

    @Test
    void diskFullBecomesAnActionableErrorAndLeavesNothing() throws IOException {
        Path f = dir.resolve("out.csv");
        AtomicFiles.writeString(f, "old");
        Fer4jException e = assertThrows(
                Fer4jException.class,
                () -> AtomicFiles.write(f, out -> {
                    out.write(new byte[100_000]);
                    throw new IOException("No space left on device");
                }));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("disk is full"), e.getMessage());
        assertEquals("old", Files.readString(f), "the previous file is untouched");
        assertEquals(1, count());
    }

    @Test
    void callerExceptionLeavesNothing() {
        Path f = dir.resolve("x.txt");
        assertThrows(
                IllegalStateException.class,
                () -> AtomicFiles.write(f, out -> {
                    out.write(1);
                    throw new IllegalStateException("boom");
                }));
        assertFalse(Files.exists(f));
        assertEquals(0, count());
    }

    @Test
    void aReadOnlyStoreFolderIsNamedItselfNotItsParent() throws IOException {
        Path store = Files.createDirectories(dir.resolve("store"));
        Fer4jException e = AtomicFiles.failure(
                store,
                "write into",
                new java.nio.file.AccessDeniedException(store.resolve(".probe").toString()));
        assertTrue(e.getMessage().contains("make " + store + " writable"), e.getMessage());
        assertTrue(e.getMessage().contains("the folder"), e.getMessage());
    }

    @Test
    void missingFolderIsReported() {
        Path f = dir.resolve("no/such/folder/x.txt");
        Fer4jException e = assertThrows(Fer4jException.class, () -> AtomicFiles.writeString(f, "x"));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void tempSiblingIsHiddenAndNextToTheTarget() {
        Path t = AtomicFiles.tempSibling(dir.resolve("file.npy"));
        assertEquals(dir.toAbsolutePath(), t.getParent());
        assertTrue(t.getFileName().toString().startsWith(".file.npy.tmp-"));
    }

    private long count() {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
