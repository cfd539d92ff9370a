package io.fer4j.postprocess;

import static io.fer4j.postprocess.Rows.r;
import static io.fer4j.postprocess.Rows.rows;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConfidenceGateTest {

    // Head probabilities s: argmax Neutral (0) on frames 1–3, "Other" (7) on frame 4.
    private static final FrameProbabilities S =
            FrameProbabilities.of(4, rows(r(0, 0.6, 1, 0.4), r(0, 0.6, 1, 0.4), r(0, 0.6, 1, 0.4), r(7, 0.7, 0, 0.3)));

    @Test
    void firesOnlyStrictlyAboveThreshold() {
        // q: Anger 0.81 (> 0.8, gated), Anger 0.79 (head), Anger exactly 0.8 (not > 0.8, head), Happiness 0.95 (gated).
        FrameProbabilities q = FrameProbabilities.of(
                4, rows(r(1, 0.81, 0, 0.19), r(1, 0.79, 0, 0.21), r(1, 0.8, 0, 0.2), r(4, 0.95, 0, 0.05)));
        ConfidenceGate.GateResult g = new ConfidenceGate(0.8).apply(S, q);
        assertArrayEquals(new int[] {1, 0, 0, 4}, g.labels());
        assertArrayEquals(new boolean[] {true, false, false, true}, g.gated());
    }

    @Test
    void slotSevenIsNeverTheGateCandidate() {
        // q puts 0.95 on slot 7 (Contempt for AffectNet models): the candidate is the best of 0..6 (Sadness 0.05),
        // far below p0, so the head decides; the head itself may still say "Other".
        FrameProbabilities q = FrameProbabilities.of(
                4, rows(r(7, 0.95, 5, 0.05), r(7, 0.95, 5, 0.05), r(7, 0.95, 5, 0.05), r(7, 0.95, 5, 0.05)));
        ConfidenceGate.GateResult g = new ConfidenceGate(0.5).apply(S, q);
        assertArrayEquals(new int[] {0, 0, 0, 7}, g.labels());
        assertArrayEquals(new boolean[4], g.gated());
        // Even at p0 = 0: the candidate is Sadness, never 7.
        assertArrayEquals(
                new int[] {5, 5, 5, 5}, new ConfidenceGate(0.0).apply(S, q).labels());
    }

    @Test
    void thresholdAtOrAboveOneNeverFires() {
        FrameProbabilities certain = FrameProbabilities.of(4, rows(r(2, 1.0), r(2, 1.0), r(2, 1.0), r(2, 1.0)));
        for (double p0 : new double[] {1.0, 1.5}) {
            ConfidenceGate gate = new ConfidenceGate(p0);
            assertTrue(gate.isOff());
            assertArrayEquals(new int[] {0, 0, 0, 7}, gate.apply(S, certain).labels());
        }
        assertFalse(new ConfidenceGate(0.99).isOff());
        assertArrayEquals(
                new int[] {2, 2, 2, 2},
                new ConfidenceGate(0.99).apply(S, certain).labels());
    }

    @Test
    void tiesGoToTheLowerClass() {
        FrameProbabilities s = FrameProbabilities.of(1, r(3, 0.5, 6, 0.5));
        FrameProbabilities q = FrameProbabilities.of(1, r(6, 0.45, 4, 0.45));
        assertArrayEquals(new int[] {3}, new ConfidenceGate(0.8).apply(s, q).labels());
        assertArrayEquals(new int[] {4}, new ConfidenceGate(0.4).apply(s, q).labels());
    }

    @Test
    void rejectsMismatchedFrameCounts() {
        FrameProbabilities q = FrameProbabilities.of(1, r(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new ConfidenceGate(0.8).apply(S, q));
        assertThrows(IllegalArgumentException.class, () -> new ConfidenceGate(Double.NaN));
    }
}
