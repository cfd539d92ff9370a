package io.fer4j.postprocess;

import static io.fer4j.postprocess.Rows.r;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LateFusionTest {

    @Test
    void weightedSumByHand() {
        // w = 0.6: class 0 = 0.6·0.8 + 0.4·0.2 = 0.56; class 1 = 0.6·0.2 + 0.4·0.6 = 0.36; class 2 = 0.4·0.2 = 0.08.
        FrameProbabilities v = FrameProbabilities.of(1, r(0, 0.8, 1, 0.2));
        FrameProbabilities a = FrameProbabilities.of(1, r(0, 0.2, 1, 0.6, 2, 0.2));
        assertArrayEquals(
                r(0, 0.56, 1, 0.36, 2, 0.08), new LateFusion(0.6).apply(v, a).frame(1), 1e-7f);
    }

    @Test
    void extremeWeightsKeepOneSideExactly() {
        java.util.Random rnd = new java.util.Random(3);
        FrameProbabilities v = FrameProbabilities.of(10, Rows.random(rnd, 10));
        FrameProbabilities a = FrameProbabilities.of(10, Rows.random(rnd, 10));
        assertArrayEquals(v.toArray(), new LateFusion(1.0).apply(v, a).toArray(), 0f);
        assertArrayEquals(a.toArray(), new LateFusion(0.0).apply(v, a).toArray(), 0f);
    }

    @Test
    void rejectsBadWeightAndFrameMismatch() {
        assertThrows(IllegalArgumentException.class, () -> new LateFusion(1.1));
        assertThrows(IllegalArgumentException.class, () -> new LateFusion(-0.1));
        assertThrows(IllegalArgumentException.class, () -> new LateFusion(Double.NaN));
        FrameProbabilities one = FrameProbabilities.of(1, r(0, 1));
        FrameProbabilities two = FrameProbabilities.of(2, Rows.rows(r(0, 1), r(0, 1)));
        assertThrows(IllegalArgumentException.class, () -> new LateFusion(0.5).apply(one, two));
    }
}
