package io.fer4j.vision.crop;

import io.fer4j.geometry.FaceBox;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/** Face crops of BGR frames as small square {@link BufferedImage}s, for the report's thumbnails. */
public final class FaceThumbnails {
    /** Side of a thumbnail. */
    public static final int SIZE_PIXELS = 96;
    /** Margin around the box, as a fraction of its size: a little context around the face reads better. */
    public static final float MARGIN = 0.15f;

    private FaceThumbnails() {}

    /** The face region of {@code bgr} (box plus {@link #MARGIN}), resized to {@code size}², or null when empty. */
    public static BufferedImage crop(Mat bgr, FaceBox box, int size) {
        FaceCrops.PixelBox px = FaceCrops.bounds(box, MARGIN, bgr.cols(), bgr.rows());
        if (px.isEmpty()) {
            return null;
        }
        try (Rect r = new Rect(px.x0(), px.y0(), px.width(), px.height());
                Mat roi = new Mat(bgr, r);
                Mat small = new Mat();
                Size s = new Size(size, size)) {
            if (px.width() > 2 * size || px.height() > 2 * size) {
                // INTER_AREA at a non-integer ratio costs ~0.5 ms for a 720p face, on the decode thread every face
                // frame; bilinear to twice the size, then the exact 2:1 area average, looks the same at 1/4 the cost
                try (Mat twice = new Mat();
                        Size s2 = new Size(2 * size, 2 * size)) {
                    opencv_imgproc.resize(roi, twice, s2, 0, 0, opencv_imgproc.INTER_LINEAR);
                    opencv_imgproc.resize(twice, small, s, 0, 0, opencv_imgproc.INTER_AREA);
                }
            } else {
                opencv_imgproc.resize(roi, small, s, 0, 0, opencv_imgproc.INTER_AREA);
            }
            BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_3BYTE_BGR);
            byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
            small.data().get(dst, 0, size * size * 3); // resize output is continuous, BGR like TYPE_3BYTE_BGR
            return img;
        }
    }
}
