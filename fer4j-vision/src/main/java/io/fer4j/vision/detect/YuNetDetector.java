package io.fer4j.vision.detect;

import io.fer4j.error.Fer4jException;
import io.fer4j.geometry.FaceBox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.FaceDetectorYN;

/**
 * YuNet through OpenCV's {@code FaceDetectorYN} (OpenCV ≥ 4.8; JavaCV ships 4.10). Any ONNX file with YuNet's
 * interface works. Runs on a frame downscaled to {@code detectWidth}; boxes are mapped back to full resolution.
 */
public final class YuNetDetector implements FaceDetector {
    public static final float DEFAULT_SCORE_THRESHOLD = 0.7f;
    public static final float DEFAULT_NMS_THRESHOLD = 0.3f;

    private final Path model;
    private final FaceDetectorYN net;
    private final DownscaledInput input;
    private final Mat faces = new Mat();
    private int inputW = -1;
    private int inputH = -1;

    public YuNetDetector(Path model, int detectWidth, float scoreThreshold) {
        if (!Files.isRegularFile(model)) {
            throw new Fer4jException(
                    model,
                    "face detector model not found; pass --detector with an existing YuNet ONNX file, or run 'fer4j models fetch yunet'");
        }
        this.model = model;
        try (Size size = new Size(320, 320)) {
            this.net = FaceDetectorYN.create(
                    model.toString(), "", size, scoreThreshold, DEFAULT_NMS_THRESHOLD, 5000, 0, 0);
        } catch (RuntimeException e) {
            throw new Fer4jException(
                    model,
                    "cannot be loaded as a YuNet face detector ("
                            + e.getMessage().strip() + "); pass a YuNet-compatible ONNX file or --detector haar",
                    e);
        }
        if (net == null || net.isNull()) {
            throw new Fer4jException(
                    model,
                    "cannot be loaded as a YuNet face detector; pass a YuNet-compatible ONNX file or --detector haar");
        }
        this.input = new DownscaledInput(detectWidth);
    }

    /** A factory for pipeline threads. */
    public static FaceDetector.Factory factory(Path model, int detectWidth, float scoreThreshold) {
        return () -> new YuNetDetector(model, detectWidth, scoreThreshold);
    }

    @Override
    public List<FaceBox> detect(Mat bgr) {
        Mat img = input.apply(bgr);
        if (img.cols() != inputW || img.rows() != inputH) {
            inputW = img.cols();
            inputH = img.rows();
            try (Size size = new Size(inputW, inputH)) {
                net.setInputSize(size);
            }
        }
        try {
            net.detect(img, faces);
        } catch (RuntimeException e) {
            throw new Fer4jException(
                    model,
                    "face detection failed (" + e.getMessage().strip()
                            + "); the file does not fit YuNet's interface — pass a YuNet ONNX file or --detector haar",
                    e);
        }
        int n = faces.rows();
        if (n == 0 || faces.cols() < 15) {
            return List.of();
        }
        float s = input.scale();
        List<FaceBox> out = new ArrayList<>(n);
        try (FloatIndexer idx = faces.createIndexer()) {
            for (int i = 0; i < n; i++) {
                // Row layout: x, y, w, h, 5 landmarks (x, y), score.
                out.add(new FaceBox(idx.get(i, 0), idx.get(i, 1), idx.get(i, 2), idx.get(i, 3), idx.get(i, 14))
                        .scaled(s));
            }
        }
        return out;
    }

    @Override
    public void close() {
        faces.close();
        input.close();
        net.close();
    }
}
