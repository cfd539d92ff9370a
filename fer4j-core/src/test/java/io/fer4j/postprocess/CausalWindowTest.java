package io.fer4j.postprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The causal window on hand-worked cases: rows leave after `capacity` pushes, frames without a row are skipped. */
class CausalWindowTest {
    @Test
    void meanOfTheRowsPresentAmongTheLastFrames() {
        CausalWindow w = new CausalWindow(3, 2);
        assertThrows(IllegalStateException.class, w::mean, "empty window has no mean");
        w.push(new float[] {1, 2});
        assertArrayEquals(new float[] {1, 2}, w.mean());
        w.push(null);
        assertEquals(1, w.present());
        w.push(new float[] {3, 4});
        assertArrayEquals(new float[] {2, 3}, w.mean()); // (1+3)/2, (2+4)/2
        w.push(new float[] {5, 6}); // {1, 2} leaves
        assertEquals(2, w.present());
        assertArrayEquals(new float[] {4, 5}, w.mean());
        w.push(null); // the null frame leaves; window: {3,4}, {5,6}, none
        w.push(null); // {3, 4} leaves
        assertArrayEquals(new float[] {5, 6}, w.mean());
        w.push(null);
        assertEquals(0, w.present());
    }
}
