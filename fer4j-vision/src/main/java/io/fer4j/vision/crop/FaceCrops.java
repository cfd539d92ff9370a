package io.fer4j.vision.crop;

import io.fer4j.geometry.FaceBox;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * Face crops as CONTRACTS §4 takes them: the box, optionally grown by a margin, clipped to the frame, cut from the
 * full-resolution frame and converted to RGB. Pixel bounds truncate like EmotiEffLib's {@code box.astype(int)}
 * slicing: columns {@code [(int) x0, (int) x1)}.
 */
public final class FaceCrops {
    private FaceCrops() {}

    /** Integer pixel bounds {@code [x0,x1) × [y0,y1)} of a crop. */
    public record PixelBox(int x0, int y0, int x1, int y1) {
        public int width() {
            return x1 - x0;
        }

        public int height() {
            return y1 - y0;
        }

        public boolean isEmpty() {
            return x1 <= x0 || y1 <= y0;
        }
    }

    /**
     * The crop's pixel bounds in a {@code frameWidth × frameHeight} frame.
     *
     * @param margin fraction of the box's width (height) added on the left and right (top and bottom); 0 = none
     */
    public static PixelBox bounds(FaceBox box, float margin, int frameWidth, int frameHeight) {
        if (!(margin >= 0)) {
            throw new IllegalArgumentException("margin must be >= 0, got " + margin);
        }
        float mx = box.width() * margin;
        float my = box.height() * margin;
        int x0 = clamp((int) (box.x() - mx), frameWidth);
        int y0 = clamp((int) (box.y() - my), frameHeight);
        int x1 = clamp((int) (box.x() + box.width() + mx), frameWidth);
        int y1 = clamp((int) (box.y() + box.height() + my), frameHeight);
        return new PixelBox(x0, y0, x1, y1);
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(max, v));
    }

    /**
     * The RGB crop of {@code box} from a BGR frame as a new continuous Mat (the caller closes it), or null when the
     * clipped box is empty (a face entirely outside the frame).
     */
    public static Mat cropRgb(Mat bgr, FaceBox box, float margin) {
        PixelBox b = bounds(box, margin, bgr.cols(), bgr.rows());
        if (b.isEmpty()) {
            return null;
        }
        Mat rgb = new Mat();
        try (Rect r = new Rect(b.x0(), b.y0(), b.width(), b.height());
                Mat roi = new Mat(bgr, r)) {
            opencv_imgproc.cvtColor(roi, rgb, opencv_imgproc.COLOR_BGR2RGB);
        }
        return rgb;
    }
}
