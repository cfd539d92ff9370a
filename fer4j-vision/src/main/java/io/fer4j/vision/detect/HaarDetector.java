package io.fer4j.vision.detect;

import io.fer4j.error.Fer4jException;
import io.fer4j.geometry.FaceBox;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;

/**
 * OpenCV's frontal-face Haar cascade, read from the JavaCV OpenCV jar: the offline fallback when no YuNet file is
 * available. Less accurate than YuNet (misses profiles), scores are 1.
 */
public final class HaarDetector implements FaceDetector {
    static final String CASCADE =
            "/org/bytedeco/opencv/linux-x86_64/share/opencv4/haarcascades/haarcascade_frontalface_default.xml";

    private final CascadeClassifier cascade;
    private final DownscaledInput input;
    private final Mat gray = new Mat();

    public HaarDetector(int detectWidth) {
        File xml;
        try {
            xml = Loader.cacheResource(HaarDetector.class, CASCADE);
        } catch (IOException e) {
            throw new Fer4jException(
                    null,
                    "cannot read the Haar cascade from the OpenCV jar (" + e.getMessage()
                            + "); check that the opencv linux-x86_64 jar is on the class path",
                    e);
        }
        if (xml == null) {
            throw new Fer4jException(
                    "the Haar cascade " + CASCADE + " is missing from the class path; add the opencv linux-x86_64 jar");
        }
        cascade = new CascadeClassifier(xml.getAbsolutePath());
        if (cascade.empty()) {
            throw new Fer4jException(xml.toPath(), "cannot be loaded as a Haar cascade");
        }
        input = new DownscaledInput(detectWidth);
    }

    public static FaceDetector.Factory factory(int detectWidth) {
        return () -> new HaarDetector(detectWidth);
    }

    @Override
    public List<FaceBox> detect(Mat bgr) {
        Mat img = input.apply(bgr);
        opencv_imgproc.cvtColor(img, gray, opencv_imgproc.COLOR_BGR2GRAY);
        opencv_imgproc.equalizeHist(gray, gray);
        int minSide = Math.max(20, Math.min(gray.cols(), gray.rows()) / 20);
        float s = input.scale();
        List<FaceBox> out = new ArrayList<>();
        try (RectVector rects = new RectVector();
                Size min = new Size(minSide, minSide);
                Size max = new Size()) {
            cascade.detectMultiScale(gray, rects, 1.1, 5, 0, min, max);
            for (long i = 0; i < rects.size(); i++) {
                Rect r = rects.get(i);
                out.add(new FaceBox(r.x(), r.y(), r.width(), r.height(), 1f).scaled(s));
            }
        }
        return out;
    }

    @Override
    public void close() {
        gray.close();
        input.close();
        cascade.close();
    }
}
