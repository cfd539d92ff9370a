package io.fer4j.vision.detect;

import io.fer4j.geometry.FaceBox;
import java.util.List;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Runs the detector on every K-th frame of one video and carries the last boxes to the frames between, where the
 * tracker matches them to the same tracks (faces move little in K frames at video rates). It detects again at once
 * when the last detection found no face (a lost track is looked for on every frame) and at a scene cut, seen as a
 * large change of a 32×18 grey thumbnail since the last detection (cheap: a few thousand pixels per frame).
 * K = 1 detects on every frame, exactly as without a schedule. One per video and thread; not thread-safe.
 */
public final class DetectionSchedule implements AutoCloseable {
    /** Mean absolute grey-level change (0..255) of the thumbnail taken as a scene cut. */
    public static final double SCENE_CUT_MEAN_ABS_DIFF = 24.0;

    private final int every;
    private List<FaceBox> last = List.of();
    private int sinceDetection;
    private final Mat thumb = new Mat();
    private final Mat reference = new Mat();
    private final Mat gray = new Mat();
    private final Mat diff = new Mat();
    private final Size thumbSize = new Size(32, 18);
    private int detections;

    public DetectionSchedule(int every) {
        if (every < 1) {
            throw new IllegalArgumentException("--detect-every must be at least 1 (1 = every frame), got " + every);
        }
        this.every = every;
    }

    /** This frame's boxes: detected, or carried from the last detection. */
    public List<FaceBox> boxes(FaceDetector detector, Mat bgr) {
        if (every == 1) {
            detections++;
            return detector.detect(bgr);
        }
        boolean due = last.isEmpty() || ++sinceDetection >= every;
        thumbnail(bgr);
        if (!due && !reference.empty() && sceneCut()) {
            due = true;
        }
        if (due) {
            last = List.copyOf(detector.detect(bgr));
            sinceDetection = 0;
            thumb.copyTo(reference);
            detections++;
        }
        return last;
    }

    /** Frames on which the detector ran so far. */
    public int detections() {
        return detections;
    }

    private void thumbnail(Mat bgr) {
        opencv_imgproc.resize(bgr, gray, thumbSize, 0, 0, opencv_imgproc.INTER_AREA);
        opencv_imgproc.cvtColor(gray, thumb, opencv_imgproc.COLOR_BGR2GRAY);
    }

    private boolean sceneCut() {
        opencv_core.absdiff(thumb, reference, diff);
        return opencv_core.mean(diff).get(0) > SCENE_CUT_MEAN_ABS_DIFF;
    }

    @Override
    public void close() {
        thumb.close();
        reference.close();
        gray.close();
        diff.close();
        thumbSize.close();
    }
}
