package io.fer4j.npy;

import io.fer4j.store.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Streams rows into a {@code .npy} file whose row count is not known up front (e.g. embeddings as a video is
 * decoded). The header is written with room for any row count and patched on {@link #commit()}; rows go to a hidden
 * temporary sibling that {@code commit} renames over the target, so an interrupted write never leaves a file that
 * looks complete. {@link #close()} without {@code commit} deletes the temporary file.
 *
 * <pre>{@code
 * try (NpyRowWriter w = NpyRowWriter.create(dir.resolve("embeddings.npy"), NpyDtype.FLOAT16, 1280)) {
 *     w.appendFloats(row, 0, 1);   // one row of 1280
 *     w.commit();                  // shape (n, 1280)
 * }
 * }</pre>
 *
 * Not thread-safe: one writer per thread.
 */
public final class NpyRowWriter implements AutoCloseable {
    private static final int BUFFER_BYTES = 1 << 20;

    private final Path target;
    private final Path temp;
    private final NpyDtype dtype;
    private final long[] rowShape;
    private final long rowLength;
    private final int headerBytes;
    private final FileChannel channel;
    private final byte[] buffer;
    private int position;
    private long rows;
    private boolean finished;

    private NpyRowWriter(Path target, NpyDtype dtype, long[] rowShape) {
        this.target = target;
        this.dtype = dtype;
        this.rowShape = rowShape;
        long len = 1;
        for (long d : rowShape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in row shape " + Arrays.toString(rowShape));
            }
            len *= d;
        }
        this.rowLength = len;
        long[] widest = new long[rowShape.length + 1];
        widest[0] = Long.MAX_VALUE;
        System.arraycopy(rowShape, 0, widest, 1, rowShape.length);
        this.headerBytes = NpyHeader.format(dtype, widest, 0).length;
        this.temp = AtomicFiles.tempSibling(target);
        this.buffer = new byte[BUFFER_BYTES];
        try {
            this.channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            channel.position(headerBytes);
        } catch (IOException e) {
            AtomicFiles.deleteQuietly(temp);
            throw AtomicFiles.failure(target, "create", e);
        }
    }

    /**
     * Starts a file of rows of shape {@code rowShape} (no dimensions: a 1-D array of scalars, e.g. frame numbers).
     * {@code dtype} must be INT32, FLOAT16 or FLOAT32.
     */
    public static NpyRowWriter create(Path target, NpyDtype dtype, long... rowShape) {
        if (!dtype.writable()) {
            throw new IllegalArgumentException("fer4j writes int32, float16 and float32, not " + dtype);
        }
        return new NpyRowWriter(target, dtype, rowShape == null ? new long[0] : rowShape.clone());
    }

    /** The final path of the file. */
    public Path target() {
        return target;
    }

    public NpyDtype dtype() {
        return dtype;
    }

    /** Elements per row. */
    public long rowLength() {
        return rowLength;
    }

    /** Rows appended so far. */
    public long rows() {
        return rows;
    }

    /** Appends {@code rowCount} rows ({@code rowCount * rowLength()} values from {@code src[offset..]}). */
    public void appendFloats(float[] src, int offset, int rowCount) {
        checkOpen();
        if (dtype == NpyDtype.INT32) {
            throw new IllegalStateException("appendFloats on an int32 file " + target + "; use appendInts");
        }
        int n = checkedCount(src.length, offset, rowCount);
        int item = dtype.itemBytes();
        int i = 0;
        while (i < n) {
            ensure(item);
            int len = Math.min(n - i, (buffer.length - position) / item);
            byte[] b = buffer;
            int pos = position;
            if (dtype == NpyDtype.FLOAT16) {
                for (int k = 0; k < len; k++, pos += 2) {
                    short h = Float16.fromFloat(src[offset + i + k]);
                    b[pos] = (byte) h;
                    b[pos + 1] = (byte) (h >>> 8);
                }
            } else {
                for (int k = 0; k < len; k++, pos += 4) {
                    putInt(b, pos, Float.floatToRawIntBits(src[offset + i + k]));
                }
            }
            position = pos;
            i += len;
        }
        rows += rowCount;
    }

    /** Appends {@code rowCount} rows of int32 values from {@code src[offset..]}. */
    public void appendInts(int[] src, int offset, int rowCount) {
        checkOpen();
        if (dtype != NpyDtype.INT32) {
            throw new IllegalStateException("appendInts on a " + dtype + " file " + target + "; use appendFloats");
        }
        int n = checkedCount(src.length, offset, rowCount);
        for (int i = 0; i < n; i++) {
            ensure(4);
            putInt(buffer, position, src[offset + i]);
            position += 4;
        }
        rows += rowCount;
    }

    private static void putInt(byte[] b, int pos, int v) {
        b[pos] = (byte) v;
        b[pos + 1] = (byte) (v >>> 8);
        b[pos + 2] = (byte) (v >>> 16);
        b[pos + 3] = (byte) (v >>> 24);
    }

    /** Appends one int32 scalar row (for 1-D int32 files). */
    public void appendInt(int value) {
        appendInts(new int[] {value}, 0, 1);
    }

    /** Writes the final header, flushes to disk and renames the file into place. */
    public void commit() {
        checkOpen();
        finished = true;
        try {
            flush();
            long[] shape = new long[rowShape.length + 1];
            shape[0] = rows;
            System.arraycopy(rowShape, 0, shape, 1, rowShape.length);
            byte[] header = NpyHeader.format(dtype, shape, headerBytes);
            if (header.length != headerBytes) {
                throw new IllegalStateException("npy header grew from " + headerBytes + " to " + header.length);
            }
            ByteBuffer h = ByteBuffer.wrap(header);
            long pos = 0;
            while (h.hasRemaining()) {
                pos += channel.write(h, pos);
            }
            channel.force(true);
            channel.close();
            AtomicFiles.moveIntoPlace(temp, target);
        } catch (IOException e) {
            closeQuietly();
            AtomicFiles.deleteQuietly(temp);
            throw AtomicFiles.failure(target, "write", e);
        } catch (RuntimeException e) {
            closeQuietly();
            AtomicFiles.deleteQuietly(temp);
            throw e;
        }
    }

    /** Discards everything written; the target is left untouched. Safe to call more than once. */
    public void abort() {
        finished = true;
        closeQuietly();
        AtomicFiles.deleteQuietly(temp);
    }

    /** Aborts unless {@link #commit()} succeeded. */
    @Override
    public void close() {
        if (!finished) {
            abort();
        }
    }

    private int checkedCount(int srcLength, int offset, int rowCount) {
        if (rowCount < 0) {
            throw new IllegalArgumentException("negative row count " + rowCount);
        }
        long n = rowCount * rowLength;
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many values in one append: " + n);
        }
        java.util.Objects.checkFromIndexSize(offset, (int) n, srcLength);
        return (int) n;
    }

    private void ensure(int bytes) {
        if (buffer.length - position < bytes) {
            try {
                flush();
            } catch (IOException e) {
                abort();
                throw AtomicFiles.failure(target, "write", e);
            }
        }
    }

    private void flush() throws IOException {
        ByteBuffer b = ByteBuffer.wrap(buffer, 0, position);
        while (b.hasRemaining()) {
            channel.write(b);
        }
        position = 0;
    }

    private void checkOpen() {
        if (finished) {
            throw new IllegalStateException("writer for " + target + " is already committed or aborted");
        }
    }

    private void closeQuietly() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // cleaning up after another failure
        }
    }
}
