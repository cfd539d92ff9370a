package io.fer4j.head;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.error.Fer4jException;
import io.fer4j.npy.Npy;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingRowsAdaptersTest {
    @TempDir
    Path dir;

    @Test
    void npyFloat16AndFloat32FilesGiveTheirRows() {
        float[] data = {1f, -2f, 0.5f, 0.25f, 3f, -0.125f};
        Path f16 = dir.resolve("e16.npy");
        Path f32 = dir.resolve("e32.npy");
        Npy.writeFloat16(f16, data, 2, 3);
        Npy.writeFloat32(f32, data, 2, 3);
        for (Path file : List.of(f16, f32)) {
            TrainingRows rows = NpyTrainingRows.open(file, new int[] {3, 5}, r -> "v frame " + (r + 1));
            assertEquals(3, rows.dim());
            float[] dst = new float[6];
            rows.copyRow(1, dst, 0);
            rows.copyRow(0, dst, 3);
            assertArrayEquals(new float[] {0.25f, 3f, -0.125f, 1f, -2f, 0.5f}, dst, file.toString());
            assertEquals(5, rows.label(1));
        }
        Fer4jException e =
                assertThrows(Fer4jException.class, () -> NpyTrainingRows.open(f16, new int[] {1, 2, 3}, r -> ""));
        assertTrue(e.getMessage().contains("2 rows but 3 labels"), e.getMessage());
    }

    @Test
    void concatenationMapsRowsToTheirPartsSkippingEmptyOnes() {
        TrainingRows a = FloatTrainingRows.of(new float[] {1, 2}, new int[] {0, 1}, 1, r -> "a" + r);
        TrainingRows empty = FloatTrainingRows.of(new float[0], new int[0], 1);
        TrainingRows b = FloatTrainingRows.of(new float[] {3, 4, 5}, new int[] {2, 3, -1}, 1, r -> "b" + r);
        TrainingRows all = ConcatenatedTrainingRows.of(List.of(empty, a, empty, empty, b, empty));
        assertEquals(5, all.rowCount());
        float[] x = new float[5];
        int[] y = new int[5];
        for (int r = 0; r < 5; r++) {
            all.copyRow(r, x, r);
            y[r] = all.label(r);
        }
        assertArrayEquals(new float[] {1, 2, 3, 4, 5}, x);
        assertArrayEquals(new int[] {0, 1, 2, 3, -1}, y);
        assertEquals("b0", all.describeRow(2));
        assertThrows(IndexOutOfBoundsException.class, () -> all.label(5));
        assertThrows(
                IllegalArgumentException.class,
                () -> ConcatenatedTrainingRows.of(List.of(a, FloatTrainingRows.of(new float[2], new int[1], 2))));
    }
}
