package io.fer4j.head;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClassWeightsTest {
    @Test
    void inverseFrequencyByHand() {
        // N_max = 200: 200/200, 200/50, absent, 200/25, 200/400·… (all ≥ 1 for present classes)
        float[] w = ClassWeights.inverseFrequency(new long[] {200, 50, 0, 25, 3, 200, 8, 1});
        assertArrayEquals(new float[] {1f, 4f, 0f, 8f, 200f / 3, 1f, 25f, 200f}, w, 1e-6f);
    }

    @Test
    void noTrainingRowAtAllIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> ClassWeights.inverseFrequency(new long[8]));
    }

    @Test
    void countsSkipIgnoredAndRejectOutOfRangeLabels() {
        TrainingRows rows = FloatTrainingRows.of(new float[4], new int[] {1, -1, 1, 0}, 1);
        assertArrayEquals(new long[] {1, 2, 0}, ClassWeights.count(rows, 3));
        TrainingRows bad = FloatTrainingRows.of(new float[2], new int[] {1, 8}, 1, r -> "video v frame " + r);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClassWeights.count(bad, 8));
        assertTrue(e.getMessage().contains("video v frame 1"), e.getMessage());
    }
}
