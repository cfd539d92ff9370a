package io.fer4j.vision.backbone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer4j.npy.Npy;
import java.awt.image.BufferedImage;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

/**
 * CONTRACTS §4 preprocessing against tensors computed independently by cv2 + numpy (src/test/resources/preprocess/
 * make_fixture.py): within 1e-4 per element.
 */
class FacePreprocessorTest {
    private static final double[] HALF = {0.5, 0.5, 0.5};
    private static final double TOLERANCE = 1e-4;

    private static Path resource(String name) {
        try {
            return Path.of(FacePreprocessorTest.class
                    .getResource("/preprocess/" + name)
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RGB interleaved bytes decoded by the JDK (independent of OpenCV's decoder). */
    private static byte[] rgb(BufferedImage img) {
        byte[] out = new byte[img.getWidth() * img.getHeight() * 3];
        for (int y = 0, i = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int p = img.getRGB(x, y);
                out[i++] = (byte) (p >> 16);
                out[i++] = (byte) (p >> 8);
                out[i++] = (byte) p;
            }
        }
        return out;
    }

    private static BufferedImage png(String name) throws Exception {
        return ImageIO.read(resource(name).toFile());
    }

    private static float[] fromRgbBytes(String png, int s, double[] mean, double[] std) throws Exception {
        BufferedImage img = png(png);
        FacePreprocessor p = new FacePreprocessor(s, mean, std);
        float[] out = new float[p.sliceLength()];
        p.preprocess(rgb(img), img.getWidth(), img.getHeight(), FacePreprocessor.ChannelOrder.RGB, out, 0);
        return out;
    }

    private static void assertClose(float[] expected, float[] actual, int stride) {
        assertEquals(expected.length, (actual.length + stride - 1) / stride);
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual[i * stride]));
        }
        assertTrue(worst <= TOLERANCE, "max abs difference " + worst);
    }

    @Test
    void upscaledCropMatchesCv2() throws Exception {
        float[] expected = Npy.read(resource("small_s64_imagenet.npy")).toFloatArray();
        assertClose(
                expected, fromRgbBytes("crop_37x29.png", 64, BackboneSpec.IMAGENET_MEAN, BackboneSpec.IMAGENET_STD), 1);
    }

    @Test
    void downscaledCropMatchesCv2() throws Exception {
        float[] expected = Npy.read(resource("large_s64_imagenet.npy")).toFloatArray();
        assertClose(
                expected,
                fromRgbBytes("crop_301x257.png", 64, BackboneSpec.IMAGENET_MEAN, BackboneSpec.IMAGENET_STD),
                1);
    }

    @Test
    void mobileFaceNetNormalisationAt112MatchesCv2() throws Exception {
        float[] expected = Npy.read(resource("large_s112_half.npy")).toFloatArray();
        assertClose(expected, fromRgbBytes("crop_301x257.png", 112, HALF, HALF), 1);
    }

    @Test
    void efficientNetSizesMatchCv2() throws Exception {
        JsonNode summary =
                new ObjectMapper().readTree(resource("s224_summary.json").toFile());
        for (String[] c : new String[][] {{"small", "crop_37x29.png"}, {"large", "crop_301x257.png"}}) {
            float[] actual = fromRgbBytes(c[1], 224, BackboneSpec.IMAGENET_MEAN, BackboneSpec.IMAGENET_STD);
            assertClose(Npy.read(resource(c[0] + "_s224_imagenet_every37.npy")).toFloatArray(), actual, 37);
            assertSums(summary.get(c[0]), actual);
        }
        assertSums(
                summary.get("large_s260"),
                fromRgbBytes("crop_301x257.png", 260, BackboneSpec.IMAGENET_MEAN, BackboneSpec.IMAGENET_STD));
    }

    private static void assertSums(JsonNode expected, float[] actual) {
        assertEquals(expected.get("size").asInt(), actual.length);
        double sum = 0;
        double sq = 0;
        for (float v : actual) {
            sum += v;
            sq += (double) v * v;
        }
        // float32 rounding of each element contributes < 1e-7 relative; a single byte off would move sum_sq by > 1e-2
        assertEquals(expected.get("sum").asDouble(), sum, 1e-3);
        assertEquals(expected.get("sum_sq").asDouble(), sq, 1e-3);
    }

    @Test
    void bgrFrameRegionEqualsRgbCrop() throws Exception {
        // the crop embedded in a larger BGR frame (as decoded video frames are), taken by box: same tensor
        Mat crop = opencv_imgcodecs.imread(resource("crop_37x29.png").toString()); // BGR
        try (Mat frame = new Mat(100, 120, opencv_core.CV_8UC3, new Scalar(10, 200, 30, 0))) {
            Rect box = new Rect(50, 40, 37, 29);
            try (Mat roi = new Mat(frame, box)) {
                crop.copyTo(roi);
            }
            FacePreprocessor p = new FacePreprocessor(64, BackboneSpec.IMAGENET_MEAN, BackboneSpec.IMAGENET_STD);
            float[] batch = new float[3 * p.sliceLength()];
            p.preprocess(frame, box, FacePreprocessor.ChannelOrder.BGR, batch, 2);
            float[] expected = Npy.read(resource("small_s64_imagenet.npy")).toFloatArray();
            assertClose(expected, Arrays.copyOfRange(batch, 2 * p.sliceLength(), 3 * p.sliceLength()), 1);
            for (int i = 0; i < 2 * p.sliceLength(); i++) {
                assertEquals(0f, batch[i], "other slots untouched");
            }
        } finally {
            crop.close();
        }
    }

    @Test
    void badCropsAreRejected() {
        FacePreprocessor p = new FacePreprocessor(8, BackboneSpec.IMAGENET_MEAN, BackboneSpec.IMAGENET_STD);
        float[] batch = new float[p.sliceLength()];
        assertThrows(
                IllegalArgumentException.class,
                () -> p.preprocess(new byte[0], 0, 5, FacePreprocessor.ChannelOrder.RGB, batch, 0));
        assertThrows(
                IllegalArgumentException.class,
                () -> p.preprocess(new byte[10], 2, 2, FacePreprocessor.ChannelOrder.RGB, batch, 0));
        assertThrows(
                IllegalArgumentException.class,
                () -> p.preprocess(new byte[12], 2, 2, FacePreprocessor.ChannelOrder.RGB, batch, 1));
        try (Mat frame = new Mat(10, 10, opencv_core.CV_8UC3)) {
            assertThrows(
                    IllegalArgumentException.class,
                    () -> p.preprocess(frame, new Rect(5, 5, 6, 2), FacePreprocessor.ChannelOrder.BGR, batch, 0));
        }
        try (Mat grey = new Mat(10, 10, opencv_core.CV_8UC1)) {
            assertThrows(
                    IllegalArgumentException.class,
                    () -> p.preprocess(grey, FacePreprocessor.ChannelOrder.BGR, batch, 0));
        }
    }
}
