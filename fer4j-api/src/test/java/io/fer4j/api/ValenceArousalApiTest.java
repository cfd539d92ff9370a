package io.fer4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.bundle.BackboneInfo;
import io.fer4j.bundle.BundleFiles;
import io.fer4j.bundle.Modality;
import io.fer4j.bundle.Provenance;
import io.fer4j.bundle.SplitSummary;
import io.fer4j.bundle.StoredFeatures;
import io.fer4j.head.MlpHead;
import io.fer4j.store.FeatureStore;
import io.fer4j.store.Sha256;
import io.fer4j.va.VaBundle;
import io.fer4j.va.VaHead;
import io.fer4j.va.VaLoss;
import io.fer4j.va.VaPredictor;
import io.fer4j.va.VaSource;
import io.fer4j.vision.testing.TinyOnnxModels;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API exposes valence/arousal: with a VA bundle each {@link FrameLabel#valenceArousal()} is VaPredictor's value on
 * the same input's extracted features and the summary's mean/spread are VaPredictor's; without VA they are absent.
 */
class ValenceArousalApiTest {
    @TempDir
    Path dir;

    /** A face-image folder of 12 frames with frames 5 and 6 missing (no face there), random images. */
    private Path faceFolder() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("clip"));
        Random r = new Random(5);
        for (int k = 1; k <= 12; k++) {
            if (k == 5 || k == 6) {
                continue;
            }
            BufferedImage img = new BufferedImage(24, 24, BufferedImage.TYPE_3BYTE_BGR);
            for (int y = 0; y < 24; y++) {
                for (int x = 0; x < 24; x++) {
                    img.setRGB(x, y, r.nextInt(0x1000000));
                }
            }
            ImageIO.write(
                    img, "png", folder.resolve(String.format("%05d.png", k)).toFile());
        }
        return folder;
    }

    private static Path vaBundle(Path dir, Path backbone) {
        Random r = new Random(11);
        float[] w1 = new float[4 * 6];
        float[] b1 = new float[4];
        float[] w2 = new float[2 * 4];
        float[] b2 = new float[2];
        for (float[] a : List.of(w1, b1, w2, b2)) {
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) r.nextGaussian();
            }
        }
        for (int i = 0; i < w1.length; i++) {
            w1[i] = Math.abs(w1[i]); // embeddings are ≥ 0: every hidden unit stays active
        }
        VaHead head = new VaHead(VaHead.VISUAL, VaLoss.CCC, MlpHead.of(6, 4, 2, w1, b1, w2, b2), List.of(), 1);
        SplitSummary split = new SplitSummary("Train_Set", 1, 10, 10, new long[8], 0, 0, "", List.of());
        VaBundle b = new VaBundle(
                new BackboneInfo("tiny_va_mtl", Sha256.of(backbone), 6, 10, "affectnet8-va"),
                VaSource.HEAD,
                Modality.VISUAL,
                Map.of(VaHead.VISUAL, head),
                1,
                1.0,
                0,
                new Provenance(
                        "test", "2026-01-01T00:00:00Z", "/store", "/annotations", Map.of(), split, split, Map.of()));
        Path file = dir.resolve("va.fer4j");
        BundleFiles.writeVa(file, b);
        return file;
    }

    @Test
    void labelledFramesCarryVaPredictorsValuesAndTheSummaryItsMeanAndSpread() throws Exception {
        Path backbone = TinyOnnxModels.build(TinyOnnxModels.Options.defaults()
                        .withSize(16)
                        .withChannels(6)
                        .withOutputs(10)
                        .withSeed(7))
                .write(dir.resolve("tiny_va_mtl.onnx"));
        Path bundle = vaBundle(dir, backbone);
        Path folder = faceFolder();
        VideoResult result;
        try (Fer4j fer4j =
                Fer4j.builder().backbone(backbone).bundle(bundle).threads(1).build()) {
            result = fer4j.predict(folder);
            fer4j.extract(folder, dir.resolve("store"));
        }
        VaPredictor.Prediction expected = new VaPredictor(BundleFiles.readVa(bundle))
                .predict(StoredFeatures.read(
                        FeatureStore.open(dir.resolve("store")).video("clip")));
        assertEquals(12, result.frames().size());
        for (FrameLabel f : result.frames()) {
            int i = f.frameIndex() - 1;
            ValenceArousal va = f.valenceArousal().orElseThrow();
            assertEquals(expected.valenceArousal()[2 * i], va.valence(), 0.0, "valence of frame " + f.frameIndex());
            assertEquals(expected.valenceArousal()[2 * i + 1], va.arousal(), 0.0, "arousal of frame " + f.frameIndex());
        }
        assertFalse(result.frames().get(4).hasFace(), "frame 5 has no face: its values are filled");
        ValenceArousalStats stats = result.summary().valenceArousalStats().orElseThrow();
        assertEquals(12, stats.frameCount());
        assertEquals(expected.mean(0), stats.mean().valence(), 1e-12);
        assertEquals(expected.mean(1), stats.mean().arousal(), 1e-12);
        assertEquals(expected.standardDeviation(0), stats.spread().valence(), 1e-12);
        assertEquals(expected.standardDeviation(1), stats.spread().arousal(), 1e-12);
        assertTrue(stats.spread().valence() > 0, "values move over the frames");
    }

    @Test
    void withoutValenceArousalNothingIsExposed() throws Exception {
        Path backbone = TinyOnnxModels.build(TinyOnnxModels.Options.defaults()
                        .withSize(16)
                        .withChannels(6)
                        .withSeed(7))
                .write(dir.resolve("tiny.onnx"));
        VideoResult result;
        try (Fer4j fer4j = Fer4j.builder().backbone(backbone).threads(1).build()) {
            result = fer4j.predict(faceFolder());
        }
        assertTrue(result.frames().stream().allMatch(f -> f.valenceArousal().isEmpty() && Float.isNaN(f.valence())));
        assertTrue(result.summary().valenceArousalStats().isEmpty());
    }
}
