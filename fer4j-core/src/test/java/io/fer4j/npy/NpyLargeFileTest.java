package io.fer4j.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 3 GB float32 matrix (a sparse file: no real disk use) is memory-mapped across several buffers. */
class NpyLargeFileTest {
    @TempDir
    Path dir;

    @Test
    void mapsArraysLargerThanTwoGigabytes() throws IOException {
        long rows = 600_000;
        int cols = 1280; // 600,000 x 1280 float32 = 3.07 GB, the training benchmark's size
        byte[] header = NpyHeader.format(NpyDtype.FLOAT32, new long[] {rows, cols}, 0);
        Path file = dir.resolve("big.npy");
        long size = header.length + rows * cols * 4;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.write(header);
            raf.setLength(size);
        } catch (IOException e) {
            Assumptions.abort("cannot create a sparse 3 GB file here: " + e.getMessage());
        }
        long usable = Files.getFileStore(dir).getUsableSpace();
        Assumptions.assumeTrue(usable > 1L << 26, "needs some free space");
        // one marker value straddling nothing in the last row, one at the 2^31-byte boundary
        long boundaryElement = (1L << 31) / 4;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(
                    ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(0, 42.5f),
                    header.length + boundaryElement * 4);
            ch.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(0, -7f), size - 4);
        }
        NpyArray a = Npy.map(file);
        assertArrayEquals(new long[] {rows, cols}, a.shape());
        assertEquals(42.5f, a.getFloat(boundaryElement));
        assertEquals(0f, a.getFloat(boundaryElement - 1));
        float[] last = new float[cols];
        a.readRow(rows - 1, last, 0);
        assertEquals(-7f, last[cols - 1]);
        assertEquals(0f, last[0]);
        float[] span = new float[4];
        a.readFloats(boundaryElement - 2, span, 0, 4);
        assertArrayEquals(new float[] {0, 0, 42.5f, 0}, span);
    }
}
