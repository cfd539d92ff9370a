package io.fer4j.bundle;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.error.Fer4jException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The one rule: the same sha256 where both sides record one, else the same name; and the same widths. */
class BundleCompatibilityTest {
    private static final Path BUNDLE = Path.of("model.fer4j.json");
    private static final Path ONNX = Path.of("models/b0.onnx");

    private static Bundle bundleOf(String name, String sha) {
        Bundle b = BundleFilesTest.bundle(Modality.VISUAL);
        return new Bundle(
                b.formatVersion(),
                b.classOrder(),
                new BackboneInfo(name, sha, 2, 8, "affectnet8"),
                b.modality(),
                b.primaryVisual(),
                b.heads(),
                b.postProcessing(),
                b.audioDim(),
                b.provenance());
    }

    @Test
    void theSha256DecidesWhereBothAreKnownElseTheName() {
        Bundle known = bundleOf("enet_b0_8_best_vgaf", "00085f9a");
        // the same file under another name (e.g. --backbone path/copy.onnx) is the same backbone
        assertDoesNotThrow(() -> BundleCompatibility.requireBackbone(BUNDLE, known, ONNX, "copy", "00085F9A", 2, 8));
        // an unknown sha256 on either side: the name decides
        assertDoesNotThrow(
                () -> BundleCompatibility.requireBackbone(BUNDLE, known, ONNX, "enet_b0_8_best_vgaf", null, 2, 8));
        assertDoesNotThrow(() -> BundleCompatibility.requireBackbone(
                BUNDLE, bundleOf("enet_b0_8_best_vgaf", ""), ONNX, "enet_b0_8_best_vgaf", "ffff", 2, 8));
        Fer4jException otherSha = assertThrows(
                Fer4jException.class,
                () -> BundleCompatibility.requireBackbone(BUNDLE, known, ONNX, "enet_b0_8_best_vgaf", "ffff", 2, 8));
        assertEquals(BUNDLE, otherSha.file());
        assertTrue(
                otherSha.getMessage().contains("trained on features of backbone enet_b0_8_best_vgaf")
                        && otherSha.getMessage().contains("--backbone")
                        && otherSha.getMessage().contains(ONNX.toString()),
                otherSha.getMessage());
        assertThrows(
                Fer4jException.class,
                () -> BundleCompatibility.requireBackbone(BUNDLE, known, ONNX, "enet_b2_8", "", 2, 8));
    }

    @Test
    void widthsMustMatchWhateverTheNames() {
        Bundle known = bundleOf("enet_b0_8_best_vgaf", "00085f9a");
        String name = "enet_b0_8_best_vgaf";
        Fer4jException e = assertThrows(
                Fer4jException.class,
                () -> BundleCompatibility.requireBackbone(BUNDLE, known, ONNX, name, "00085f9a", 3, 8));
        assertTrue(e.getMessage().contains("embedding width 3"), e.getMessage());
        assertThrows(
                Fer4jException.class,
                () -> BundleCompatibility.requireBackbone(BUNDLE, known, ONNX, name, "00085f9a", 2, 10));
        VideoFeatures wide = VideoFeatures.of("v", 1)
                .faceRows(new int[] {1}, new float[3], 3, new float[8], 8)
                .build();
        IllegalArgumentException w =
                assertThrows(IllegalArgumentException.class, () -> BundleCompatibility.requireWidths(known, wide));
        assertTrue(w.getMessage().contains("video v") && w.getMessage().contains("embedding width 3"), w.getMessage());
        VideoFeatures noFace = VideoFeatures.of("v", 2)
                .faceRows(new int[0], new float[0], 3, new float[0], 8)
                .build();
        assertDoesNotThrow(() -> BundleCompatibility.requireWidths(known, noFace), "no rows: nothing to mismatch");
    }
}
