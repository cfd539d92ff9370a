package io.fer4j.report;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A CSV file that grows one whole row at a time (the live CSV): a row that cannot be written completely (disk full,
 * quota) is cut back off, so the file always ends after its last whole row, and the failure is thrown. Rows go
 * straight to the file (no buffer): what was appended is on disk when {@link #append} returns.
 *
 * <p>Not thread-safe: one writer appends.
 */
public final class WholeRowCsvFile implements Closeable {
    private final Path file;
    private final FileChannel channel;
    /** Bytes of whole rows in the file: where a failed row is cut back to. */
    private long wholeRowBytes;

    private WholeRowCsvFile(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /**
     * Creates (or truncates) {@code file} and writes the header row; when even the header cannot be written the file
     * is removed and the failure thrown.
     *
     * @param headerRow the header line, with its newline
     */
    public static WholeRowCsvFile create(Path file, CharSequence headerRow) throws IOException {
        return startWith(
                file,
                FileChannel.open(
                        file,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING),
                headerRow);
    }

    /** As {@link #create}, writing through {@code channel} (tests simulate a full disk with it). */
    static WholeRowCsvFile startWith(Path file, FileChannel channel, CharSequence headerRow) throws IOException {
        WholeRowCsvFile csv = new WholeRowCsvFile(file, channel);
        try {
            csv.append(headerRow);
        } catch (IOException e) {
            try {
                channel.close();
                Files.deleteIfExists(file);
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return csv;
    }

    /**
     * Appends one row (with its newline), whole or not at all: on failure the file is cut back to the rows before it.
     */
    public void append(CharSequence row) throws IOException {
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(row));
        try {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (IOException e) {
            try {
                channel.truncate(wholeRowBytes); // frees the cut row's blocks too, on a full disk
                channel.position(wholeRowBytes);
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        wholeRowBytes = channel.position();
    }

    /** The file's length in bytes: its whole rows. */
    public long wholeRowBytes() {
        return wholeRowBytes;
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
