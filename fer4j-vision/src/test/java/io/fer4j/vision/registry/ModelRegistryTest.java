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
    void holdsEmotiEffLibsSevenModelsAndYuNet() {
        List<String> names = registry.entries().stream().map(ModelEntry::name).toList();
        assertEquals(List.of("enet_b0_8_best_vgaf", "enet_b0_8_best_afew", "enet_b0_8_va_mtl", "enet_b2_8",
                "enet_b2_7", "mbf_va_mtl", "mobilevit_va_mtl", "yunet"), names);
    }

    @Test
    void specsFollowDesignSection4() {
        // name -> {S, class space, embedding width}, from DESIGN §4/§10 and EmotiEffLib's ONNX recognizer
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
            boolean mbf = name.startsWith("mbf_");
            assertArrayEquals(mbf ? new double[] {0.5, 0.5, 0.5} : new double[] {0.485, 0.456, 0.406}, s.mean());
            assertArrayEquals(mbf ? new double[] {0.5, 0.5, 0.5} : new double[] {0.229, 0.224, 0.225}, s.std());
        });
        assertEquals("00085f9a8ef0bf8fc24a645550185703768951a53aff9f141c8637529eba1840",
                registry.get("enet_b0_8_best_vgaf").sha256());
        assertEquals(ModelEntry.Kind.DETECTOR, registry.get("yunet").kind());
        assertTrue(registry.get("yunet").url().endsWith("face_detection_yunet_2023mar.onnx"));
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
        assertThrows(IllegalArgumentException.class,
                () -> ModelRegistry.parse(new java.io.ByteArrayInputStream(json.getBytes())));
    }
}
