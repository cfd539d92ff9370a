package io.fer4j.modeltools.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.error.Fer4jException;
import io.fer4j.store.Sha256;
import io.fer4j.vision.registry.ModelRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaceApiExpressionConverterTest {
    @TempDir
    Path dir;

    @Test
    void aMissingTarballSaysHowToGetIt() {
        Fer4jException e = assertThrows(
                Fer4jException.class,
                () -> FaceApiExpressionConverter.convert(dir.resolve("face-api.tgz"), dir.resolve("out.onnx")));
        assertTrue(
                e.getMessage().contains("face-api.tgz")
                        && e.getMessage().contains("npm pack @vladmandic/face-api@1.7.15"),
                e.getMessage());
        assertFalse(Files.exists(dir.resolve("out.onnx")));
    }

    @Test
    void anotherVersionIsRefusedWithTheExpectedSha256() throws Exception {
        Path other = Files.write(dir.resolve("vladmandic-face-api-1.7.14.tgz"), new byte[] {31, -117, 8, 0});
        Fer4jException e = assertThrows(
                Fer4jException.class, () -> FaceApiExpressionConverter.convert(other, dir.resolve("out.onnx")));
        assertTrue(e.getMessage().contains(FaceApiExpressionConverter.TARBALL_SHA256), e.getMessage());
        assertTrue(e.getMessage().contains("1.7.14.tgz"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("out.onnx")));
    }

    @Test
    void tfSamePaddingPutsTheOddPixelAtTheEnd() {
        // TF "same": out = ceil(in / s), total = (out - 1)·s + k - in; before = total / 2
        assertArrayEquals(new long[] {0, 0, 1, 1}, FaceApiExpressionConverter.samePads(112, 2)); // (55·2 + 3 - 112) = 1
        assertArrayEquals(new long[] {1, 1, 1, 1}, FaceApiExpressionConverter.samePads(56, 1)); // 2
        assertArrayEquals(new long[] {1, 1, 1, 1}, FaceApiExpressionConverter.samePads(7, 2)); // (3·2 + 3 - 7) = 2
    }

    @Test
    void filtersGoFromHwioToOihw() {
        // a 1×2 kernel, 2 inputs, 3 outputs: src[h][w][i][o] = 100h + 10w... written as w·100 + i·10 + o
        float[] src = new float[1 * 2 * 2 * 3];
        for (int w = 0; w < 2; w++) {
            for (int i = 0; i < 2; i++) {
                for (int o = 0; o < 3; o++) {
                    src[(w * 2 + i) * 3 + o] = w * 100 + i * 10 + o;
                }
            }
        }
        float[] dst = FaceApiExpressionConverter.hwioToOihw(src, 1, 2, 2, 3);
        // dst[o][i][0][w]
        assertEquals(0f, dst[0]); // o0 i0 w0
        assertEquals(100f, dst[1]); // o0 i0 w1
        assertEquals(10f, dst[2]); // o0 i1 w0
        assertEquals(112f, dst[(2 * 2 + 1) * 2 + 1]); // o2 i1 w1
    }

    /** With the real tarball (-Dfer4j.faceapi.tarball=PATH), the conversion reproduces the embedded file exactly. */
    @Test
    void reproducesTheEmbeddedModelFromTheNpmTarball() {
        String tarball = System.getProperty("fer4j.faceapi.tarball");
        Assumptions.assumeTrue(
                tarball != null && Files.isRegularFile(Path.of(tarball)),
                "set -Dfer4j.faceapi.tarball to vladmandic-face-api-1.7.15.tgz (npm pack) to check the conversion");
        Path out = dir.resolve("faceapi_expression.onnx");
        FaceApiExpressionConverter.convert(Path.of(tarball), out);
        assertEquals(ModelRegistry.builtIn().get("faceapi_expression").sha256(), Sha256.of(out));
    }
}
