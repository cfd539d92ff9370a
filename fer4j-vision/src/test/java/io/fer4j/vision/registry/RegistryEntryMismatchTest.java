package io.fer4j.vision.registry;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.error.Fer4jException;
import io.fer4j.vision.backbone.BackboneOptions;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user's file placed under a registry name it does not match is refused, naming the file and both sizes. */
class RegistryEntryMismatchTest {
    @TempDir
    Path home;

    private ModelResolver resolverWith(String entry) throws Exception {
        Path models = Files.createDirectories(home.resolve("models"));
        try (InputStream in =
                getClass().getResourceAsStream(ModelEntry.EMBEDDED_RESOURCE_DIR + "faceapi_expression.onnx")) {
            Files.write(models.resolve(ModelRegistry.builtIn().get(entry).fileName()), in.readAllBytes());
        }
        return new ModelResolver(
                ModelRegistry.builtIn(), new ModelCache(home), ModelDownloader.defaults(), e -> DownloadProgress.NONE);
    }

    @Test
    void aModelWithAnotherInputSizeIsRefused() throws Exception {
        // faceapi_expression (112 px, 7 classes) copied where enet_b0_8_best_vgaf (224 px, 8 classes) belongs
        ModelResolver r = resolverWith("enet_b0_8_best_vgaf");
        Fer4jException e = assertThrows(
                Fer4jException.class,
                () -> r.resolveBackbone("enet_b0_8_best_vgaf")
                        .open(BackboneOptions.cpu(1))
                        .close());
        assertTrue(
                e.getMessage().contains("enet_b0_8_best_vgaf.onnx")
                        && e.getMessage().contains("112x112")
                        && e.getMessage().contains("224x224"),
                e.getMessage());
    }

    @Test
    void aModelWithAnotherClassCountIsRefused() throws Exception {
        // same 112-px input as mbf_va_mtl, but 7 outputs where it has 10 (AffectNet-8 + valence, arousal)
        ModelResolver r = resolverWith("mbf_va_mtl");
        Fer4jException e = assertThrows(
                Fer4jException.class,
                () -> r.resolveBackbone("mbf_va_mtl")
                        .open(BackboneOptions.cpu(1))
                        .close());
        assertTrue(
                e.getMessage().contains("mbf_va_mtl.onnx")
                        && e.getMessage().contains("7 outputs")
                        && e.getMessage().contains("expects 10"),
                e.getMessage());
    }
}
