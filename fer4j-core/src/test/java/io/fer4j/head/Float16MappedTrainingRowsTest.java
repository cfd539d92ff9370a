package io.fer4j.head;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.error.Fer4jException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Float16MappedTrainingRowsTest {
    @TempDir
    Path dir;

    @Test
    void readsLittleEndianHalvesAfterTheOffset() throws IOException {
        Path file = dir.resolve("rows.f16");
        // 5 junk header bytes, then rows [1, -2, 0.5] and [65504, 0.25, -0]
        ByteBuffer b = ByteBuffer.allocate(5 + 12).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {9, 9, 9, 9, 9});
        for (int bits : new int[] {0x3C00, 0xC000, 0x3800, 0x7BFF, 0x3400, 0x8000}) {
            b.putShort((short) bits);
        }
        Files.write(file, b.array());
        TrainingRows rows = Float16MappedTrainingRows.open(file, 5, 3, new int[] {4, -1}, r -> "frame " + (r + 1));
        assertEquals(2, rows.rowCount());
        assertEquals(3, rows.dim());
        assertEquals(-1, rows.label(1));
        float[] dst = new float[7];
        rows.copyRow(1, dst, 1);
        rows.copyRow(0, dst, 4);
        assertArrayEquals(new float[] {0f, 65504f, 0.25f, -0f, 1f, -2f, 0.5f}, dst);
        assertEquals("frame 2", rows.describeRow(1));
    }

    @Test
    void truncatedFileIsRejectedNamingIt() throws IOException {
        Path file = dir.resolve("short.f16");
        Files.write(file, new byte[10]);
        Fer4jException e = assertThrows(
                Fer4jException.class, () -> Float16MappedTrainingRows.open(file, 0, 3, new int[] {0, 1}, r -> "r"));
        assertEquals(file, e.file());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }
}
