package io.fer4j.vision.crop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.geometry.FaceBox;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

class FaceCropsTest {
    @Test
    void boundsTruncateLikeEmotiEffLibAndClipToTheFrame() {
        // x0 = (int) 10.7 = 10, x1 = (int) (10.7 + 20.6) = 31
        assertEquals(
                new FaceCrops.PixelBox(10, 5, 31, 25),
                FaceCrops.bounds(new FaceBox(10.7f, 5.2f, 20.6f, 20f, 1f), 0f, 100, 100));
        // partly outside: clipped
        assertEquals(
                new FaceCrops.PixelBox(0, 0, 15, 12),
                FaceCrops.bounds(new FaceBox(-5f, -3f, 20f, 15f, 1f), 0f, 100, 100));
        assertEquals(
                new FaceCrops.PixelBox(90, 80, 100, 100),
                FaceCrops.bounds(new FaceBox(90f, 80f, 30f, 30f, 1f), 0f, 100, 100));
        // fully outside: empty
        assertTrue(FaceCrops.bounds(new FaceBox(120f, 10f, 10f, 10f, 1f), 0f, 100, 100)
                .isEmpty());
    }

    @Test
    void marginGrowsEachSideByAFractionOfTheBox() {
        // 20×10 box at (40,40), margin 0.1: 2 px left/right, 1 px top/bottom
        assertEquals(
                new FaceCrops.PixelBox(38, 39, 62, 51),
                FaceCrops.bounds(new FaceBox(40f, 40f, 20f, 10f, 1f), 0.1f, 100, 100));
        assertThrows(IllegalArgumentException.class, () -> FaceCrops.bounds(new FaceBox(0, 0, 1, 1, 1), -0.1f, 10, 10));
    }

    @Test
    void cropIsRgbFromTheFullResolutionFrame() {
        try (Mat bgr = new Mat(6, 8, opencv_core.CV_8UC3)) {
            UByteIndexer ix = bgr.createIndexer();
            for (int y = 0; y < 6; y++) {
                for (int x = 0; x < 8; x++) {
                    ix.put(y, x, 0, x); // B
                    ix.put(y, x, 1, y); // G
                    ix.put(y, x, 2, 100 + x); // R
                }
            }
            Mat rgb = FaceCrops.cropRgb(bgr, new FaceBox(2f, 1f, 3f, 4f, 1f), 0f);
            assertEquals(3, rgb.cols());
            assertEquals(4, rgb.rows());
            UByteIndexer r = rgb.createIndexer();
            assertEquals(102, r.get(0, 0, 0)); // R of frame pixel (2,1)
            assertEquals(1, r.get(0, 0, 1));
            assertEquals(2, r.get(0, 0, 2));
            assertEquals(104, r.get(3, 2, 0)); // frame pixel (4,4)
            assertEquals(4, r.get(3, 2, 1));
            rgb.close();
            assertNull(FaceCrops.cropRgb(bgr, new FaceBox(50f, 50f, 3f, 3f, 1f), 0f));
        }
    }
}
