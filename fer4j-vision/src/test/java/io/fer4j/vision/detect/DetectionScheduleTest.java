package io.fer4j.vision.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fer4j.geometry.FaceBox;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

class DetectionScheduleTest {
    /** Records the frames it ran on; finds one face unless told the frame is empty. */
    private static final class Counting implements FaceDetector {
        final List<Integer> ranOn = new ArrayList<>();
        int frame;
        boolean empty;

        @Override
        public List<FaceBox> detect(Mat bgr) {
            ranOn.add(frame);
            return empty ? List.of() : List.of(new FaceBox(10 + frame, 10, 20, 20, 0.9f));
        }

        @Override
        public void close() {}
    }

    private static Mat grey(int level) {
        return new Mat(72, 128, opencv_core.CV_8UC3, new Scalar(level, level, level, 0));
    }

    @Test
    void detectsEveryKthFrameCarriesBoxesAndRedetectsAtACutOrWithoutFace() {
        Counting d = new Counting();
        try (DetectionSchedule s = new DetectionSchedule(3);
                Mat dark = grey(40);
                Mat bright = grey(200)) {
            List<FaceBox> carried = null;
            for (d.frame = 1; d.frame <= 7; d.frame++) {
                List<FaceBox> boxes = s.boxes(d, dark);
                if (d.frame == 2) {
                    carried = boxes;
                }
            }
            assertEquals(List.of(1, 4, 7), d.ranOn);
            assertEquals(List.of(new FaceBox(11, 10, 20, 20, 0.9f)), carried); // frame 1's box on frame 2
            d.frame = 8;
            s.boxes(d, bright); // scene cut: detected at once
            assertEquals(List.of(1, 4, 7, 8), d.ranOn);
            d.empty = true;
            for (d.frame = 9; d.frame <= 12; d.frame++) {
                s.boxes(d, bright);
            }
            assertEquals(List.of(1, 4, 7, 8, 11, 12), d.ranOn); // no face known: look on every frame
            assertEquals(6, s.detections());
        }
    }

    @Test
    void everyFrameIsThePlainDetectorAndZeroIsRefused() {
        Counting d = new Counting();
        try (DetectionSchedule s = new DetectionSchedule(1);
                Mat m = grey(90)) {
            for (d.frame = 1; d.frame <= 4; d.frame++) {
                assertEquals(List.of(new FaceBox(10 + d.frame, 10, 20, 20, 0.9f)), s.boxes(d, m));
            }
            assertEquals(List.of(1, 2, 3, 4), d.ranOn);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DetectionSchedule(0));
        assertEquals(true, e.getMessage().contains("--detect-every"));
    }
}
