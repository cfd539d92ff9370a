package io.fer4j.vision.detect;

import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Shrinks frames to a detection width, keeping the aspect ratio, into a reused buffer. Detection cost grows with
 * pixels while crops keep full resolution: boxes found here are multiplied by {@link #scale()} to map back.
 */
final class DownscaledInput implements AutoCloseable {
    private final int detectWidth;
    private final Mat small = new Mat();
    private float scale = 1f;

    /** @param detectWidth target width in pixels; 0 or a width ≥ the frame's keeps full resolution */
    DownscaledInput(int detectWidth) {
        if (detectWidth < 0) {
            throw new IllegalArgumentException("detection width must be ≥ 0 (0 = full resolution), got " + detectWidth);
        }
        this.detectWidth = detectWidth;
    }

    /** The frame to detect on: {@code bgr} itself or its downscaled copy. */
    Mat apply(Mat bgr) {
        if (detectWidth == 0 || bgr.cols() <= detectWidth) {
            scale = 1f;
            return bgr;
        }
        int h = Math.max(1, Math.round(bgr.rows() * (float) detectWidth / bgr.cols()));
        try (Size size = new Size(detectWidth, h)) {
            opencv_imgproc.resize(bgr, small, size, 0, 0, opencv_imgproc.INTER_AREA);
        }
        scale = (float) bgr.cols() / detectWidth;
        return small;
    }

    /** Full-resolution pixels per detection pixel for the last {@link #apply} call. */
    float scale() {
        return scale;
    }

    @Override
    public void close() {
        small.close();
    }
}
