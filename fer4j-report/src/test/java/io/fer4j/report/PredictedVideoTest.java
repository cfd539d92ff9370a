package io.fer4j.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fer4j.prediction.FramePrediction;
import io.fer4j.prediction.PredictedVideo;
import io.fer4j.prediction.Segment;
import java.util.List;
import org.junit.jupiter.api.Test;

class PredictedVideoTest {
    @Test
    void segmentsAreMaximalRunsWithTimes() {
        // fps 10: frame k starts at (k-1)/10 s
        PredictedVideo v = SyntheticVideos.of("v", 10, new int[] {0, 0, 4, 4, 4, 6, 0});
        assertEquals(
                List.of(
                        new Segment(0, 1, 2, 0.0, 0.2),
                        new Segment(4, 3, 5, 0.2, 0.5),
                        new Segment(6, 6, 6, 0.5, 0.6),
                        new Segment(0, 7, 7, 0.6, 0.7)),
                v.segments().stream()
                        .map(s -> new Segment(
                                s.label(),
                                s.startFrame(),
                                s.endFrame(),
                                Math.round(s.startSeconds() * 1e9) / 1e9,
                                Math.round(s.endSeconds() * 1e9) / 1e9))
                        .toList());
    }

    @Test
    void sharesAreFrameFractions() {
        PredictedVideo v = SyntheticVideos.of("v", 25, new int[] {0, 0, 4, 4, 4, 6, 0, 7});
        assertArrayEquals(new double[] {3 / 8.0, 0, 0, 0, 3 / 8.0, 0, 1 / 8.0, 1 / 8.0}, v.labelShares(), 1e-12);
    }

    @Test
    void emptyVideoHasNoSegmentsAndZeroShares() {
        PredictedVideo v = SyntheticVideos.of("v", 25, new int[0]);
        assertEquals(List.of(), v.segments());
        assertArrayEquals(new double[8], v.labelShares());
    }

    @Test
    void framesMustBeNumberedInOrder() {
        PredictedVideo v = SyntheticVideos.of("v", 25, new int[] {1, 2});
        List<FramePrediction> swapped = List.of(v.frames().get(1), v.frames().get(0));
        assertThrows(IllegalArgumentException.class, () -> new PredictedVideo("v", "s", 25, swapped, List.of()));
    }

    @Test
    void thumbnailPerSegmentPrefersLongestWhenCapped() {
        PredictedVideo v = SyntheticVideos.of("v", 10, new int[] {0, 0, 4, 4, 4, 6, 0});
        byte[] img = {1};
        List<Thumbnail> thumbs = List.of(
                Thumbnail.ofJpeg(2, 0.1, img),
                Thumbnail.ofJpeg(4, 0.3, img),
                Thumbnail.ofJpeg(5, 0.4, img),
                Thumbnail.ofJpeg(7, 0.6, img));
        // segments 1-2, 3-5, 6-6, 7-7 -> earliest thumbnail inside: 2, 4, none, 7
        assertEquals(
                List.of(2, 4, 7),
                VideoReportHtml.thumbnailsForSegments(v.segments(), thumbs, 10).stream()
                        .map(Thumbnail::frameIndex)
                        .toList());
        // capped at 2: the two longest segments (3 frames, 2 frames), in time order
        assertEquals(
                List.of(2, 4),
                VideoReportHtml.thumbnailsForSegments(v.segments(), thumbs, 2).stream()
                        .map(Thumbnail::frameIndex)
                        .toList());
    }

    @Test
    void thumbnailSamplerDecimatesUniformly() {
        ThumbnailSampler s = new ThumbnailSampler(4, 16);
        java.awt.image.BufferedImage face =
                new java.awt.image.BufferedImage(40, 50, java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int f = 1; f <= 10; f++) {
            s.offer(f, f / 10.0, face);
        }
        // keep 1..4; 5th overflows -> keep 1,3,5 stride 2; 7 kept; 9 overflows -> 1,5,9 stride 4; 10 skipped
        assertEquals(
                List.of(1, 5, 9),
                s.thumbnails().stream().map(Thumbnail::frameIndex).toList());
        byte[] jpeg = s.thumbnails().get(0).jpeg();
        assertEquals(0xFF, jpeg[0] & 0xFF);
        assertEquals(0xD8, jpeg[1] & 0xFF);
    }
}
