package io.fer4j.vision.detect;

import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Scene cuts, seen as a large change of a 32×18 grey thumbnail between a frame and a reference frame (cheap: a few
 * thousand pixels per frame). One per video and thread; not thread-safe.
 */
public final class SceneChange implements AutoCloseable {
    /** Mean absolute grey-level change (0..255) of the thumbnail taken as a scene cut. */
    public static final double CUT_MEAN_ABS_DIFF = 24.0;

    private final Mat thumb = new Mat();
    private final Mat reference = new Mat();
    private final Mat gray = new Mat();
    private final Mat diff = new Mat();
    private final Size thumbSize = new Size(32, 18);

    /** Takes {@code bgr}'s thumbnail as the current frame; true when it differs from the reference by a cut. */
    public boolean cutFromReference(Mat bgr) {
        opencv_imgproc.resize(bgr, gray, thumbSize, 0, 0, opencv_imgproc.INTER_AREA);
        opencv_imgproc.cvtColor(gray, thumb, opencv_imgproc.COLOR_BGR2GRAY);
        if (reference.empty()) {
            return false;
        }
        opencv_core.absdiff(thumb, reference, diff);
        return opencv_core.mean(diff).get(0) > CUT_MEAN_ABS_DIFF;
    }

    /** The current frame becomes the reference. */
    public void keepAsReference() {
        thumb.copyTo(reference);
    }

    /** Whether {@code bgr} is a cut from the previous frame given here (the first frame is not). */
    public boolean cutFromPrevious(Mat bgr) {
        boolean cut = cutFromReference(bgr);
        keepAsReference();
        return cut;
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
