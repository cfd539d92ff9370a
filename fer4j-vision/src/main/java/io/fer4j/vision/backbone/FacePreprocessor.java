package io.fer4j.vision.backbone;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Face crop → backbone input, exactly as EmotiEffLib's ONNX path (DESIGN §4): {@code cv2.resize(crop, (S, S))} with
 * INTER_LINEAR on the 8-bit image, then {@code /255}, then {@code (x - mean) / std} per RGB channel, written NCHW
 * float32 into slot {@code i} of a batch buffer.
 *
 * <p>The resize is OpenCV's own (JavaCV's {@code opencv_imgproc.resize}), i.e. the code cv2 runs, so the 8-bit
 * result is bit-identical rather than a re-implementation that is merely close; the normalisation is computed in
 * double and rounded to float once, like numpy's float64 arithmetic followed by {@code astype(float32)}.
 *
 * <p>Stateless apart from lookup tables, so one instance is safe to share between threads.
 */
public final class FacePreprocessor {

    /** Channel order of the 8-bit input pixels. Resize works per channel, so BGR frames need no conversion. */
    public enum ChannelOrder { RGB, BGR }

    private final int inputSize;
    // lut[c][v] = (v/255 - mean[c]) / std[c] for RGB channel c and byte value v
    private final float[][] lut = new float[3][256];

    public FacePreprocessor(int inputSize, double[] mean, double[] std) {
        if (inputSize < 1) {
            throw new IllegalArgumentException("inputSize must be positive, got " + inputSize);
        }
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("mean and std need 3 values (RGB)");
        }
        this.inputSize = inputSize;
        for (int c = 0; c < 3; c++) {
            for (int v = 0; v < 256; v++) {
                lut[c][v] = (float) ((v / 255.0 - mean[c]) / std[c]);
            }
        }
    }

    public FacePreprocessor(BackboneSpec spec) {
        this(spec.inputSize(), spec.mean(), spec.std());
    }

    /** S of the S×S input. */
    public int inputSize() {
        return inputSize;
    }

    /** Floats per face: 3·S·S. */
    public int sliceLength() {
        return 3 * inputSize * inputSize;
    }

    /**
     * Preprocesses the region {@code box} of an 8-bit 3-channel image (a whole frame; the box must lie inside it:
     * clip it first) into {@code batch[slot·3·S·S ..]}.
     */
    public void preprocess(Mat image, Rect box, ChannelOrder order, float[] batch, int slot) {
        checkImage(image);
        if (box.width() < 1 || box.height() < 1 || box.x() < 0 || box.y() < 0
                || box.x() + box.width() > image.cols() || box.y() + box.height() > image.rows()) {
            throw new IllegalArgumentException("crop box " + box.x() + "," + box.y() + " " + box.width() + "x"
                    + box.height() + " is empty or outside the " + image.cols() + "x" + image.rows() + " image");
        }
        try (Mat roi = new Mat(image, box)) {
            preprocess(roi, order, batch, slot);
        }
    }

    /** Preprocesses a whole 8-bit 3-channel crop (may be a non-contiguous ROI) into {@code batch[slot·3·S·S ..]}. */
    public void preprocess(Mat crop, ChannelOrder order, float[] batch, int slot) {
        checkImage(crop);
        checkSlot(batch, slot);
        int s = inputSize;
        byte[] pixels = new byte[s * s * 3];
        try (Mat resized = new Mat(s, s, CV_8UC3); Size size = new Size(s, s)) {
            resize(crop, resized, size, 0, 0, INTER_LINEAR);
            resized.data().get(pixels); // freshly allocated S×S Mat: contiguous
        }
        normalise(pixels, order, batch, slot);
    }

    /**
     * Preprocesses an interleaved 8-bit crop ({@code width·height·3} bytes, rows contiguous) into
     * {@code batch[slot·3·S·S ..]}.
     */
    public void preprocess(byte[] pixels, int width, int height, ChannelOrder order, float[] batch, int slot) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("crop is empty: " + width + "x" + height);
        }
        if (pixels.length < (long) width * height * 3) {
            throw new IllegalArgumentException("a " + width + "x" + height + " crop needs " + (width * height * 3)
                    + " bytes, got " + pixels.length);
        }
        try (BytePointer data = new BytePointer(pixels); Mat crop = new Mat(height, width, CV_8UC3, data)) {
            preprocess(crop, order, batch, slot);
        }
    }

    private void normalise(byte[] pixels, ChannelOrder order, float[] batch, int slot) {
        int plane = inputSize * inputSize;
        int base = slot * 3 * plane;
        // interleaved channel k holds RGB channel rgb[k]
        int[] rgb = order == ChannelOrder.RGB ? new int[] {0, 1, 2} : new int[] {2, 1, 0};
        for (int k = 0; k < 3; k++) {
            float[] table = lut[rgb[k]];
            int out = base + rgb[k] * plane;
            for (int p = 0, i = k; p < plane; p++, i += 3) {
                batch[out + p] = table[pixels[i] & 0xff];
            }
        }
    }

    private static void checkImage(Mat image) {
        if (image == null || image.empty()) {
            throw new IllegalArgumentException("crop image is empty");
        }
        if (image.type() != CV_8UC3) {
            throw new IllegalArgumentException("crop must be 8-bit 3-channel (CV_8UC3), got OpenCV type " + image.type());
        }
    }

    private void checkSlot(float[] batch, int slot) {
        long end = (long) (slot + 1) * sliceLength();
        if (slot < 0 || end > batch.length) {
            throw new IllegalArgumentException("slot " + slot + " does not fit a batch buffer of " + batch.length
                    + " floats (" + sliceLength() + " per face)");
        }
    }
}
