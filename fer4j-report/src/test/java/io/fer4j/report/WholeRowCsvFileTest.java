package io.fer4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18 item 1: a live CSV on a full disk ends after its last whole row, never in half a row. */
class WholeRowCsvFileTest {
    @TempDir
    Path dir;

    @Test
    void aRowThatDoesNotFitIsCutBackOffAndTheFailureThrown() throws Exception {
        Path file = dir.resolve("v.csv");
        // room for the header (2 bytes) and one row (4 bytes), then 3 bytes of the next row before "disk full"
        FileChannel disk =
                new FullAfter(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE), 9);
        WholeRowCsvFile csv = WholeRowCsvFile.startWith(file, disk, "h\n");
        csv.append("1,a\n");
        IOException e = assertThrows(IOException.class, () -> csv.append("2,bb\n"));
        assertEquals("No space left on device", e.getMessage());
        csv.close();
        assertEquals("h\n1,a\n", Files.readString(file));
    }

    @Test
    void aHeaderThatDoesNotFitLeavesNoFile() throws Exception {
        Path file = dir.resolve("v.csv");
        FileChannel disk =
                new FullAfter(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE), 1);
        assertThrows(IOException.class, () -> WholeRowCsvFile.startWith(file, disk, "h,i\n"));
        assertFalse(Files.exists(file));
    }

    @Test
    void rowsAreOnDiskWhenAppendReturns() throws Exception {
        Path file = dir.resolve("v.csv");
        try (WholeRowCsvFile csv = WholeRowCsvFile.create(file, "h\n")) {
            csv.append("1,é\n");
            assertEquals("h\n1,é\n", Files.readString(file));
            assertEquals(Files.size(file), csv.wholeRowBytes());
        }
    }

    /** A file on a disk that fills up after {@code capacity} bytes: the write that crosses it is cut, then fails. */
    private static final class FullAfter extends FileChannel {
        private final FileChannel inner;
        private final long capacity;

        FullAfter(FileChannel inner, long capacity) {
            this.inner = inner;
            this.capacity = capacity;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            long room = capacity - inner.size();
            if (room <= 0) {
                throw new IOException("No space left on device");
            }
            ByteBuffer part = src.slice();
            part.limit((int) Math.min(room, part.remaining()));
            int n = inner.write(part);
            src.position(src.position() + n);
            return n;
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            inner.truncate(size);
            return this;
        }

        @Override
        public long position() throws IOException {
            return inner.position();
        }

        @Override
        public FileChannel position(long p) throws IOException {
            inner.position(p);
            return this;
        }

        @Override
        public long size() throws IOException {
            return inner.size();
        }

        @Override
        protected void implCloseChannel() throws IOException {
            inner.close();
        }

        // not used by WholeRowCsvFile
        @Override
        public int read(ByteBuffer dst) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void force(boolean metaData) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(ByteBuffer dst, long position) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int write(ByteBuffer src, long position) {
            throw new UnsupportedOperationException();
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) {
            throw new UnsupportedOperationException();
        }
    }
}
