package io.fer4j.vision.decode;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * One decoded frame.
 *
 * @param frameIndex  1-based frame number (CONTRACTS §2: the k-th decoded frame, 0-based, is frame k+1; a face-image
 *                    folder's {@code 00042.jpg} is frame 42)
 * @param timeSeconds presentation time in seconds ({@code (frameIndex-1)/fps} for folders and when the stream has none)
 * @param bgr         the full-resolution image, 8-bit BGR. Owned by the source: valid only until the next
 *                    {@link VideoSource#next()} call or {@link VideoSource#close()}; clone it to keep it.
 */
public record DecodedFrame(int frameIndex, double timeSeconds, Mat bgr) {
    public int width() {
        return bgr.cols();
    }

    public int height() {
        return bgr.rows();
    }
}
