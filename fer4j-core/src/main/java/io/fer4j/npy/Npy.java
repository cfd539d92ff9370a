package io.fer4j.npy;

import io.fer4j.error.Fer4jException;
import io.fer4j.store.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Reads and writes numpy {@code .npy} files (format versions 1.0–3.0 on read; 1.0, or 2.0 when the header needs it,
 * on write), interoperable with {@code numpy.load} / {@code numpy.save}.
 *
 * <p>Written here rather than taken from a library: org.jetbrains.bio:npy (Kotlin) and org.openlca:npy load whole
 * arrays into one Java array (at most 2^31 elements, all on the heap), cannot memory-map, cannot append rows to a
 * file whose length is unknown up front, and (JetBrains) do not read float16 — the three things the feature store
 * needs. The format itself is small (a preamble, a Python dict literal, raw little-endian data).
 *
 * <p>Every failure is a {@link Fer4jException} naming the file and, for a bad header or truncated data, the byte
 * offset. Writes go to a temporary sibling that is renamed into place ({@link AtomicFiles}).
 */
public final class Npy {
    private Npy() {}

    /** Reads only the header: dtype, shape and data offset, checking that the file holds all the data. */
    public static NpyHeader readHeader(Path file) {
        try (FileChannel ch = open(file)) {
            return header(file, ch);
        } catch (IOException e) {
            throw AtomicFiles.failure(file, "read", e);
        }
    }

    /** Loads the whole array onto the heap. */
    public static NpyArray read(Path file) {
        return read(file, NpyArray.DEFAULT_CHUNK_BYTES);
    }

    /** Memory-maps the array (read-only); works for arrays larger than 2 GiB. The file must not be modified. */
    public static NpyArray map(Path file) {
        return map(file, NpyArray.DEFAULT_CHUNK_BYTES);
    }

    static NpyArray read(Path file, long chunkBytes) {
        try (FileChannel ch = open(file)) {
            NpyHeader h = header(file, ch);
            long elementsPerChunk = elementsPerChunk(h.dtype(), chunkBytes);
            ByteBuffer[] chunks = chunks(h, elementsPerChunk, (pos, len) -> {
                ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
                while (b.hasRemaining()) {
                    int n = ch.read(b, pos + b.position());
                    if (n < 0) {
                        throw new Fer4jException(file, "truncated .npy data at byte offset " + (pos + b.position()));
                    }
                }
                b.flip();
                return b;
            });
            return new NpyArray(file, h.dtype(), h.shape(), chunks, elementsPerChunk, false);
        } catch (IOException e) {
            throw AtomicFiles.failure(file, "read", e);
        }
    }

    static NpyArray map(Path file, long chunkBytes) {
        try (FileChannel ch = open(file)) {
            NpyHeader h = header(file, ch);
            long elementsPerChunk = elementsPerChunk(h.dtype(), chunkBytes);
            // a mapping stays valid after its channel is closed
            ByteBuffer[] chunks = chunks(
                    h,
                    elementsPerChunk,
                    (pos, len) -> len == 0 ? ByteBuffer.allocate(0) : ch.map(FileChannel.MapMode.READ_ONLY, pos, len));
            return new NpyArray(file, h.dtype(), h.shape(), chunks, elementsPerChunk, true);
        } catch (IOException e) {
            throw AtomicFiles.failure(file, "memory-map", e);
        }
    }

    /** Writes an int32 array; {@code shape} defaults to {@code [data.length]}. */
    public static void write(Path file, int[] data, long... shape) {
        long[] s = checkShape(file, data.length, shape);
        ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(data);
        writeRaw(file, NpyDtype.INT32, s, b.array());
    }

    /** Writes a float32 array; {@code shape} defaults to {@code [data.length]}. */
    public static void writeFloat32(Path file, float[] data, long... shape) {
        long[] s = checkShape(file, data.length, shape);
        ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(data);
        writeRaw(file, NpyDtype.FLOAT32, s, b.array());
    }

    /**
     * Writes a float16 array, rounding each value to nearest-even as {@code arr.astype(numpy.float16)} does;
     * {@code shape} defaults to {@code [data.length]}.
     */
    public static void writeFloat16(Path file, float[] data, long... shape) {
        long[] s = checkShape(file, data.length, shape);
        ByteBuffer b = ByteBuffer.allocate(data.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : data) {
            b.putShort(Float16.fromFloat(v));
        }
        writeRaw(file, NpyDtype.FLOAT16, s, b.array());
    }

    private static void writeRaw(Path file, NpyDtype dtype, long[] shape, byte[] data) {
        byte[] header = NpyHeader.format(dtype, shape, 0);
        AtomicFiles.write(file, out -> {
            out.write(header);
            out.write(data);
        });
    }

    private static long[] checkShape(Path file, int length, long[] shape) {
        if (shape == null || shape.length == 0) {
            return new long[] {length};
        }
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(
                        "negative dimension in shape " + Arrays.toString(shape) + " for " + file);
            }
            n *= d;
        }
        if (n != length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n + " elements but "
                    + length + " were given for " + file);
        }
        return shape.clone();
    }

    /** Writes a 0-d (scalar) float32 array, as {@code numpy.save(path, numpy.float32(v))}. */
    public static void writeScalarFloat32(Path file, float value) {
        ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(value);
        writeRaw(file, NpyDtype.FLOAT32, new long[0], b.array());
    }

    private static FileChannel open(Path file) throws IOException {
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new Fer4jException(file, "file not found; check the path (or re-create the store entry)", e);
        }
    }

    private static NpyHeader header(Path file, FileChannel ch) throws IOException {
        long size = ch.size();
        ByteBuffer prefix = ByteBuffer.allocate((int) Math.min(12, size));
        while (prefix.hasRemaining() && ch.read(prefix, prefix.position()) >= 0) {
            // read up to 12 bytes
        }
        ByteBuffer full = ByteBuffer.allocate(12);
        prefix.flip();
        full.put(prefix);
        return NpyHeader.parse(file, full.clear(), size, (offset, length) -> {
            ByteBuffer b = ByteBuffer.allocate(length);
            while (b.hasRemaining()) {
                if (ch.read(b, offset + b.position()) < 0) {
                    throw new Fer4jException(file, "truncated .npy header at byte offset " + (offset + b.position()));
                }
            }
            return b.array();
        });
    }

    private static long elementsPerChunk(NpyDtype dtype, long chunkBytes) {
        return Math.max(1, chunkBytes / dtype.itemBytes());
    }

    @FunctionalInterface
    private interface ChunkSource {
        ByteBuffer get(long position, int length) throws IOException;
    }

    private static ByteBuffer[] chunks(NpyHeader h, long elementsPerChunk, ChunkSource source) throws IOException {
        long size = h.size();
        int count = (int) Math.max(1, (size + elementsPerChunk - 1) / elementsPerChunk);
        ByteBuffer[] chunks = new ByteBuffer[count];
        int item = h.dtype().itemBytes();
        for (int c = 0; c < count; c++) {
            long first = c * elementsPerChunk;
            long n = Math.min(elementsPerChunk, size - first);
            chunks[c] = source.get(h.dataOffset() + first * item, (int) (n * item));
        }
        return chunks;
    }
}
