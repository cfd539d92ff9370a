package io.fer4j.vision.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fer4j.error.Fer4jException;
import io.fer4j.geometry.FaceBox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real faces from ../shared/fixtures. Expected face centres (a point between the eyes and the mouth of each person)
 * were read off the images by a person; every detection must contain exactly one of them.
 */
class FaceDetectorFixtureTest {
    @TempDir
    Path dir;

    static final int[][] FACES_JPG = {{125, 80}, {280, 95}, {618, 122}, {512, 235}, {298, 287}, {100, 315}};
    static final int[][] ANGRY_JPG = {{146, 125}};
    static final int[][] SURPRISED_JPG = {{256, 170}};

    static Path shared(String rel) {
        String s = System.getProperty("fer4j.shared");
        assumeTrue(s != null && Files.exists(Path.of(s, rel)), "../shared/" + rel + " is absent");
        return Path.of(s, rel);
    }

    static Path yunet() {
        return shared("fixtures/models/face_detection_yunet.onnx");
    }

    static void assertFacesAt(List<FaceBox> found, int[][] centres, String what) {
        assertEquals(centres.length, found.size(), what + ": " + found);
        List<int[]> left = new ArrayList<>(List.of(centres));
        for (FaceBox b : found) {
            int[] hit = left.stream()
                    .filter(c ->
                            c[0] >= b.x() && c[0] <= b.x() + b.width() && c[1] >= b.y() && c[1] <= b.y() + b.height())
                    .findFirst()
                    .orElse(null);
            assertTrue(hit != null, what + ": box " + b + " covers no expected face");
            left.remove(hit);
            // a face box, not a whole-head or whole-image box
            assertTrue(b.width() > 40 && b.width() < 250 && b.height() > 40 && b.height() < 300, what + ": " + b);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 480, 320})
    void yunetFindsTheSixFacesOfFacesJpgAtEachDetectionWidth(int detectWidth) {
        Mat img = opencv_imgcodecs.imread(shared("fixtures/media/faces.jpg").toString());
        try (FaceDetector d = new YuNetDetector(yunet(), detectWidth, YuNetDetector.DEFAULT_SCORE_THRESHOLD)) {
            assertFacesAt(d.detect(img), FACES_JPG, "faces.jpg @" + detectWidth);
        }
    }

    @Test
    void yunetFindsTheOneFaceOfAngryAndSurprised() {
        try (FaceDetector d = YuNetDetector.factory(yunet(), 320, YuNetDetector.DEFAULT_SCORE_THRESHOLD)
                .create()) {
            assertFacesAt(
                    d.detect(opencv_imgcodecs.imread(
                            shared("fixtures/media/angry.jpg").toString())),
                    ANGRY_JPG,
                    "angry");
            assertFacesAt(
                    d.detect(opencv_imgcodecs.imread(
                            shared("fixtures/media/surprised.jpg").toString())),
                    SURPRISED_JPG,
                    "surprised");
        }
    }

    @Test
    void haarFallbackFindsTheFrontalFaces() {
        try (FaceDetector d = HaarDetector.factory(0).create()) {
            assertFacesAt(
                    d.detect(opencv_imgcodecs.imread(
                            shared("fixtures/media/faces.jpg").toString())),
                    FACES_JPG,
                    "haar faces.jpg");
            assertFacesAt(
                    d.detect(opencv_imgcodecs.imread(
                            shared("fixtures/media/angry.jpg").toString())),
                    ANGRY_JPG,
                    "haar angry");
        }
    }

    @Test
    void haarNeedsNoFilesAndFindsNothingInABlankImage() {
        try (FaceDetector d = new HaarDetector(320);
                Mat blank = new Mat(
                        240,
                        320,
                        org.bytedeco.opencv.global.opencv_core.CV_8UC3,
                        new org.bytedeco.opencv.opencv_core.Scalar(128, 128, 128, 0))) {
            assertEquals(List.of(), d.detect(blank));
        }
    }

    @Test
    void badDetectorFilesAreClearErrors() throws Exception {
        Path text = Files.writeString(dir.resolve("yunet.onnx"), "not a model");
        Fer4jException e = assertThrows(Fer4jException.class, () -> new YuNetDetector(text, 320, 0.7f));
        assertEquals(text, e.file());
        Path missing = dir.resolve("missing.onnx");
        Fer4jException m = assertThrows(Fer4jException.class, () -> new YuNetDetector(missing, 320, 0.7f));
        assertTrue(m.getMessage().contains("not found"), m.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new HaarDetector(-1));
    }
}
