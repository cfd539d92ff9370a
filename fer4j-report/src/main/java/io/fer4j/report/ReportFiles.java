package io.fer4j.report;

import io.fer4j.error.Fer4jException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes report files to a temporary sibling and renames them into place, so no reader sees half a file. */
final class ReportFiles {
    private ReportFiles() {}

    interface StreamWriter {
        void write(OutputStream out) throws IOException;
    }

    static void writeAtomically(Path target, StreamWriter writer) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            // Not createTempFile: its 0600 permissions would carry over to the report.
            tmp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".tmp");
            try (OutputStream out = new java.io.BufferedOutputStream(
                    Files.newOutputStream(
                            tmp, java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE),
                    1 << 16)) {
                writer.write(out);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new Fer4jException(
                    target,
                    "could not write the report file (" + e + "); check that the directory "
                            + "is writable and the disk is not full",
                    e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the failure above is what the user needs to see
                }
            }
        }
    }
}
