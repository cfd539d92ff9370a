package io.fer4j.vision.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.label.ClassSpace;
import io.fer4j.vision.backbone.BackboneSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelRegistryTest {
    private final ModelRegistry registry = ModelRegistry.builtIn();

    @Test
    void holdsEmotiEffLibsSevenModelsTheEmbeddedFaceApiModelsAndYuNet() {
        List<String> names = registry.entries().stream().map(ModelEntry::name).toList();
        assertEquals(
                List.of(
                        "enet_b0_8_best_vgaf",
                        "enet_b0_8_best_afew",
                        "enet_b0_8_va_mtl",
                        "enet_b2_8",
                        "enet_b2_7",
                        "mbf_va_mtl",
                        "mobilevit_va_mtl",
                        "faceapi_expression",
                        "faceapi_descriptor",
                        "yunet"),
                names);
    }

    @Test
    void specsFollowDesignSection4() {
        // name -> {S, class space, embedding width}, from CONTRACTS §4/§10 and EmotiEffLib's ONNX recognizer
        Map<String, Object[]> expected = Map.of(
                "enet_b0_8_best_vgaf", new Object[] {224, ClassSpace.AFFECTNET_8, 1280},
                "enet_b0_8_best_afew", new Object[] {224, ClassSpace.AFFECTNET_8, 1280},
                "enet_b0_8_va_mtl", new Object[] {224, ClassSpace.AFFECTNET_8_VA, 1280},
                "enet_b2_8", new Object[] {260, ClassSpace.AFFECTNET_8, 1408},
                "enet_b2_7", new Object[] {260, ClassSpace.AFFECTNET_7, 1408},
                "mbf_va_mtl", new Object[] {112, ClassSpace.AFFECTNET_8_VA, 512},
                "mobilevit_va_mtl", new Object[] {224, ClassSpace.AFFECTNET_8_VA, 768});
        expected.forEach((name, e) -> {
            ModelEntry entry = registry.get(name);
            BackboneSpec s = entry.backbone();
            assertEquals(ModelEntry.Kind.BACKBONE, entry.kind());
            assertEquals(e[0], s.inputSize(), name);
            assertEquals(e[1], s.classSpace(), name);
            assertEquals(e[2], s.embeddingDim(), name);
            assertTrue(entry.url().endsWith("/models/affectnet_emotions/onnx/" + name + ".onnx"), entry.url());
            assertEquals(BackboneSpec.CropResize.STRETCH, s.resize(), name);
            boolean mbf = name.startsWith("mbf_");
            assertArrayEquals(mbf ? new double[] {0.5, 0.5, 0.5} : new double[] {0.485, 0.456, 0.406}, s.mean());
            assertArrayEquals(mbf ? new double[] {0.5, 0.5, 0.5} : new double[] {0.229, 0.224, 0.225}, s.std());
        });
        assertEquals(
                "00085f9a8ef0bf8fc24a645550185703768951a53aff9f141c8637529eba1840",
                registry.get("enet_b0_8_best_vgaf").sha256());
        assertEquals(ModelEntry.Kind.DETECTOR, registry.get("yunet").kind());
        assertEquals("face_detection_yunet_2023mar.onnx", registry.get("yunet").embedded());
    }

    @Test
    void faceApiEntryDeclaresFaceApiPreprocessing() {
        // face-api.js FaceFeatureExtractor: toBatchTensor(112, isCenterInputs = true), normalize(x, [122.782,
        // 117.001, 104.298]).div(255); FaceExpressionNet: 256 -> 7
        ModelEntry e = registry.get("faceapi_expression");
        BackboneSpec s = e.backbone();
        assertEquals(112, s.inputSize());
        assertEquals(BackboneSpec.CropResize.PAD_TO_SQUARE, s.resize());
        assertEquals(ClassSpace.FACEAPI_7, s.classSpace());
        assertEquals(256, s.embeddingDim());
        double[] pixelMean = {122.782, 117.001, 104.298};
        for (int c = 0; c < 3; c++) {
            assertEquals(pixelMean[c] / 255, s.mean()[c], 1e-15);
            assertEquals(1.0, s.std()[c]);
        }
        assertEquals("MIT", e.licence());
        assertTrue(e.isEmbedded() && e.pinned());
    }

    /** A pinned URL names the bytes it is checked against: a commit (40 hex digits) or a release, never a branch. */
    @Test
    void everyPinnedDownloadUrlIsPinnedToACommitOrRelease() {
        java.util.regex.Pattern commitOrRelease =
                java.util.regex.Pattern.compile("https://(github\\.com/[^/]+/[^/]+/(raw|blob)/[0-9a-f]{40}/"
                        + "|raw\\.githubusercontent\\.com/[^/]+/[^/]+/[0-9a-f]{40}/"
                        + "|github\\.com/[^/]+/[^/]+/releases/download/[^/]+/).+");
        int checked = 0;
        for (ModelEntry e : registry.entries()) {
            if (e.pinned() && e.url() != null) {
                assertTrue(
                        commitOrRelease.matcher(e.url()).matches(),
                        e.name() + ": " + e.url()
                                + " is not pinned to a commit or release, so its bytes can drift from sha256 "
                                + e.sha256());
                checked++;
            }
            if (e.url() == null) {
                assertTrue(e.isEmbedded(), e.name() + " has neither a url nor an embedded copy");
            }
        }
        assertTrue(checked >= 4, "enet_b0_8_best_vgaf and the three EmotiEffLib@520a051c pins are checked");
        assertTrue(registry.get("enet_b0_8_best_vgaf")
                .url()
                .contains("av-savchenko/hsemotion-onnx/raw/bd500bd3a685013d18883c349e8940d020cacd98/"));
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registry.get("resnet50"));
        assertTrue(e.getMessage().contains("enet_b2_7"), e.getMessage());
    }

    @Test
    void rejectsMalformedEntries() {
        String json = "{\"models\":[{\"name\":\"x\",\"kind\":\"backbone\",\"file\":\"x.onnx\",\"url\":\"http://h/x\","
                + "\"sha256\":\"ABC\",\"input_size\":224,\"mean\":[0,0,0],\"std\":[1,1,1],\"class_space\":\"affectnet8\"}]}";
        assertThrows(
                IllegalArgumentException.class,
                () -> ModelRegistry.parse(new java.io.ByteArrayInputStream(json.getBytes())));
    }
}
