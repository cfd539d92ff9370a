package io.fer4j.vision.extract;

import java.util.concurrent.ConcurrentLinkedDeque;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Reused buffers for {@link FrameImages#FULL_FRAMES}: a fresh native allocation per 720p frame (2.7 MB: mmap, page
 * faults, munmap) cost {@code fer4j predict} a third of its throughput. Thread-safe and bounded; a buffer is held
 * by one frame at a time, so concurrent runs may share one pool.
 */
final class FrameImagePool {
    private final ConcurrentLinkedDeque<Mat> free = new ConcurrentLinkedDeque<>();
    private final int capacity;

    FrameImagePool(int capacity) {
        this.capacity = capacity;
    }

    /** A copy of {@code bgr} in a reused buffer; give it back with {@link #release}. */
    Mat copyOf(Mat bgr) {
        Mat m = free.poll();
        if (m == null) {
            m = new Mat();
        }
        bgr.copyTo(m);
        return m;
    }

    /** Takes back a frame's image (null is ignored). */
    void release(PipelineMessage.Frame frame) {
        Mat image = frame.image();
        if (image == null) {
            return;
        }
        if (free.size() < capacity) {
            free.push(image);
        } else {
            image.close();
        }
    }
}
