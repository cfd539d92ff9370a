package io.fer4j.vision.detect;

import io.fer4j.geometry.FaceBox;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/** Finds faces in one BGR frame. Not thread-safe: each pipeline thread creates its own through a {@link Factory}. */
public interface FaceDetector extends AutoCloseable {
    /** Faces in {@code bgr}, boxes in {@code bgr}'s full-resolution pixel coordinates, in no particular order. */
    List<FaceBox> detect(Mat bgr);

    @Override
    void close();

    /** Creates detectors (one per thread); cheap to call, models are loaded per detector. */
    @FunctionalInterface
    interface Factory {
        FaceDetector create();
    }
}
