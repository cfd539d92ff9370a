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

class FaceApiDescriptorConverterTest {
    @TempDir
    Path dir;

    @Test
    void aMissingTarballSaysHowToGetIt() {
        Fer4jException e = assertThrows(
                Fer4jException.class,
                () -> FaceApiDescriptorConverter.convert(dir.resolve("face-api.tgz"), dir.resolve("out.onnx")));
        assertTrue(
                e.getMessage().contains("face-api.tgz")
                        && e.getMessage().contains("npm pack @vladmandic/face-api@1.7.15"),
                e.getMessage());
        assertFalse(Files.exists(dir.resolve("out.onnx")));
    }

    @Test
    void uint8FiltersGoFromHwioToOihw() {
        // a 1×2 kernel, 2 inputs, 3 outputs: src[0][w][i][o] = w·100 + i·10 + o (fits a byte)
        byte[] src = new byte[12];
        for (int w = 0; w < 2; w++) {
            for (int i = 0; i < 2; i++) {
                for (int o = 0; o < 3; o++) {
                    src[(w * 2 + i) * 3 + o] = (byte) (w * 100 + i * 10 + o);
                }
            }
        }
        byte[] dst = FaceApiDescriptorConverter.hwioToOihw(src, 1, 2, 2, 3);
        assertArrayEquals(
                new byte[] {0, 100, 10, 110}, java.util.Arrays.copyOf(dst, 4)); // o0: i0 w0, i0 w1, i1 w0, i1 w1
        assertEquals(112, dst[(2 * 2 + 1) * 2 + 1]); // o2 i1 w1
    }

    @Test
    void weightsDecodeAsTfjsDoes() {
        // tf.io.decodeWeights: float32(q·scale + min), computed in double
        TfjsWeights.Weight w =
                new TfjsWeights.Weight("w", new int[] {3}, new byte[] {0, (byte) 128, (byte) 255}, 0.5, -64.0, null);
        assertArrayEquals(new float[] {-64f, 0f, 63.5f}, w.decoded());
    }

    /** With the real tarball (-Dfer4j.faceapi.tarball=PATH), the conversion reproduces the embedded file exactly. */
    @Test
    void reproducesTheEmbeddedModelFromTheNpmTarball() throws Exception {
        String tarball = System.getProperty("fer4j.faceapi.tarball");
        Assumptions.assumeTrue(
                tarball != null && Files.isRegularFile(Path.of(tarball)),
                "set -Dfer4j.faceapi.tarball to vladmandic-face-api-1.7.15.tgz (npm pack) to check the conversion");
        Path out = dir.resolve("faceapi_descriptor.onnx");
        FaceApiDescriptorConverter.convert(Path.of(tarball), out);
        assertEquals(ModelRegistry.builtIn().get("faceapi_descriptor").sha256(), Sha256.of(out));
        assertTrue(
                Files.size(out) < 8_000_000,
                "the committed file stays small: " + out.toFile().length());
    }
}
