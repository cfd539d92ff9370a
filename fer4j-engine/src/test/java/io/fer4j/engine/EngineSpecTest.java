package io.fer4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.model.ModelPolicy;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The specification's defaults, value semantics and the checks that fail when it is built, naming the option. */
class EngineSpecTest {
    @Test
    void defaultsAreTheDocumentedOnesAndALibraryIsOffline() {
        EngineSpec s = EngineSpec.builder().build();
        assertEquals(null, s.backbone());
        assertTrue(s.usesDefaultBackbone());
        assertEquals("yunet", s.detector());
        assertEquals(320, s.detectWidth());
        assertEquals(1, s.stride());
        assertEquals(1, s.detectEvery());
        assertEquals(32, s.batchSize(), "files: batch 32");
        assertEquals(1, s.toBuilder().delivery(EngineSpec.Delivery.LIVE).build().batchSize(), "live: batch 1");
        assertEquals(
                7,
                s.toBuilder()
                        .batchSize(7)
                        .delivery(EngineSpec.Delivery.LIVE)
                        .build()
                        .batchSize());
        assertEquals("cpu", s.device());
        assertEquals(ModelPolicy.OFFLINE, s.modelPolicy());
        assertEquals(30.0, s.folderFps(true), "predict needs times: 30 fps");
        assertEquals(0.0, s.folderFps(false), "extract records an unknown rate as 0");
        assertEquals(2, s.toBuilder().threads(2).build().audioOptions().intraOpThreads(), "audio on the same cores");
    }

    @Test
    void toBuilderKeepsEveryValue() {
        EngineSpec s = EngineSpec.builder()
                .backbone("faceapi_expression")
                .detector("haar")
                .detectWidth(0)
                .stride(3)
                .detectEvery(2)
                .batchSize(8)
                .threads(2)
                .device("cuda:1")
                .audioModel(Path.of("a.onnx"))
                .deltaFrames(4)
                .p0(0.5)
                .modelPolicy(ModelPolicy.DOWNLOAD_OR_EMBEDDED)
                .folderFps(25.0)
                .decoderThreads(1)
                .cropMargin(0.1f)
                .allFaces(true)
                .float16(true)
                .build();
        assertEquals(s, s.toBuilder().build());
        assertEquals(s.hashCode(), s.toBuilder().build().hashCode());
        assertNotEquals(s, s.toBuilder().stride(4).build());
    }

    @Test
    void aSpecificationThatCannotWorkFailsWhenBuiltNamingTheOption() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> EngineSpec.builder().stride(0).build());
        assertEquals("--stride must be at least 1 (1 = every face frame), got 0", e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> EngineSpec.builder().detectEvery(-1).build());
        assertEquals("--detect-every must be at least 1 (1 = every frame), got -1", e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> EngineSpec.builder()
                        .stride(2)
                        .delivery(EngineSpec.Delivery.LIVE)
                        .build());
        assertTrue(
                e.getMessage().startsWith("--stride and --detect-every are not available with --live"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> EngineSpec.builder().batchSize(0).build());
        assertTrue(e.getMessage().startsWith("--batch"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> EngineSpec.builder().threads(-1).build());
        assertTrue(e.getMessage().startsWith("--threads"), e.getMessage());
    }
}
