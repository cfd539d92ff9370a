package io.fer4j.postprocess;

import static io.fer4j.postprocess.Rows.r;
import static io.fer4j.postprocess.Rows.repeat;
import static io.fer4j.postprocess.Rows.rows;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.label.ClassSpace;
import org.junit.jupiter.api.Test;

class VideoPostProcessorTest {
    private static final float[] PRIOR = r(0, 0.5, 4, 0.3, 7, 0.2);

    // F = 3, faces at frames 1 and 3. Head: frame 1 = (c0 .9, c1 .1), frame 3 = (c0 .2, c1 .8);
    // filled frame 2 = (c0 .55, c1 .45).
    private static final int[] FACES = {1, 3};
    private static final float[] HEAD = rows(r(0, 0.9, 1, 0.1), r(0, 0.2, 1, 0.8));
    // Pretrained: frame 1 = (c6 .9, c0 .1), frame 3 = (c6 .5, c0 .5); filled frame 2 = (c6 .7, c0 .3).
    private static final float[] PRETRAINED = rows(r(6, 0.9, 0, 0.1), r(6, 0.5, 0, 0.5));
    // Audio: Happiness (4) certain on every frame.
    private static final float[] AUDIO = repeat(r(4, 1.0), 3);

    private static VideoPrediction run(PostProcessingConfig c, float[] pretrained, float[] audio) {
        return new VideoPostProcessor(c, PRIOR).process(new VideoInputs(3, FACES, HEAD, pretrained, audio));
    }

    @Test
    void fillThenSmoothByHand() {
        // δ = 1: s1 = mean(f1, f2) = (.725, .275); s2 = mean(f1..f3) = (.55, .45); s3 = mean(f2, f3) = (.375, .625).
        VideoPrediction p = run(new PostProcessingConfig(1, 1.0, 1.0), null, null);
        assertArrayEquals(new int[] {0, 0, 1}, p.labels());
        assertArrayEquals(r(0, 0.725, 1, 0.275), p.probabilities().frame(1), 1e-7f);
        assertArrayEquals(r(0, 0.55, 1, 0.45), p.probabilities().frame(2), 1e-7f);
        assertArrayEquals(r(0, 0.375, 1, 0.625), p.probabilities().frame(3), 1e-7f);
        assertArrayEquals(new boolean[] {false, true, false}, p.filled());
        assertArrayEquals(new boolean[3], p.gated());
        assertEquals(VideoPrediction.Source.FACES, p.source());
    }

    @Test
    void fusionWithAudioByHand() {
        // w = .6, δ = 0: p1 = (.54, .06, c4 .4) → 0; p2 = (.33, .27, c4 .4) → 4; p3 = (.12, .48, c4 .4) → 1.
        assertArrayEquals(
                new int[] {0, 4, 1},
                run(new PostProcessingConfig(0, 1.0, 0.6), null, AUDIO).labels());
        // w = 0: audio only; w = 1: visual only (filled frame 2 = (.55, .45) → 0).
        assertArrayEquals(
                new int[] {4, 4, 4},
                run(new PostProcessingConfig(0, 1.0, 0.0), null, AUDIO).labels());
        assertArrayEquals(
                new int[] {0, 0, 1},
                run(new PostProcessingConfig(0, 1.0, 1.0), null, AUDIO).labels());
    }

    @Test
    void missingAudioMeansVisualOnlyWhateverW() {
        assertArrayEquals(
                new int[] {0, 0, 1},
                run(new PostProcessingConfig(0, 1.0, 0.0), null, null).labels());
    }

    @Test
    void gateOnSmoothedFilledPretrainedByHand() {
        // δ = 1: q1 = mean(f1, f2) → c6 .8; q2 = mean(f1..f3) → c6 .7; q3 = mean(f2, f3) → c6 .6.
        // p0 = .75: only frame 1 is gated (Surprise = 6); frames 2, 3 keep the head's 0, 1.
        VideoPrediction p = run(new PostProcessingConfig(1, 0.75, 1.0), PRETRAINED, null);
        assertArrayEquals(new int[] {6, 0, 1}, p.labels());
        assertArrayEquals(new boolean[] {true, false, false}, p.gated());
        // δ = 0, p0 = .6: q = (.9, .7, .5 tie with c0 → candidate 0 at .5): frames 1 and 2 gated.
        assertArrayEquals(
                new int[] {6, 6, 1},
                run(new PostProcessingConfig(0, 0.6, 1.0), PRETRAINED, null).labels());
        // p0 ≥ 1: never gated.
        assertArrayEquals(
                new int[] {0, 0, 1},
                run(new PostProcessingConfig(1, 1.0, 1.0), PRETRAINED, null).labels());
    }

    @Test
    void gateUsesPretrainedLogitsMappedToAbaw() {
        // AffectNet-8 logits with Surprise (index 7 → ABAW 6) dominant: softmax ≈ .99 → gated to 6 everywhere.
        float[] logits = new float[2 * 8];
        logits[7] = 10f;
        logits[8 + 7] = 10f;
        VideoInputs in = new VideoInputs(3, FACES, HEAD, ClassSpace.AFFECTNET_8.abawProbabilities(logits, 2), null);
        VideoPrediction p = new VideoPostProcessor(new PostProcessingConfig(0, 0.9, 1.0), PRIOR).process(in);
        assertArrayEquals(new int[] {6, 6, 6}, p.labels());
    }

    @Test
    void noFaceWithAudioUsesSmoothedAudioOnly() {
        float[] audio = rows(r(3, 0.6, 5, 0.4), r(3, 0.0, 5, 1.0), r(3, 0.6, 5, 0.4));
        VideoInputs in = new VideoInputs(3, new int[0], new float[0], null, audio);
        // δ = 0: 3, 5, 3. δ = 1: s1 = (.3, .7) → 5; s2 = (.4, .6) → 5; s3 → 5.
        VideoPrediction raw = new VideoPostProcessor(new PostProcessingConfig(0, 0.5, 1.0), PRIOR).process(in);
        assertArrayEquals(new int[] {3, 5, 3}, raw.labels());
        VideoPrediction smoothed = new VideoPostProcessor(new PostProcessingConfig(1, 0.5, 1.0), PRIOR).process(in);
        assertArrayEquals(new int[] {5, 5, 5}, smoothed.labels());
        assertTrue(smoothed.noFace());
        assertEquals(VideoPrediction.Source.NO_FACE_AUDIO_ONLY, smoothed.source());
        assertArrayEquals(new boolean[] {true, true, true}, smoothed.filled());
    }

    @Test
    void noFaceNoAudioUsesThePriorArgmax() {
        VideoInputs in = new VideoInputs(4, new int[0], new float[0], null, null);
        VideoPrediction p = new VideoPostProcessor(PostProcessingConfig.PAPER, PRIOR).process(in);
        assertArrayEquals(new int[] {0, 0, 0, 0}, p.labels());
        assertEquals(VideoPrediction.Source.NO_FACE_PRIOR, p.source());
        assertArrayEquals(PRIOR, p.probabilities().frame(3), 0f);
        VideoPrediction other = new VideoPostProcessor(PostProcessingConfig.PAPER, r(7, 0.9, 0, 0.1)).process(in);
        assertArrayEquals(new int[] {7, 7, 7, 7}, other.labels());
    }

    @Test
    void singleFrameAndDeltaBeyondF() {
        VideoInputs one = new VideoInputs(1, new int[] {1}, r(2, 0.7, 3, 0.3), r(1, 0.95), null);
        VideoPrediction p = new VideoPostProcessor(new PostProcessingConfig(100, 0.9, 1.0), PRIOR).process(one);
        assertArrayEquals(new int[] {1}, p.labels());
        assertTrue(p.gated()[0]);
        assertFalse(p.noFace());
        // δ ≥ F on the 3-frame video: every frame is the video mean (.55, .45) → all 0.
        assertArrayEquals(
                new int[] {0, 0, 0},
                run(new PostProcessingConfig(50, 1.0, 1.0), null, null).labels());
    }

    @Test
    void rejectsMisalignedInputs() {
        assertThrows(IllegalArgumentException.class, () -> new VideoInputs(3, FACES, HEAD, null, repeat(r(4, 1.0), 2)));
        assertThrows(IllegalArgumentException.class, () -> new VideoInputs(3, FACES, HEAD, rows(r(0, 1)), null));
        assertThrows(IllegalArgumentException.class, () -> new VideoInputs(2, FACES, HEAD, null, null));
        assertThrows(
                IllegalArgumentException.class, () -> new VideoPostProcessor(PostProcessingConfig.PAPER, new float[7]));
        assertThrows(IllegalArgumentException.class, () -> new PostProcessingConfig(-1, 0.8, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new PostProcessingConfig(5, 0.8, 1.5));
    }
}
