package io.fer4j.vision.testing;

import io.fer4j.geometry.FaceBox;
import io.fer4j.vision.detect.FaceDetector;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Rect;

/** Test detector: every near-white blob of {@link SyntheticVideos} is a "face". */
public final class SquareFaceDetector implements FaceDetector {
    private final Mat gray = new Mat();
    private final Mat mask = new Mat();

    @Override
    public List<FaceBox> detect(Mat bgr) {
        opencv_imgproc.cvtColor(bgr, gray, opencv_imgproc.COLOR_BGR2GRAY);
        opencv_imgproc.threshold(gray, mask, 220, 255, opencv_imgproc.THRESH_BINARY);
        List<FaceBox> out = new ArrayList<>();
        try (MatVector contours = new MatVector();
                Mat hierarchy = new Mat()) {
            opencv_imgproc.findContours(
                    mask, contours, hierarchy, opencv_imgproc.RETR_EXTERNAL, opencv_imgproc.CHAIN_APPROX_SIMPLE);
            for (long i = 0; i < contours.size(); i++) {
                Rect r = opencv_imgproc.boundingRect(contours.get(i));
                if (r.width() >= 4 && r.height() >= 4) {
                    out.add(new FaceBox(r.x(), r.y(), r.width(), r.height(), 1f));
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        gray.close();
        mask.close();
    }
}
