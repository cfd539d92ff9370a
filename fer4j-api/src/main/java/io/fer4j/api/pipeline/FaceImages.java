package io.fer4j.api.pipeline;

import io.fer4j.geometry.FaceBox;
import io.fer4j.vision.crop.FaceCrops;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/** Face crops of BGR frames as small {@link BufferedImage}s for the report's thumbnails. */
public final class FaceImages {
    private FaceImages() {
    }

    /** The face region of {@code bgr}, resized to {@code size}×{@code size}, or null when the box is empty. */
    public static BufferedImage thumbnail(Mat bgr, FaceBox box, int size) {
        FaceCrops.PixelBox px = FaceCrops.bounds(box, 0.15f, bgr.cols(), bgr.rows());
        if (px.isEmpty()) {
            return null;
        }
        try (Rect r = new Rect(px.x0(), px.y0(), px.width(), px.height());
             Mat roi = new Mat(bgr, r);
             Mat small = new Mat();
             Size s = new Size(size, size)) {
            opencv_imgproc.resize(roi, small, s, 0, 0, opencv_imgproc.INTER_AREA);
            BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_3BYTE_BGR);
            byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
            small.data().get(dst, 0, size * size * 3); // resize output is continuous, BGR like TYPE_3BYTE_BGR
            return img;
        }
    }
}
