package io.fer4j.vision.backbone;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.fer4j.vision.backbone.BackboneSpec.CropResize;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Face crop → backbone input, exactly as the model's own code prepares it, written NCHW float32 into slot {@code i} of
 * a batch buffer. {@link CropResize#STRETCH} is EmotiEffLib's ONNX path (CONTRACTS §4): {@code cv2.resize(crop, (S, S))}
 * with INTER_LINEAR on the 8-bit image, then {@code /255}, then {@code (x - mean) / std} per RGB channel.
 * {@link CropResize#PAD_TO_SQUARE} is face-api.js's {@code NetInput.toBatchTensor}: centred zero-padding to a square,
 * TF's {@code resizeBilinear} (no corner alignment, no half-pixel centres) in float, then the same normalisation.
 *
 * <p>The resize is OpenCV's own (JavaCV's {@code opencv_imgproc.resize}), i.e. the code cv2 runs, so the 8-bit
 * result is bit-identical rather than a re-implementation that is merely close; the normalisation is computed in
 * double and rounded to float once, like numpy's float64 arithmetic followed by {@code astype(float32)}.
 *
 * <p>Stateless apart from lookup tables, so one instance is safe to share between threads.
 */
public final class FacePreprocessor {

    /** Channel order of the 8-bit input pixels. Resize works per channel, so BGR frames need no conversion. */
    public enum ChannelOrder {
        RGB,
        BGR
    }

    private final int inputSize;
    private final CropResize resize;
    private final double[] mean;
    private final double[] std;
    // lut[c][v] = (v/255 - mean[c]) / std[c] for RGB channel c and byte value v
    private final float[][] lut = new float[3][256];

    public FacePreprocessor(int inputSize, double[] mean, double[] std) {
        this(inputSize, mean, std, CropResize.STRETCH);
    }

    public FacePreprocessor(int inputSize, double[] mean, double[] std, CropResize resize) {
        if (inputSize < 1) {
            throw new IllegalArgumentException("inputSize must be positive, got " + inputSize);
        }
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("mean and std need 3 values (RGB)");
        }
        this.inputSize = inputSize;
        this.resize = resize;
        this.mean = mean.clone();
        this.std = std.clone();
        for (int c = 0; c < 3; c++) {
            for (int v = 0; v < 256; v++) {
                lut[c][v] = (float) ((v / 255.0 - mean[c]) / std[c]);
            }
        }
    }

    public FacePreprocessor(BackboneSpec spec) {
        this(spec.inputSize(), spec.mean(), spec.std(), spec.resize());
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
        if (box.width() < 1
                || box.height() < 1
                || box.x() < 0
                || box.y() < 0
                || box.x() + box.width() > image.cols()
                || box.y() + box.height() > image.rows()) {
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
        if (resize == CropResize.PAD_TO_SQUARE) {
            byte[] pixels = new byte[crop.cols() * crop.rows() * 3];
            try (Mat dense = crop.isContinuous() ? null : crop.clone()) {
                (dense == null ? crop : dense).data().get(pixels);
            }
            padToSquareResize(pixels, crop.cols(), crop.rows(), order, batch, slot);
            return;
        }
        int s = inputSize;
        byte[] pixels = new byte[s * s * 3];
        try (Mat resized = new Mat(s, s, CV_8UC3);
                Size size = new Size(s, s)) {
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
        try (BytePointer data = new BytePointer(pixels);
                Mat crop = new Mat(height, width, CV_8UC3, data)) {
            preprocess(crop, order, batch, slot);
        }
    }

    /**
     * face-api.js's {@code padToSquare(x, true)} then {@code tf.image.resizeBilinear(x, [S, S], false, false)} as
     * tfjs's CPU kernel computes it (double arithmetic, float32 result), then {@code (x/255 - mean) / std}. The padding
     * puts {@code round(d/2)} zero columns (or rows) after the image and the rest before it.
     */
    private void padToSquareResize(byte[] pixels, int width, int height, ChannelOrder order, float[] batch, int slot) {
        int side = Math.max(width, height);
        int diff = side - Math.min(width, height);
        int before = diff - (int) Math.round(diff * 0.5);
        int offX = width < height ? before : 0;
        int offY = height < width ? before : 0;
        int s = inputSize;
        int plane = s * s;
        int base = slot * 3 * plane;
        double ratio = side / (double) s;
        int[] rgb = order == ChannelOrder.RGB ? new int[] {0, 1, 2} : new int[] {2, 1, 0};
        // the column sampling is the same on every row: computed once (the same doubles, so the same result)
        int[] c0 = new int[s];
        int[] c1 = new int[s];
        double[] dc = new double[s];
        for (int c = 0; c < s; c++) {
            double fc = side == s ? c : ratio * c;
            c0[c] = Math.max(0, (int) Math.floor(fc));
            c1[c] = Math.min(side - 1, (int) Math.ceil(fc));
            dc[c] = fc - c0[c];
        }
        for (int r = 0; r < s; r++) {
            double fr = side == s ? r : ratio * r;
            int r0 = Math.max(0, (int) Math.floor(fr));
            int r1 = Math.min(side - 1, (int) Math.ceil(fr));
            double dr = fr - r0;
            for (int c = 0; c < s; c++) {
                for (int k = 0; k < 3; k++) {
                    double tl = padded(pixels, width, height, offX, offY, c0[c], r0, k);
                    double tr = padded(pixels, width, height, offX, offY, c1[c], r0, k);
                    double bl = padded(pixels, width, height, offX, offY, c0[c], r1, k);
                    double br = padded(pixels, width, height, offX, offY, c1[c], r1, k);
                    double top = tl + (tr - tl) * dc[c];
                    double bottom = bl + (br - bl) * dc[c];
                    float value = (float) (top + (bottom - top) * dr);
                    int ch = rgb[k];
                    batch[base + ch * plane + r * s + c] = (float) ((value / 255.0 - mean[ch]) / std[ch]);
                }
            }
        }
    }

    /** Channel {@code k} of the zero-padded square image at ({@code x}, {@code y}). */
    private static int padded(byte[] pixels, int width, int height, int offX, int offY, int x, int y, int k) {
        int sx = x - offX;
        int sy = y - offY;
        if (sx < 0 || sy < 0 || sx >= width || sy >= height) {
            return 0;
        }
        return pixels[(sy * width + sx) * 3 + k] & 0xff;
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
            throw new IllegalArgumentException(
                    "crop must be 8-bit 3-channel (CV_8UC3), got OpenCV type " + image.type());
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
