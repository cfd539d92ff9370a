package io.fer4j.vision.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.error.Fer4jException;
import io.fer4j.vision.testing.SyntheticVideos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.opencv.global.opencv_core;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FfmpegVideoSourceTest {
    @TempDir
    Path dir;

    @Test
    void decodesEveryFrameInOrderNumberedFromOne() throws Exception {
        Path v = SyntheticVideos.write(dir.resolve("clip.mp4"), 23, 25.0);
        try (VideoSource s = FfmpegVideoSource.open(v, 1)) {
            assertEquals("clip", s.id());
            assertEquals(25.0, s.fps(), 1e-9);
            assertEquals(23, s.declaredFrameCount());
            assertFalse(s.framesAreFaces());
            int expected = 1;
            double firstOffset = 0;
            DecodedFrame f;
            while ((f = s.next()) != null) {
                assertEquals(expected, f.frameIndex());
                assertEquals((expected - 1) / 25.0, f.timeSeconds(), 1e-3);
                assertEquals(96, f.width());
                assertEquals(64, f.height());
                // the grey level written into frame k comes back in frame k: no frame dropped, duplicated or reordered
                double mean = opencv_core.mean(f.bgr()).get(0);
                // RGB→YUV→RGB shifts grey levels by a constant few units; a dropped, repeated or swapped frame would
                // change the offset by the 7-level step between consecutive frames
                double offset = mean - SyntheticVideos.background(expected);
                if (expected == 1) {
                    firstOffset = offset;
                    assertTrue(Math.abs(offset) <= 6, "offset " + offset);
                }
                assertEquals(firstOffset, offset, 1.5, "frame " + expected);
                expected++;
            }
            assertEquals(24, expected);
            assertEquals(23, s.framesRead());
            assertNull(s.next());
        }
    }

    @Test
    void nonVideoFileIsAClearError() throws Exception {
        Path txt = Files.writeString(dir.resolve("notes.mp4"), "this is not a video\n".repeat(50));
        Fer4jException e = assertThrows(Fer4jException.class, () -> FfmpegVideoSource.open(txt, 0));
        assertTrue(e.getMessage().contains(txt.toString()), e.getMessage());
        assertEquals(txt, e.file());
    }

    @Test
    void missingFileIsAClearError() {
        Path none = dir.resolve("none.mp4");
        Fer4jException e = assertThrows(Fer4jException.class, () -> FfmpegVideoSource.open(none, 0));
        assertTrue(e.getMessage().contains("no such video file"), e.getMessage());
    }

    @Test
    void truncatedVideoIsAClearError() throws Exception {
        Path v = SyntheticVideos.write(dir.resolve("full.avi"), 80, 25.0);
        byte[] bytes = Files.readAllBytes(v);
        Path cut = Files.write(dir.resolve("cut.avi"), Arrays.copyOf(bytes, bytes.length / 3));
        Fer4jException e = assertThrows(Fer4jException.class, () -> {
            try (VideoSource s = FfmpegVideoSource.open(cut, 1)) {
                while (s.next() != null) {
                    // decode to the end
                }
            }
        });
        assertEquals(cut, e.file());
        // the mp4 muxer writes its index last: a cut mp4 does not open at all
        Path mp4 = SyntheticVideos.write(dir.resolve("full.mp4"), 40, 25.0);
        byte[] mb = Files.readAllBytes(mp4);
        Path cutMp4 = Files.write(dir.resolve("cut.mp4"), Arrays.copyOf(mb, mb.length / 2));
        Fer4jException e2 = assertThrows(
                Fer4jException.class, () -> FfmpegVideoSource.open(cutMp4, 1).close());
        assertEquals(cutMp4, e2.file());
    }

    @Test
    void aVideoAFewPercentShortOfItsDeclaredCountIsAcceptedWithAWarning() throws Exception {
        // index first (faststart), so a cut mp4 still opens and declares all 100 frames
        Path v = SyntheticVideos.write(
                dir.resolve("full.mp4"),
                100,
                25.0,
                96,
                64,
                k -> java.util.List.of(new int[] {k % 60, 10, 20}),
                java.util.Map.of("movflags", "faststart"));
        byte[] bytes = Files.readAllBytes(v);
        boolean tried = false;
        for (int percent = 99; percent >= 80 && !tried; percent--) {
            Path cut = Files.write(dir.resolve("cut.mp4"), Arrays.copyOf(bytes, bytes.length * percent / 100));
            try (VideoSource s = FfmpegVideoSource.open(cut, 1)) {
                while (s.next() != null) {
                    // decode to the end
                }
                if (s.framesRead() >= 90 && s.framesRead() <= 97) {
                    tried = true;
                    assertEquals(100, s.declaredFrameCount());
                    assertEquals(1, s.warnings().size(), s.warnings().toString());
                    assertTrue(
                            s.warnings().get(0).contains("of the 100 frames"),
                            s.warnings().get(0));
                }
            }
        }
        assertTrue(tried, "no cut gave 90-97 decodable frames");
        try (VideoSource s = FfmpegVideoSource.open(v, 1)) {
            while (s.next() != null) {
                // a complete file says nothing
            }
            assertTrue(s.warnings().isEmpty(), s.warnings().toString());
        }
    }

    @Test
    void videoWithZeroFramesIsAClearError() throws Exception {
        Path v = dir.resolve("empty.mp4");
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(v.toFile(), 32, 32, 0)) {
            rec.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            rec.setFrameRate(25);
            rec.start();
            rec.stop();
        }
        Fer4jException e = assertThrows(Fer4jException.class, () -> {
            try (VideoSource s = FfmpegVideoSource.open(v, 1)) {
                while (s.next() != null) {
                    // nothing expected
                }
            }
        });
        assertEquals(v, e.file());
    }
}
