package io.fer4j.postprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TemporalSmoothingTest {

    /** Class 0 = 0.0, 0.3, 0.6, 0.9 over frames 1..4; class 1 = 1 − class 0. */
    private static FrameProbabilities ramp() {
        float[] x = {0.0f, 0.3f, 0.6f, 0.9f};
        float[] v = new float[4 * 8];
        for (int f = 0; f < 4; f++) {
            v[f * 8] = x[f];
            v[f * 8 + 1] = 1 - x[f];
        }
        return FrameProbabilities.of(4, v);
    }

    private static float[] classZero(FrameProbabilities p) {
        float[] out = new float[p.frameCount()];
        for (int f = 1; f <= p.frameCount(); f++) {
            out[f - 1] = p.probability(f, 0);
        }
        return out;
    }

    @Test
    void centredWindowClippedAtTheEnds() {
        // δ = 1: s1 = (0 + .3)/2 = .15; s2 = (0 + .3 + .6)/3 = .3; s3 = (.3 + .6 + .9)/3 = .6; s4 = (.6 + .9)/2 = .75.
        FrameProbabilities s = TemporalSmoothing.centred(1).apply(ramp());
        assertArrayEquals(new float[] {0.15f, 0.3f, 0.6f, 0.75f}, classZero(s), 1e-7f);
        assertEquals(1 - 0.15f, s.probability(1, 1), 1e-7f);
    }

    @Test
    void causalWindowLooksBackTwoDelta() {
        // δ = 1, window i−2..i: s1 = 0; s2 = .15; s3 = (0 + .3 + .6)/3 = .3; s4 = (.3 + .6 + .9)/3 = .6.
        FrameProbabilities s = TemporalSmoothing.causal(1).apply(ramp());
        assertArrayEquals(new float[] {0.0f, 0.15f, 0.3f, 0.6f}, classZero(s), 1e-7f);
    }

    @Test
    void deltaZeroIsIdentityAndDeltaBeyondFIsTheVideoMean() {
        FrameProbabilities p = ramp();
        assertSame(p, TemporalSmoothing.centred(0).apply(p));
        assertSame(p, TemporalSmoothing.causal(0).apply(p));
        // δ ≥ F: every window is the whole video, mean of class 0 = 1.8 / 4 = .45.
        assertArrayEquals(
                new float[] {0.45f, 0.45f, 0.45f, 0.45f},
                classZero(TemporalSmoothing.centred(4).apply(p)),
                1e-7f);
        assertArrayEquals(
                new float[] {0.45f, 0.45f, 0.45f, 0.45f},
                classZero(TemporalSmoothing.centred(1000).apply(p)),
                1e-7f);
        FrameProbabilities single = FrameProbabilities.of(1, Rows.r(5, 1.0));
        assertEquals(single, TemporalSmoothing.centred(7).apply(single));
    }

    @Test
    void prefixSumsMatchBruteForceWindowMeans() {
        Random rnd = new Random(42);
        int frames = 700;
        FrameProbabilities p = FrameProbabilities.of(frames, Rows.random(rnd, frames));
        for (int delta : new int[] {1, 2, 7, 50, 349, 699, 5000}) {
            for (TemporalSmoothing.Window window : TemporalSmoothing.Window.values()) {
                float[] fast = new TemporalSmoothing(delta, window).apply(p).toArray();
                float[] slow = bruteForce(p, delta, window);
                assertArrayEquals(slow, fast, 1e-6f, "δ=" + delta + " " + window);
            }
        }
    }

    @Test
    void longVideosStayAccurate() {
        // 2 million frames: the prefix sums reach 10⁶; double accumulation keeps window means exact to float.
        Random rnd = new Random(7);
        int frames = 2_000_000;
        float[] values = new float[frames * 8];
        for (int i = 0; i < values.length; i++) {
            values[i] = rnd.nextFloat();
        }
        FrameProbabilities p = FrameProbabilities.of(frames, values);
        int delta = 5;
        FrameProbabilities s = TemporalSmoothing.centred(delta).apply(p);
        for (int frame : new int[] {1, 1_234_567, frames - 2, frames}) {
            for (int k = 0; k < 8; k++) {
                double sum = 0;
                int lo = Math.max(1, frame - delta);
                int hi = Math.min(frames, frame + delta);
                for (int j = lo; j <= hi; j++) {
                    sum += p.probability(j, k);
                }
                assertEquals(sum / (hi - lo + 1), s.probability(frame, k), 2e-7, "frame " + frame + " class " + k);
            }
        }
    }

    @Test
    void rejectsNegativeDelta() {
        assertThrows(IllegalArgumentException.class, () -> TemporalSmoothing.centred(-1));
    }

    /** O(F·δ) reference straight from CONTRACTS §7. */
    private static float[] bruteForce(FrameProbabilities p, int delta, TemporalSmoothing.Window window) {
        int frames = p.frameCount();
        float[] out = new float[frames * 8];
        for (int i = 1; i <= frames; i++) {
            int lo = window == TemporalSmoothing.Window.CENTRED ? Math.max(1, i - delta) : Math.max(1, i - 2 * delta);
            int hi = window == TemporalSmoothing.Window.CENTRED ? Math.min(frames, i + delta) : i;
            for (int k = 0; k < 8; k++) {
                double sum = 0;
                for (int j = lo; j <= hi; j++) {
                    sum += p.probability(j, k);
                }
                out[(i - 1) * 8 + k] = (float) (sum / (hi - lo + 1));
            }
        }
        return out;
    }
}
