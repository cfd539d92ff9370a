package io.fer4j.vision.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fer4j.geometry.FaceBox;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaceTrackerTest {
    static FaceBox box(float x, float y, float side) {
        return new FaceBox(x, y, side, side, 1f);
    }

    @Test
    void iouByHand() {
        // 10×10 boxes overlapping in a 5×10 strip: 50 / (100 + 100 − 50) = 1/3
        assertEquals(1f / 3f, box(0, 0, 10).iou(box(5, 0, 10)), 1e-6f);
        assertEquals(0f, box(0, 0, 10).iou(box(20, 0, 10)));
        assertEquals(1f, box(3, 4, 7).iou(box(3, 4, 7)), 1e-6f);
    }

    @Test
    void mainFaceStartsLargestAndKeepsItsPersonWhenABiggerFaceAppears() {
        FaceTracker t = new FaceTracker(0.3f, 2);
        FaceBox small = box(100, 100, 40);
        FaceBox smaller = box(300, 100, 30);
        List<TrackedFace> f1 = t.update(1, List.of(smaller, small));
        TrackedFace main1 = t.mainFace(f1);
        assertEquals(small, main1.box());
        int person = main1.trackId();
        // frame 2: a much bigger face walks in; the main person moved a little
        List<TrackedFace> f2 = t.update(2, List.of(box(500, 50, 120), box(103, 101, 40), box(301, 100, 30)));
        TrackedFace main2 = t.mainFace(f2);
        assertEquals(person, main2.trackId());
        assertEquals(box(103, 101, 40), main2.box());
        assertEquals(3, f2.size());
        assertEquals(box(500, 50, 120), f2.get(0).box()); // largest first
    }

    @Test
    void missedDetectionGivesAnAbsentFrameThenTheLargestTakesOverWhenTheTrackDies() {
        FaceTracker t = new FaceTracker(0.3f, 2);
        TrackedFace a = t.mainFace(t.update(1, List.of(box(0, 0, 50), box(200, 0, 30))));
        assertEquals(box(0, 0, 50), a.box());
        // person A undetected in frames 2..4; B (smaller) still there
        assertNull(t.mainFace(t.update(2, List.of(box(200, 0, 30)))));
        assertNull(t.mainFace(t.update(3, List.of(box(200, 0, 30)))));
        // A missed 2 frames: still alive at frame 4 and found again
        TrackedFace back = t.mainFace(t.update(4, List.of(box(2, 0, 50), box(200, 0, 30))));
        assertEquals(a.trackId(), back.trackId());
        // A gone for good: it may still come back in frames 5..7 (up to 2 missed frames before), then its track
        // dies and B becomes main at frame 8
        assertNull(t.mainFace(t.update(5, List.of(box(200, 0, 30)))));
        assertNull(t.mainFace(t.update(6, List.of(box(200, 0, 30)))));
        assertNull(t.mainFace(t.update(7, List.of(box(200, 0, 30)))));
        TrackedFace b = t.mainFace(t.update(8, List.of(box(200, 0, 30))));
        assertEquals(box(200, 0, 30), b.box());
    }

    @Test
    void tracksKeepIdsAcrossFramesAndNewPeopleGetNewIds() {
        FaceTracker t = new FaceTracker();
        List<TrackedFace> f1 = t.update(1, List.of(box(0, 0, 50), box(200, 0, 50)));
        List<TrackedFace> f2 = t.update(2, List.of(box(205, 0, 50), box(4, 0, 50), box(400, 0, 50)));
        int left = f1.stream()
                .filter(f -> f.box().x() == 0)
                .findFirst()
                .orElseThrow()
                .trackId();
        int right = f1.stream()
                .filter(f -> f.box().x() == 200)
                .findFirst()
                .orElseThrow()
                .trackId();
        assertEquals(
                left,
                f2.stream()
                        .filter(f -> f.box().x() == 4)
                        .findFirst()
                        .orElseThrow()
                        .trackId());
        assertEquals(
                right,
                f2.stream()
                        .filter(f -> f.box().x() == 205)
                        .findFirst()
                        .orElseThrow()
                        .trackId());
        assertEquals(
                3,
                f2.stream()
                        .filter(f -> f.box().x() == 400)
                        .findFirst()
                        .orElseThrow()
                        .trackId());
    }

    @Test
    void aSceneCutWhereEveryFaceIsNewSwitchesAtOnce() {
        FaceTracker t = new FaceTracker(0.3f, 15);
        TrackedFace a = t.mainFace(t.update(1, List.of(box(0, 0, 50), box(200, 0, 30))));
        // cut: two different people elsewhere, no overlap with any known track
        TrackedFace b = t.mainFace(t.update(2, List.of(box(400, 100, 40), box(600, 100, 60))));
        assertEquals(box(600, 100, 60), b.box());
        assertEquals(4, b.trackId());
        // but a missed main face among known people is not a cut
        FaceTracker u = new FaceTracker(0.3f, 15);
        u.mainFace(u.update(1, List.of(box(0, 0, 50), box(200, 0, 30))));
        assertNull(u.mainFace(u.update(2, List.of(box(201, 0, 30)))));
        assertEquals(1, a.trackId());
    }
}
