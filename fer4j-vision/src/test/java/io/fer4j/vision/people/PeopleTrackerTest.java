package io.fer4j.vision.people;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.geometry.FaceBox;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hand-built detection sequences. Each scripted face belongs to a known person; its descriptor is that person's
 * vector (a unit vector per person scaled so different people are 1.41 apart, far above 0.6, plus a small
 * frame-dependent wobble), so the expected ids follow from the script alone.
 */
class PeopleTrackerTest {

    /** A scripted face: the true person (1-based script label) and its box. */
    private record Face(int person, FaceBox box) {}

    /** Runs the tracker over frames 1..n of the script; returns per true person the person ids its rows got. */
    private static final class Run {
        final Map<Integer, List<Integer>> idsOf = new HashMap<>();
        PeopleTracker.Summary summary;
        int maxFacesPerFrame;
    }

    private static float[] descriptorOf(int person, int frame) {
        float[] d = new float[128];
        d[person % 128] = 1f;
        d[(person + 64) % 128] = 0.02f * (frame % 3); // the same person varies a little between frames
        return d;
    }

    private static Run run(PeopleTracker tracker, List<List<Face>> frames) {
        Run r = new Run();
        Map<Integer, List<int[]>> rows = new HashMap<>(); // true person -> [trackId, personId]
        for (int f = 0; f < frames.size(); f++) {
            int frame = f + 1;
            List<Face> faces = frames.get(f);
            List<FaceBox> boxes = faces.stream().map(Face::box).toList();
            Map<FaceBox, Integer> truth = new HashMap<>();
            faces.forEach(x -> truth.put(x.box(), x.person()));
            List<PeopleTracker.PersonFace> out =
                    tracker.update(frame, boxes, box -> descriptorOf(truth.get(box), frame));
            r.maxFacesPerFrame = Math.max(r.maxFacesPerFrame, out.size());
            for (PeopleTracker.PersonFace p : out) {
                rows.computeIfAbsent(truth.get(p.box()), k -> new ArrayList<>())
                        .add(new int[] {p.trackId(), p.personId()});
            }
        }
        r.summary = tracker.summary();
        // offline relabelling: rows of a tentative track take the person it was confirmed as
        rows.forEach((person, list) -> r.idsOf.put(
                person,
                list.stream()
                        .map(x -> x[1] > 0 ? x[1] : r.summary.personOfTrack().getOrDefault(x[0], 0))
                        .toList()));
        return r;
    }

    private static FaceBox box(float x, float y, float size) {
        return new FaceBox(x, y, size, size, 0.9f);
    }

    /** The id most of this person's rows carry, and that it covers at least 95 % of them. */
    private static int dominantId(Run r, int person) {
        List<Integer> ids = r.idsOf.get(person);
        Map<Integer, Integer> counts = new HashMap<>();
        ids.forEach(i -> counts.merge(i, 1, Integer::sum));
        Map.Entry<Integer, Integer> top =
                counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
        assertTrue(top.getKey() > 0 && top.getValue() >= 0.95 * ids.size(), "person " + person + " ids " + counts);
        return top.getKey();
    }

    @Test
    void twoPeopleCrossingWithOcclusionKeepTheirIds() {
        // A walks right, B walks left at the same height; around the middle B is hidden behind A for 6 frames
        List<List<Face>> frames = new ArrayList<>();
        for (int f = 0; f < 60; f++) {
            List<Face> faces = new ArrayList<>();
            float ax = 20 + 8 * f;
            float bx = 500 - 8 * f;
            faces.add(new Face(1, box(ax, 100, 80)));
            boolean hidden = Math.abs(ax - bx) < 50;
            if (!hidden) {
                faces.add(new Face(2, box(bx, 104, 80)));
            }
            frames.add(faces);
        }
        Run r = run(PeopleTracker.builder().build(), frames);
        int a = dominantId(r, 1);
        int b = dominantId(r, 2);
        assertEquals(1, a);
        assertEquals(2, b);
        assertEquals(2, r.summary.people());
    }

    @Test
    void partialOcclusionWithLowConfidenceKeepsTheTrack() {
        List<List<Face>> frames = new ArrayList<>();
        for (int f = 0; f < 30; f++) {
            float score = f >= 10 && f < 20 ? 0.3f : 0.9f; // half hidden: the detector is unsure
            frames.add(List.of(new Face(1, new FaceBox(100 + 2 * f, 100, 80, 80, score))));
        }
        PeopleTracker tracker = PeopleTracker.builder().build();
        Run r = run(tracker, frames);
        assertEquals(List.of(1), r.idsOf.get(1).stream().distinct().toList());
        assertEquals(30, r.idsOf.get(1).size(), "the low-confidence frames stay in the track");
        assertEquals(1, r.summary.personOfTrack().size(), "one track, never restarted");
    }

    @Test
    void aPersonWhoLeavesAndReturnsElsewhereGetsTheOldId() {
        List<List<Face>> frames = new ArrayList<>();
        for (int f = 0; f < 150; f++) {
            List<Face> faces = new ArrayList<>();
            faces.add(new Face(1, box(50, 50, 90)));
            if (f < 40 || f >= 110) { // away for 70 frames, far past maxLostFrames, back on the other side
                faces.add(new Face(2, box(f < 40 ? 300 : 600, 80, 90)));
            }
            frames.add(faces);
        }
        Run r = run(PeopleTracker.builder().build(), frames);
        assertEquals(1, dominantId(r, 1));
        assertEquals(2, dominantId(r, 2));
        assertEquals(List.of(2), r.idsOf.get(2).stream().distinct().toList());
        assertEquals(2, r.summary.people());
    }

    @Test
    void aLateEntrantGetsTheNextIdAndIdsFollowFirstAppearance() {
        List<List<Face>> frames = new ArrayList<>();
        for (int f = 0; f < 60; f++) {
            List<Face> faces = new ArrayList<>();
            faces.add(new Face(7, box(400, 50, 90))); // script label 7 appears first, on the right
            faces.add(new Face(3, box(50, 50, 90))); // label 3 in the same frame, on the left
            if (f >= 30) {
                faces.add(new Face(5, box(250, 300, 90)));
            }
            frames.add(faces);
        }
        Run r = run(PeopleTracker.builder().build(), frames);
        assertEquals(1, dominantId(r, 3), "same first frame: left to right");
        assertEquals(2, dominantId(r, 7));
        assertEquals(3, dominantId(r, 5));
    }

    @Test
    void aThreeFrameSpuriousTrackIsDroppedAndCounted() {
        List<List<Face>> frames = new ArrayList<>();
        for (int f = 0; f < 40; f++) {
            List<Face> faces = new ArrayList<>();
            faces.add(new Face(1, box(50, 50, 90)));
            if (f >= 10 && f < 13) {
                faces.add(new Face(9, box(400, 300, 40)));
            }
            frames.add(faces);
        }
        Run r = run(PeopleTracker.builder().build(), frames);
        assertEquals(1, r.summary.people());
        assertEquals(1, r.summary.droppedTracks());
        assertEquals(3, r.summary.droppedFaces());
        assertEquals(List.of(0), r.idsOf.get(9).stream().distinct().toList(), "its rows never get an id");
    }

    @Test
    void someoneTakingALostTracksPlaceDoesNotInheritItsId() {
        List<List<Face>> frames = new ArrayList<>();
        for (int f = 0; f < 40; f++) {
            List<Face> faces = new ArrayList<>();
            if (f < 20) {
                faces.add(new Face(1, box(100, 100, 90)));
            } else if (f >= 24) { // 4 frames later, within maxLostFrames, a stranger stands exactly there
                faces.add(new Face(2, box(100, 100, 90)));
            }
            frames.add(faces);
        }
        Run r = run(PeopleTracker.builder().build(), frames);
        assertEquals(1, dominantId(r, 1));
        assertEquals(2, dominantId(r, 2));
        assertEquals(2, r.summary.people());
    }

    @Test
    void aSpuriousDetectionThatLooksLikeAnAbsentPersonIsStillDropped() {
        List<List<Face>> frames = new ArrayList<>();
        for (int f = 0; f < 60; f++) {
            List<Face> faces = new ArrayList<>();
            if (f < 20 || f == 45 || f == 46) { // two stray frames, far away, long after person 1 left
                faces.add(new Face(1, f < 20 ? box(100, 100, 90) : box(500, 300, 60)));
            }
            frames.add(faces);
        }
        Run r = run(PeopleTracker.builder().build(), frames);
        assertEquals(1, r.summary.people());
        assertEquals(1, r.summary.droppedTracks());
        assertEquals(2, r.summary.droppedFaces());
        List<Integer> ids = r.idsOf.get(1);
        assertEquals(List.of(0, 0), ids.subList(20, 22), "the stray rows get no id");
    }

    @Test
    void twoPeopleWhoSwapPlacesWhileHiddenKeepTheirIds() {
        List<List<Face>> frames = new ArrayList<>();
        for (int f = 0; f < 60; f++) {
            List<Face> faces = new ArrayList<>();
            if (f < 20) {
                faces.add(new Face(1, box(100, 100, 90)));
                faces.add(new Face(2, box(300, 100, 90)));
            } else if (f >= 26) { // hidden for 6 frames, then each stands where the other stood
                faces.add(new Face(1, box(300, 100, 90)));
                faces.add(new Face(2, box(100, 100, 90)));
            }
            frames.add(faces);
        }
        Run r = run(PeopleTracker.builder().build(), frames);
        assertEquals(1, dominantId(r, 1));
        assertEquals(2, dominantId(r, 2));
        assertEquals(List.of(1), r.idsOf.get(1).stream().distinct().toList(), "offline, every row of person 1");
        assertEquals(2, r.summary.people());
    }

    @Test
    void twoBoxesOverlappingAlmostEntirelyStayTwoPeople() {
        List<List<Face>> frames = new ArrayList<>();
        for (int f = 0; f < 40; f++) {
            // IoU about 0.82; both drift right together
            frames.add(List.of(new Face(1, box(100 + f, 100, 100)), new Face(2, box(105 + f, 105, 100))));
        }
        Run r = run(PeopleTracker.builder().build(), frames);
        int a = dominantId(r, 1);
        int b = dominantId(r, 2);
        assertTrue(a != b);
        assertEquals(2, r.summary.people());
    }

    @Test
    void aCrowdOfThirtySmallFacesIsBoundedToTheLargest() {
        List<List<Face>> frames = new ArrayList<>();
        for (int f = 0; f < 20; f++) {
            List<Face> faces = new ArrayList<>();
            for (int p = 1; p <= 32; p++) {
                float size = p <= 4 ? 60 : 20; // four larger faces among 28 small ones
                faces.add(new Face(p, box(40 * ((p - 1) % 8) + 5, 80 * ((p - 1) / 8) + 5, size)));
            }
            frames.add(faces);
        }
        Run r = run(PeopleTracker.builder().maxPeople(4).build(), frames);
        assertEquals(4, r.maxFacesPerFrame);
        assertEquals(4, r.summary.people());
        assertEquals(28L * 20, r.summary.facesOverMaxPeople());
        for (int p = 1; p <= 4; p++) {
            assertTrue(dominantId(r, p) > 0);
        }
    }

    @Test
    void descriptorsAreComputedAtStartConfirmationAndEveryNFramesNotPerFace() {
        List<List<Face>> frames = new ArrayList<>();
        for (int f = 0; f < 100; f++) {
            frames.add(List.of(new Face(1, box(50 + f, 50, 90)), new Face(2, box(400 - f, 50, 90))));
        }
        Run r = run(PeopleTracker.builder().describeEveryFrames(15).build(), frames);
        // per person: start (frame 1), confirmation (frame 5), then frames 20, 35, 50, 65, 80, 95
        assertEquals(2 * 8, r.summary.descriptorCalls());
    }

    @Test
    void framesMustIncrease() {
        PeopleTracker t = PeopleTracker.builder().build();
        t.update(3, List.of(), b -> null);
        assertThrows(IllegalArgumentException.class, () -> t.update(3, List.of(), b -> null));
        assertThrows(
                IllegalArgumentException.class,
                () -> PeopleTracker.builder().maxPeople(0).build());
    }

    @Test
    void atASceneCutSomeoneElseInThePlaceOfAPersonGetsANewId() {
        // person 1 for frames 1-20, then a cut: person 2 stands exactly where person 1 stood (no gap in frames)
        PeopleTracker tracker = PeopleTracker.builder().build();
        Map<Integer, Integer> idOfTruth = new HashMap<>();
        for (int frame = 1; frame <= 40; frame++) {
            int truth = frame <= 20 ? 1 : 2;
            if (frame == 21) {
                tracker.sceneCut();
            }
            int f = frame;
            for (PeopleTracker.PersonFace p :
                    tracker.update(frame, List.of(box(100, 100, 60)), b -> descriptorOf(truth, f))) {
                if (p.personId() > 0) {
                    idOfTruth.merge(truth, p.personId(), (a, b) -> {
                        assertEquals(a, b, "one id per person");
                        return a;
                    });
                }
            }
        }
        assertEquals(Map.of(1, 1, 2, 2), idOfTruth);
    }

    @Test
    void withoutTheCutSignalTheSamePlaceContinuesTheTrack() {
        // the counterpart of the test above: what sceneCut() changes (a face matched frame to frame is not checked)
        PeopleTracker tracker = PeopleTracker.builder().build();
        int lastId = 0;
        for (int frame = 1; frame <= 40; frame++) {
            int truth = frame <= 20 ? 1 : 2;
            int f = frame;
            for (PeopleTracker.PersonFace p :
                    tracker.update(frame, List.of(box(100, 100, 60)), b -> descriptorOf(truth, f))) {
                lastId = p.personId();
            }
        }
        assertEquals(1, lastId);
    }

    @Test
    void aLookAlikeNearOneViewButFarOnAverageIsNotReidentified() {
        // person 1 is seen 60 frames (gallery of several views), leaves; a stranger whose descriptor is 0.40 from
        // the first view only (1.0 from the others) enters elsewhere: the mean distance (face-api.js's FaceMatcher)
        // keeps them apart where the nearest view would merge them
        float[] first = new float[128];
        first[5] = 1f;
        PeopleTracker tracker = PeopleTracker.builder().describeEveryFrames(5).build();
        for (int frame = 1; frame <= 60; frame++) {
            float[] d = new float[128];
            if (frame == 1) {
                d = first;
            } else {
                d[5] = 0.5f;
                d[6] = (float) Math.sqrt(0.75); // 1.0 from `first`
            }
            float[] view = d;
            tracker.update(frame, List.of(box(50, 50, 60)), b -> view);
        }
        float[] stranger = new float[128];
        stranger[5] = 1f;
        stranger[7] = 0.4f; // 0.40 from `first`, ~1.08 from the later views
        int id = 0;
        for (int frame = 100; frame <= 110; frame++) {
            for (PeopleTracker.PersonFace p : tracker.update(frame, List.of(box(300, 50, 60)), b -> stranger)) {
                id = p.personId();
            }
        }
        assertEquals(2, id, "a new person");
    }
}
