package io.fer4j.vision.crop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fer4j.geometry.FaceBox;
import java.awt.image.BufferedImage;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

class FaceThumbnailsTest {
    /** A 1280×720 frame: blue left of x = 640, red from x = 640 (BGR). */
    private static Mat splitFrame() {
        Mat m = new Mat(720, 1280, opencv_core.CV_8UC3, new Scalar(255, 0, 0, 0));
        opencv_imgproc.rectangle(m, new Point(640, 0), new Point(1279, 719), new Scalar(0, 0, 255, 0), -1, 8, 0);
        return m;
    }

    @Test
    void aLargeFaceIsScaledToTheThumbnailWithItsMarginAndColoursInPlace() {
        // box x 440..840 centred on the split: with the 15 % margin the crop is x 380..900, symmetric about 640,
        // so the left half of the thumbnail is blue and the right half red (both paths: 460 px > 2 × 96)
        Mat frame = splitFrame();
        BufferedImage t = FaceThumbnails.crop(frame, new FaceBox(440, 160, 400, 400, 1f), 96);
        assertEquals(96, t.getWidth());
        assertEquals(96, t.getHeight());
        for (int y = 0; y < 96; y += 5) {
            assertEquals(0x0000ff, t.getRGB(2, y) & 0xffffff, "left edge blue");
            assertEquals(0x0000ff, t.getRGB(45, y) & 0xffffff, "left of the middle blue");
            assertEquals(0xff0000, t.getRGB(50, y) & 0xffffff, "right of the middle red");
            assertEquals(0xff0000, t.getRGB(93, y) & 0xffffff, "right edge red");
        }
    }

    @Test
    void aSmallFaceUsesTheAreaPathAndAnEmptyBoxGivesNothing() {
        Mat frame = splitFrame();
        BufferedImage t = FaceThumbnails.crop(frame, new FaceBox(100, 100, 60, 60, 1f), 96);
        for (int x = 0; x < 96; x += 7) {
            assertEquals(0x0000ff, t.getRGB(x, 48) & 0xffffff);
        }
        assertNull(FaceThumbnails.crop(frame, new FaceBox(2000, 100, 60, 60, 1f), 96));
    }
}
