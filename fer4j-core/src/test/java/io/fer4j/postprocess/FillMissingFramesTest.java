package io.fer4j.postprocess;

import static io.fer4j.postprocess.Rows.r;
import static io.fer4j.postprocess.Rows.rows;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FillMissingFramesTest {

    @Test
    void interpolatesBetweenFacesAndCopiesTheNearestAtTheEnds() {
        // F = 6, faces at frames 2 (a) and 5 (b). By hand:
        // 1 = a; 3 = a + (b−a)·1/3; 4 = a + (b−a)·2/3; 6 = b.
        float[] a = r(0, 0.9, 1, 0.1);
        float[] b = r(0, 0.3, 1, 0.6, 4, 0.1);
        FrameProbabilities filled = FillMissingFrames.apply(6, new int[] {2, 5}, rows(a, b));
        assertArrayEquals(a, filled.frame(1), 0f);
        assertArrayEquals(a, filled.frame(2), 0f);
        assertArrayEquals(r(0, 0.7, 1, 0.26666667, 4, 0.033333333), filled.frame(3), 1e-7f);
        assertArrayEquals(r(0, 0.5, 1, 0.43333333, 4, 0.066666667), filled.frame(4), 1e-7f);
        assertArrayEquals(b, filled.frame(5), 0f);
        assertArrayEquals(b, filled.frame(6), 0f);
        assertArrayEquals(
                new boolean[] {true, false, true, true, false, true},
                FillMissingFrames.filledMask(6, new int[] {2, 5}));
    }

    @Test
    void singleFaceFrameIsCopiedEverywhere() {
        float[] a = r(3, 1.0);
        FrameProbabilities filled = FillMissingFrames.apply(4, new int[] {3}, a);
        for (int f = 1; f <= 4; f++) {
            assertArrayEquals(a, filled.frame(f), 0f);
        }
    }

    @Test
    void allFramesPresentIsIdentity() {
        float[] v = Rows.random(new java.util.Random(1), 5);
        assertArrayEquals(
                v, FillMissingFrames.apply(5, new int[] {1, 2, 3, 4, 5}, v).toArray(), 0f);
    }

    @Test
    void singleFrameVideo() {
        FrameProbabilities filled = FillMissingFrames.apply(1, new int[] {1}, r(2, 1.0));
        assertEquals(1, filled.frameCount());
        assertEquals(1.0f, filled.probability(1, 2));
    }

    @Test
    void rejectsBadFrameNumbersAndValues() {
        float[] two = rows(r(0, 1), r(1, 1));
        assertThrows(IllegalArgumentException.class, () -> FillMissingFrames.apply(5, new int[] {3, 2}, two));
        assertThrows(IllegalArgumentException.class, () -> FillMissingFrames.apply(5, new int[] {2, 2}, two));
        assertThrows(IllegalArgumentException.class, () -> FillMissingFrames.apply(5, new int[] {0, 2}, two));
        assertThrows(IllegalArgumentException.class, () -> FillMissingFrames.apply(5, new int[] {2, 6}, two));
        assertThrows(IllegalArgumentException.class, () -> FillMissingFrames.apply(5, new int[] {2}, two));
        assertThrows(IllegalArgumentException.class, () -> FillMissingFrames.apply(5, new int[] {}, new float[0]));
        float[] nan = rows(r(0, 1), r(1, Double.NaN));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> FillMissingFrames.apply(5, new int[] {1, 2}, nan));
        assertEquals(true, e.getMessage().contains("row 2"), e.getMessage());
    }
}
