package io.fer4j.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.postprocess.PostProcessingConfig;
import io.fer4j.postprocess.VideoPrediction;
import org.junit.jupiter.api.Test;

class BundlePredictorTest {
    /** Backbone logits (AffectNet-8 order) that are flat: every class 1/8 after softmax. */
    static float[] flatLogits(int rows) {
        return new float[rows * 8];
    }

    @Test
    void calibrationShiftsTheArgmaxAsHandWorked() {
        // visual head: logits [x0, x1, 0, …]; bias a = [0, 0.5, 0, …, −0.25]
        Bundle b = BundleFilesTest.bundle(Modality.VISUAL).withPostProcessing(new PostProcessingConfig(0, 1.0, 1.0));
        // frame 1: x = (1.0, 0.7): z+a = (1.0, 1.2, 0…) → class 1; uncalibrated argmax would be class 0
        // frame 2: no face → filled by interpolation between frames 1 and 3
        // frame 3: x = (2.0, 0.0): z+a = (2.0, 0.5, …) → class 0
        VideoFeatures f = VideoFeatures.of("v", 3)
                .faceRows(new int[] {1, 3}, new float[] {1.0f, 0.7f, 2.0f, 0.0f}, 2, flatLogits(2), 8)
                .build();
        VideoPrediction p = new BundlePredictor(b).predict(f);
        assertEquals(1, p.label(1));
        assertEquals(0, p.label(3));
        assertArrayEquals(new boolean[] {false, true, false}, p.filled());
        // probabilities of frame 1: softmax((1.0, 1.2, 0, 0, 0, 0, 0, −0.25))
        double[] e = {Math.exp(1.0), Math.exp(1.2), 1, 1, 1, 1, 1, Math.exp(-0.25)};
        double s = 0;
        for (double v : e) {
            s += v;
        }
        assertEquals(e[1] / s, p.probabilities().probability(1, 1), 1e-6);
        // frame 2 is the mean of frames 1 and 3 (linear interpolation at the midpoint)
        assertEquals(
                (p.probabilities().probability(1, 0) + p.probabilities().probability(3, 0)) / 2,
                p.probabilities().probability(2, 0),
                1e-6);
    }

    @Test
    void gateOverridesWhenTheBackboneIsConfident() {
        Bundle b = BundleFilesTest.bundle(Modality.VISUAL).withPostProcessing(new PostProcessingConfig(0, 0.8, 1.0));
        float[] logits = flatLogits(2);
        logits[4] = 10f; // AffectNet-8 [4] Happiness → ABAW [4], probability ≈ 0.9995 > 0.8 on row 0
        VideoFeatures f = VideoFeatures.of("v", 2)
                .faceRows(new int[] {1, 2}, new float[] {1.0f, 0.7f, 1.0f, 0.7f}, 2, logits, 8)
                .build();
        VideoPrediction p = new BundlePredictor(b).predict(f);
        assertEquals(4, p.label(1));
        assertTrue(p.gated()[0]);
        assertEquals(1, p.label(2));
        assertFalse(p.gated()[1]);
    }

    @Test
    void fusionUsesAudioWhereItExistsAndAudioOnlyNeedsAudio() {
        Bundle both = BundleFilesTest.bundle(Modality.BOTH).withPostProcessing(new PostProcessingConfig(0, 1.0, 0.0));
        // w = 0: labels come from the audio head alone; audio row (0, 3) → class 1 even where vision says class 0
        VideoFeatures f = VideoFeatures.of("v", 1)
                .faceRows(new int[] {1}, new float[] {5f, 0f}, 2, flatLogits(1), 8)
                .audioRows(new float[] {0f, 3f}, 2)
                .build();
        assertEquals(1, new BundlePredictor(both).predict(f).label(1));
        VideoFeatures noAudio = VideoFeatures.of("v", 1)
                .faceRows(new int[] {1}, new float[] {5f, 0f}, 2, flatLogits(1), 8)
                .build();
        assertEquals(0, new BundlePredictor(both).predict(noAudio).label(1), "no audio rows: visual only");
        Bundle audio = BundleFilesTest.bundle(Modality.AUDIO);
        assertThrows(IllegalArgumentException.class, () -> new BundlePredictor(audio).predict(noAudio));
    }

    @Test
    void videoWithoutFacesGetsThePriorAndIsFlagged() {
        Bundle b = BundleFilesTest.bundle(Modality.VISUAL);
        VideoFeatures f = VideoFeatures.of("v", 4)
                .faceRows(new int[0], new float[0], 2, new float[0], 8)
                .build();
        VideoPrediction p = new BundlePredictor(b).predict(f);
        assertTrue(p.noFace());
        assertArrayEquals(new int[] {0, 0, 0, 0}, p.labels(), "training counts peak at class 0");
    }

    @Test
    void badFeaturesAreRejectedNamingTheFrame() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> VideoFeatures.of("v", 3)
                        .faceRows(new int[] {1, 2}, new float[] {1f, Float.NaN, 0f, 0f}, 2, flatLogits(2), 8)
                        .build());
        assertTrue(e.getMessage().contains("frame 1"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> VideoFeatures.of("v", 3)
                        .faceRows(new int[] {1, 2}, new float[] {1f, 0f}, 2, flatLogits(2), 8)
                        .build());
        assertTrue(e.getMessage().contains("2 face frames but 1 embedding rows"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> VideoFeatures.of("v", 0)
                        .faceRows(new int[0], new float[0], 2, new float[0], 8)
                        .build());
        Bundle b = BundleFilesTest.bundle(Modality.VISUAL);
        VideoFeatures wide = VideoFeatures.of("v", 1)
                .faceRows(new int[] {1}, new float[3], 3, flatLogits(1), 8)
                .build();
        e = assertThrows(IllegalArgumentException.class, () -> new BundlePredictor(b).predict(wide));
        assertTrue(e.getMessage().contains("enet_b0_8_best_vgaf"), e.getMessage());
    }
}
