package io.fer4j.vision.detect;

import io.fer4j.geometry.FaceBox;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Runs the detector on every K-th frame of one video and carries the last boxes to the frames between, where the
 * tracker matches them to the same tracks (faces move little in K frames at video rates). It detects again at once
 * when the last detection found no face (a lost track is looked for on every frame) and at a scene cut since the last
 * detection ({@link SceneChange}).
 * K = 1 detects on every frame, exactly as without a schedule. One per video and thread; not thread-safe.
 */
public final class DetectionSchedule implements AutoCloseable {
    /** Mean absolute grey-level change (0..255) of the thumbnail taken as a scene cut. */
    public static final double SCENE_CUT_MEAN_ABS_DIFF = SceneChange.CUT_MEAN_ABS_DIFF;

    private final int every;
    private List<FaceBox> last = List.of();
    private int sinceDetection;
    private final SceneChange scene = new SceneChange();
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
        if (scene.cutFromReference(bgr)) {
            due = true;
        }
        if (due) {
            last = List.copyOf(detector.detect(bgr));
            sinceDetection = 0;
            scene.keepAsReference();
            detections++;
        }
        return last;
    }

    /** Frames on which the detector ran so far. */
    public int detections() {
        return detections;
    }

    @Override
    public void close() {
        scene.close();
    }
}
