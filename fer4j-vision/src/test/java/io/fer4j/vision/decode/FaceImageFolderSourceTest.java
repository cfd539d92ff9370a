package io.fer4j.vision.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.error.Fer4jException;
import io.fer4j.vision.testing.SyntheticVideos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaceImageFolderSourceTest {
    @TempDir
    Path dir;

    static void image(Path file, int grey) {
        try (Mat m = new Mat(20, 16, opencv_core.CV_8UC3, new Scalar(grey, grey, grey, 0))) {
            opencv_imgcodecs.imwrite(file.toString(), m);
        }
    }

    @Test
    void framesTakeTheirNumbersFromFileNames() throws Exception {
        Path v = Files.createDirectories(dir.resolve("video10_1_left"));
        image(v.resolve("00005.jpg"), 50);
        image(v.resolve("00001.jpg"), 10);
        image(v.resolve("00002.jpg"), 20);
        Files.writeString(v.resolve("notes.txt"), "ignored");
        try (VideoSource s = FaceImageFolderSource.open(v, 30.0)) {
            assertEquals("video10_1_left", s.id());
            assertTrue(s.framesAreFaces());
            assertEquals(5, s.declaredFrameCount());
            int[] expected = {1, 2, 5};
            int[] grey = {10, 20, 50};
            for (int i = 0; i < 3; i++) {
                DecodedFrame f = s.next();
                assertEquals(expected[i], f.frameIndex());
                assertEquals((expected[i] - 1) / 30.0, f.timeSeconds(), 1e-12);
                assertEquals(grey[i], opencv_core.mean(f.bgr()).get(0), 2.0);
            }
            assertNull(s.next());
        }
    }

    @Test
    void aTruncatedJpegIsDecodedWithAWarningThatCountsIt() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("v"));
        for (int k = 1; k <= 3; k++) {
            try (Mat m = new Mat(64, 64, opencv_core.CV_8UC3)) {
                opencv_core.randu(
                        m,
                        new Mat(1, 1, opencv_core.CV_64F, new Scalar(0)),
                        new Mat(1, 1, opencv_core.CV_64F, new Scalar(255)));
                opencv_imgcodecs.imwrite(
                        folder.resolve(String.format("%05d.jpg", k)).toString(), m);
            }
        }
        Path cut = folder.resolve("00002.jpg");
        byte[] b = Files.readAllBytes(cut);
        Files.write(cut, java.util.Arrays.copyOf(b, b.length * 2 / 3));
        try (FaceImageFolderSource s = FaceImageFolderSource.open(folder, 30)) {
            int n = 0;
            while (s.next() != null) {
                n++;
            }
            assertEquals(3, n, "a truncated JPEG still decodes (OpenCV fills the rest)");
            assertEquals(1, s.warnings().size(), s.warnings().toString());
            assertTrue(
                    s.warnings().get(0).startsWith("1 truncated JPEG")
                            && s.warnings().get(0).contains("00002.jpg"),
                    s.warnings().get(0));
        }
    }

    @Test
    void unreadableImageNamesTheImage() throws Exception {
        Path v = Files.createDirectories(dir.resolve("v"));
        image(v.resolve("00001.jpg"), 10);
        Path bad = Files.writeString(v.resolve("00002.jpg"), "not a jpeg");
        try (VideoSource s = FaceImageFolderSource.open(v, 0)) {
            assertEquals(1, s.next().frameIndex());
            Fer4jException e = assertThrows(Fer4jException.class, s::next);
            assertEquals(bad, e.file());
        }
    }

    @Test
    void scanFindsVideosAndFaceFoldersSortedByIdAndIgnoresOtherFiles() throws Exception {
        SyntheticVideos.write(dir.resolve("b.mp4"), 2, 25);
        SyntheticVideos.write(dir.resolve("a.avi"), 2, 25);
        Path folder = Files.createDirectories(dir.resolve("c_left"));
        image(folder.resolve("00001.png"), 1);
        Files.createDirectories(dir.resolve("empty"));
        Files.writeString(dir.resolve("README.txt"), "not a video");
        List<VideoFileScanner.Item> items = VideoFileScanner.scan(dir);
        assertEquals(
                List.of("a", "b", "c_left"),
                items.stream().map(VideoFileScanner.Item::id).toList());
        assertEquals(
                List.of(false, false, true),
                items.stream().map(VideoFileScanner.Item::faceFolder).toList());
        // one face folder given directly
        assertEquals(List.of(new VideoFileScanner.Item("c_left", folder, true)), VideoFileScanner.scan(folder));
        // one file given directly is always tried, whatever its extension
        assertEquals(
                "README",
                VideoFileScanner.scan(dir.resolve("README.txt")).get(0).id());
    }

    @Test
    void duplicateIdsAndEmptyDirectoriesAreErrors() throws Exception {
        SyntheticVideos.write(dir.resolve("x.mp4"), 1, 25);
        SyntheticVideos.write(dir.resolve("x.avi"), 1, 25);
        Fer4jException e = assertThrows(Fer4jException.class, () -> VideoFileScanner.scan(dir));
        assertTrue(e.getMessage().contains("same video id 'x'"), e.getMessage());
        Path empty = Files.createDirectories(dir.resolve("nothing"));
        assertThrows(Fer4jException.class, () -> VideoFileScanner.scan(empty));
        assertThrows(Fer4jException.class, () -> VideoFileScanner.scan(dir.resolve("missing")));
    }

    @Test
    void pngAndJpegFramesInAnyCaseAndTwoImagesForOneFrameNamed() throws Exception {
        Path v = Files.createDirectories(dir.resolve("crops"));
        image(v.resolve("00001.PNG"), 10);
        image(v.resolve("00002.jpeg"), 20);
        image(v.resolve("00003.JPG"), 30);
        image(v.resolve("00005.png"), 50);
        assertEquals(List.of(new VideoFileScanner.Item("crops", v, true)), VideoFileScanner.scan(v));
        try (VideoSource s = FaceImageFolderSource.open(v, 25.0)) {
            int[] expected = {1, 2, 3, 5};
            for (int i = 0; i < expected.length; i++) {
                DecodedFrame f = s.next();
                assertEquals(expected[i], f.frameIndex());
                assertEquals(FaceImageFolderSource.frameTimeSeconds(expected[i], 25.0), f.timeSeconds(), 0);
                assertEquals(10.0 * expected[i], opencv_core.mean(f.bgr()).get(0), 2.0);
            }
            assertNull(s.next());
        }
        assertEquals(4 / 25.0, FaceImageFolderSource.frameTimeSeconds(5, 25.0), 1e-12);
        assertTrue(Double.isNaN(FaceImageFolderSource.frameTimeSeconds(5, 0)));
        image(v.resolve("00005.jpg"), 50);
        Fer4jException e = assertThrows(Fer4jException.class, () -> FaceImageFolderSource.open(v, 0));
        assertEquals(v.resolve("00005.png"), e.file());
        assertTrue(e.getMessage().contains("00005.jpg") && e.getMessage().contains("frame 5 again"), e.getMessage());
    }
}
