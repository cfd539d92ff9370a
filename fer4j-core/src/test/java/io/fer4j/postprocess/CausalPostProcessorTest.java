package io.fer4j.postprocess;

import static io.fer4j.postprocess.Rows.r;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CausalPostProcessorTest {
    private static final float[] PRIOR = r(0, 0.2, 5, 0.8);

    @Test
    void missingFrameHoldsTheLastFaceAndWindowLooksBack() {
        // δ = 1 → window of 3 past frames. h1 = (.9, .1); frame 2 has no face (holds h1); h3 = h4 = (0, 1).
        CausalPostProcessor cp = new CausalPostProcessor(new PostProcessingConfig(1, 1.0, 1.0), PRIOR);
        float[] h1 = r(0, 0.9, 1, 0.1);
        float[] h3 = r(1, 1.0);
        CausalPostProcessor.CausalFrame f1 = cp.pushFace(h1, null, null);
        CausalPostProcessor.CausalFrame f2 = cp.pushNoFace(null);
        CausalPostProcessor.CausalFrame f3 = cp.pushFace(h3, null, null);
        CausalPostProcessor.CausalFrame f4 = cp.pushFace(h3, null, null);
        assertEquals(0, f1.label());
        assertEquals(0, f2.label());
        assertTrue(f2.filled());
        assertArrayEquals(h1, f2.probabilities(), 0f);
        // s3 = mean(h1, h1, h3) = (.6, .4) → 0; s4 = mean(h1, h3, h3) = (.3, .7) → 1.
        assertArrayEquals(r(0, 0.6, 1, 0.4), f3.probabilities(), 1e-7f);
        assertEquals(0, f3.label());
        assertArrayEquals(r(0, 0.3, 1, 0.7), f4.probabilities(), 1e-7f);
        assertEquals(1, f4.label());
        assertEquals(4, f4.frameIndex());
    }

    @Test
    void beforeTheFirstFaceUsesAudioElseThePrior() {
        CausalPostProcessor cp = new CausalPostProcessor(new PostProcessingConfig(2, 0.8, 0.5), PRIOR);
        CausalPostProcessor.CausalFrame f1 = cp.pushNoFace(null);
        assertTrue(f1.fromPrior());
        assertEquals(5, f1.label());
        CausalPostProcessor.CausalFrame f2 = cp.pushNoFace(r(3, 1.0));
        assertFalse(f2.fromPrior());
        assertEquals(3, f2.label()); // frame 1 had no row, so the window mean is audio frame 2 alone
        assertArrayEquals(r(3, 1.0), f2.probabilities(), 0f);
        // Frame 3: face (c2 = 1) fused with audio (c3 = 1) at w = .5 → (c2 .5, c3 .5); window rows {f2, f3}
        // → c2 .25, c3 .75 → 3.
        CausalPostProcessor.CausalFrame f3 = cp.pushFace(r(2, 1.0), null, r(3, 1.0));
        assertArrayEquals(r(2, 0.25, 3, 0.75), f3.probabilities(), 1e-7f);
        assertEquals(3, f3.label());
    }

    @Test
    void causalGateUsesHeldPretrainedRows() {
        // δ = 1, p0 = .8. Pretrained Fear .9 on frame 1, held on frame 2 (no face), Fear .6 on frame 3:
        // q1 = .9 → gated; q2 = .9 → gated; q3 = (.9 + .9 + .6)/3 = .8, not > .8 → head (Neutral).
        CausalPostProcessor cp = new CausalPostProcessor(new PostProcessingConfig(1, 0.8, 1.0), PRIOR);
        float[] head = r(0, 1.0);
        CausalPostProcessor.CausalFrame f1 = cp.pushFace(head, r(3, 0.9, 0, 0.1), null);
        CausalPostProcessor.CausalFrame f2 = cp.pushNoFace(null);
        CausalPostProcessor.CausalFrame f3 = cp.pushFace(head, r(3, 0.6, 0, 0.4), null);
        assertEquals(3, f1.label());
        assertTrue(f1.gated());
        assertEquals(3, f2.label());
        assertTrue(f2.gated());
        assertEquals(0, f3.label());
        assertFalse(f3.gated());
    }

    @Test
    void equalsOfflineCausalSmoothingWhenEveryFrameHasAFace() {
        Random rnd = new Random(11);
        int frames = 300;
        float[] head = Rows.random(rnd, frames);
        int delta = 4;
        FrameProbabilities offline = TemporalSmoothing.causal(delta).apply(FrameProbabilities.of(frames, head));
        CausalPostProcessor cp = new CausalPostProcessor(new PostProcessingConfig(delta, 1.0, 1.0), PRIOR);
        for (int f = 1; f <= frames; f++) {
            float[] row = java.util.Arrays.copyOfRange(head, (f - 1) * 8, f * 8);
            assertArrayEquals(offline.frame(f), cp.pushFace(row, null, null).probabilities(), 1e-6f, "frame " + f);
        }
    }

    @Test
    void longStreamsDoNotDrift() {
        Random rnd = new Random(5);
        int delta = 3;
        CausalPostProcessor cp = new CausalPostProcessor(new PostProcessingConfig(delta, 1.0, 1.0), PRIOR);
        float[][] last = new float[2 * delta + 1][];
        CausalPostProcessor.CausalFrame out = null;
        for (int f = 0; f < 200_000; f++) {
            float[] row = Rows.random(rnd, 1);
            last[f % last.length] = row;
            out = cp.pushFace(row, null, null);
        }
        for (int k = 0; k < 8; k++) {
            double sum = 0;
            for (float[] row : last) {
                sum += row[k];
            }
            assertEquals(sum / last.length, out.probabilities()[k], 1e-7);
        }
    }
}
