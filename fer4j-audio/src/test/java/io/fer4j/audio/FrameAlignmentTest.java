package io.fer4j.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FrameAlignmentTest {
    private static int[] rows(int audioRows, int frames) {
        int[] r = new int[frames];
        for (int i = 1; i <= frames; i++) {
            r[i - 1] = FrameAlignment.rowForFrame(i, audioRows, frames);
        }
        return r;
    }

    @Test
    void tenFramesOver49Rows() {
        // floor((i-1)*49/10) for i = 1..10, worked by hand
        assertArrayEquals(new int[] {0, 4, 9, 14, 19, 24, 29, 34, 39, 44}, rows(49, 10));
    }

    @Test
    void fewerRowsThanFramesRepeatsRows() {
        // floor((i-1)*3/7): 0,3/7,6/7,9/7,12/7,15/7,18/7
        assertArrayEquals(new int[] {0, 0, 0, 1, 1, 2, 2}, rows(3, 7));
        assertArrayEquals(new int[] {0, 0, 0, 0}, rows(1, 4));
    }

    @Test
    void thirtySecondsAt30FpsOver1470Rows() {
        int[] r = rows(1470, 900);
        assertEquals(0, r[0]);
        assertEquals(1, r[1]); // floor(1470/900)
        assertEquals(49, r[30]); // frame 31 = 1 s → floor(30*1470/900) = 49
        assertEquals(1468, r[899]); // floor(899*1470/900) = floor(1468.37)
    }

    @Test
    void noOverflowForLongVideos() {
        // (i-1)*n_a exceeds 2^31 here: floor(2,999,999 · 4,900,000 / 3,000,000) = floor(4,899,998.37)
        assertEquals(4_899_998, FrameAlignment.rowForFrame(3_000_000, 4_900_000, 3_000_000));
    }

    @Test
    void alignCopiesTheChosenRows() {
        float[] data = new float[5 * 2];
        for (int i = 0; i < data.length; i++) {
            data[i] = i;
        }
        AudioEmbeddings e = new AudioEmbeddings(5, 2, data, 49);
        // F = 3: rows floor(0), floor(5/3)=1, floor(10/3)=3
        assertArrayEquals(new float[] {0, 1, 2, 3, 6, 7}, FrameAlignment.align(e, 3));
        // F = 8 > n_a: rows 0,0,1,1,2,3,3,4
        assertArrayEquals(new float[] {0, 1, 0, 1, 2, 3, 2, 3, 4, 5, 6, 7, 6, 7, 8, 9}, FrameAlignment.align(e, 8));
    }

    @Test
    void badArguments() {
        assertThrows(IllegalArgumentException.class, () -> FrameAlignment.rowForFrame(0, 10, 10));
        assertThrows(IllegalArgumentException.class, () -> FrameAlignment.rowForFrame(11, 10, 10));
        assertThrows(
                IllegalArgumentException.class,
                () -> FrameAlignment.align(new AudioEmbeddings(1, 1, new float[1], 49), 0));
    }
}
