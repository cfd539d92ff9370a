package io.fer4j.head;

import io.fer4j.error.Fer4jException;
import io.fer4j.npy.Float16;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * Rows of little-endian float16 values memory-mapped from a file region (e.g. the data section of an
 * {@code embeddings.npy} of dtype {@code <f2}, C order), converted to float32 per row on read. Only the page cache
 * holds the data; the heap holds the labels and a per-thread row buffer. Files over 2 GiB are mapped in chunks of
 * whole rows.
 */
public final class Float16MappedTrainingRows implements TrainingRows {
    private static final long CHUNK_BYTES = 1L << 30;

    private final Path file;
    private final ShortBuffer[] chunks;
    private final int rowsPerChunk;
    private final int rowCount;
    private final int dim;
    private final int[] labels;
    private final IntFunction<String> describer;
    private final ThreadLocal<short[]> scratch;

    private Float16MappedTrainingRows(
            Path file,
            ShortBuffer[] chunks,
            int rowsPerChunk,
            int rowCount,
            int dim,
            int[] labels,
            IntFunction<String> describer) {
        this.file = file;
        this.chunks = chunks;
        this.rowsPerChunk = rowsPerChunk;
        this.rowCount = rowCount;
        this.dim = dim;
        this.labels = labels;
        this.describer = describer;
        this.scratch = ThreadLocal.withInitial(() -> new short[dim]);
    }

    /**
     * Maps {@code labels.length} rows of {@code dim} float16 values starting at byte {@code dataOffsetBytes} of
     * {@code file}. The mapping stays valid after the channel is closed.
     */
    public static Float16MappedTrainingRows open(
            Path file, long dataOffsetBytes, int dim, int[] labels, IntFunction<String> describer) {
        Objects.requireNonNull(describer);
        if (dim <= 0) {
            throw new IllegalArgumentException("dim must be positive, got " + dim);
        }
        int rows = labels.length;
        long rowBytes = 2L * dim;
        long needed = dataOffsetBytes + rows * rowBytes;
        int rowsPerChunk = (int) Math.max(1, CHUNK_BYTES / rowBytes);
        int chunkCount = rows == 0 ? 0 : (rows + rowsPerChunk - 1) / rowsPerChunk;
        ShortBuffer[] chunks = new ShortBuffer[chunkCount];
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < needed) {
                throw new Fer4jException(
                        file,
                        "holds " + size + " bytes but " + rows + " float16 rows of " + dim
                                + " values from offset " + dataOffsetBytes + " need " + needed
                                + "; the file is truncated: re-extract this video");
            }
            for (int c = 0; c < chunkCount; c++) {
                int chunkRows = Math.min(rowsPerChunk, rows - c * rowsPerChunk);
                MappedByteBuffer mapped = channel.map(
                        FileChannel.MapMode.READ_ONLY,
                        dataOffsetBytes + (long) c * rowsPerChunk * rowBytes,
                        chunkRows * rowBytes);
                chunks[c] = mapped.order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
            }
        } catch (IOException e) {
            throw new Fer4jException(file, "cannot map float16 features: " + e.getMessage(), e);
        }
        return new Float16MappedTrainingRows(file, chunks, rowsPerChunk, rows, dim, labels.clone(), describer);
    }

    public Path file() {
        return file;
    }

    @Override
    public int rowCount() {
        return rowCount;
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public int label(int row) {
        return labels[row];
    }

    @Override
    public void copyRow(int row, float[] dst, int dstOffset) {
        Objects.checkIndex(row, rowCount);
        short[] bits = scratch.get();
        chunks[row / rowsPerChunk].get((row % rowsPerChunk) * dim, bits, 0, dim);
        Float16.toFloats(bits, 0, dst, dstOffset, dim);
    }

    @Override
    public String describeRow(int row) {
        return describer.apply(row);
    }
}
