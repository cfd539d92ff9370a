package io.fer4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.geometry.FaceBox;
import io.fer4j.label.AbawClass;
import io.fer4j.prediction.FramePrediction;
import io.fer4j.prediction.PersonTimeline;
import io.fer4j.prediction.PredictedVideo;
import io.fer4j.vision.extract.FrameFeatures;
import io.fer4j.vision.extract.FrameResult;
import io.fer4j.vision.extract.PersonInFrame;
import io.fer4j.vision.extract.TrackedPeople;
import io.fer4j.vision.extract.VideoInfo;
import io.fer4j.vision.extract.VideoSummary;
import io.fer4j.vision.people.PeopleTracker;
import io.fer4j.vision.registry.ModelResolver;
import io.fer4j.vision.testing.TinyOnnxModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * People mode's labelling, hand-worked: two people whose backbone logits each favour one AffectNet class by 20 (so
 * their pretrained probabilities are one-hot to 1e-8 after CONTRACTS §1's mapping: AffectNet Happiness → Happiness,
 * Anger → Anger) share frames 11-30 in a window of δ = 10: each keeps their own label on every frame they are seen in —
 * smoothing over one timeline would carry Anger into the happy person's frames and back.
 */
class PeopleCollectorTest {
    @TempDir
    Path dir;

    private static final int FRAMES = 45;
    // EmotiEffLib's AffectNet-8 order (CONTRACTS §1): Anger, Contempt, Disgust, Fear, Happiness, Neutral, Sadness,
    // Surprise
    private static final int HAPPY = 4;
    private static final int ANGRY = 0;

    private static float[] logitsFavouring(int affectNetClass) {
        float[] l = new float[8];
        l[affectNetClass] = 20f;
        return l;
    }

    private Engine engine() {
        Path backbone = TinyOnnxModels.build(TinyOnnxModels.Options.defaults()
                        .withSize(16)
                        .withChannels(6)
                        .withSeed(7))
                .write(dir.resolve("tiny_backbone.onnx"));
        return Engine.open(
                EngineSpec.builder()
                        .backbone(backbone.toString())
                        .detector(io.fer4j.vision.testing.SquareFaceDetector::new)
                        .everyPerson()
                        .deltaFrames(10)
                        .threads(1)
                        .modelCache(dir.resolve("cache"))
                        .build(),
                ModelResolver.defaults());
    }

    /**
     * Script: track 1 (person 1, happy, left) frames 1-30; track 2 (person 2, angry, right) frames 11-40; track 3, a
     * spurious 3-frame detection at frames 20-22, dropped by the tracker; track 4 is person 1 again (came back) at
     * frames 36-40; nobody in frames 41-45.
     */
    private PredictedVideo run(Engine engine) {
        PeopleCollector c = new PeopleCollector(engine.models(), null, "script");
        c.onStart(new VideoInfo("script", 15, FRAMES, false));
        for (int k = 1; k <= FRAMES; k++) {
            double t = (k - 1) / 15.0;
            List<FrameFeatures> faces = new ArrayList<>();
            List<PersonInFrame> people = new ArrayList<>();
            if (k <= 30) {
                add(k, t, 1, 1, new FaceBox(10 + k, 20, 40, 40, 0.9f), HAPPY, faces, people);
            }
            if (k >= 11 && k <= 40) {
                add(k, t, 2, k >= 16 ? 2 : 0, new FaceBox(200 - k, 20, 50, 50, 0.9f), ANGRY, faces, people);
            }
            if (k >= 20 && k <= 22) {
                add(k, t, 3, 0, new FaceBox(100, 100, 20, 20, 0.7f), ANGRY, faces, people);
            }
            if (k >= 36 && k <= 40) {
                add(k, t, 4, 0, new FaceBox(30, 20, 40, 40, 0.9f), HAPPY, faces, people);
            }
            c.onFrame(new FrameResult("script", k, t, faces, null, null, people));
        }
        PeopleTracker.Summary s = new PeopleTracker.Summary(Map.of(1, 1, 2, 2, 4, 1), 2, 1, 3, 0, 9);
        c.onEnd(new VideoSummary("script", 15, FRAMES, 40, 95, List.of(), new TrackedPeople(s, 0, 0)));
        return c.result();
    }

    private static void add(
            int frame,
            double t,
            int track,
            int person,
            FaceBox box,
            int favoured,
            List<FrameFeatures> faces,
            List<PersonInFrame> people) {
        faces.add(new FrameFeatures(frame, t, box, track, new float[6], logitsFavouring(favoured)));
        people.add(new PersonInFrame(track, person, box, null));
    }

    @Test
    void eachPersonIsLabelledFromTheirOwnFramesOnly() {
        try (Engine engine = engine()) {
            PredictedVideo v = run(engine);
            assertTrue(v.hasPeople());
            assertEquals(2, v.people().size(), "the spurious track is nobody");
            PersonTimeline happy = v.people().get(0);
            PersonTimeline angry = v.people().get(1);
            assertEquals(1, happy.firstFrame());
            assertEquals(40, happy.lastFrame());
            assertEquals(35, happy.framesSeen(), "frames 1-30 and 36-40 (the track that came back)");
            assertEquals(11, angry.firstFrame());
            assertEquals(40, angry.lastFrame());
            assertEquals(30, angry.framesSeen(), "tentative rows (frames 11-15) count once the track is a person");
            for (FramePrediction f : happy.frames()) {
                assertEquals(AbawClass.HAPPINESS.ordinal(), f.label(), "frame " + f.frameIndex());
                assertTrue(f.probability(AbawClass.HAPPINESS.ordinal()) > 0.999f, "frame " + f.frameIndex());
            }
            for (FramePrediction f : angry.frames()) {
                assertEquals(AbawClass.ANGER.ordinal(), f.label(), "frame " + f.frameIndex());
                assertTrue(f.probability(AbawClass.ANGER.ordinal()) > 0.999f, "frame " + f.frameIndex());
            }
            // the person's own box on each of their rows (frame 36-40: track 4's box, not track 1's)
            assertEquals(30f + 0, happy.frame(36).orElseThrow().box().x());
            assertEquals(2, happy.segments().size(), "frames 1-30 and 36-40: absence ends a segment");
            assertEquals(1.0, happy.labelShares()[AbawClass.HAPPINESS.ordinal()], 1e-12);
            // the main timeline is the person seen most, over every frame of the video
            assertEquals(FRAMES, v.frameCount());
            assertNotNull(v.frames().get(0).box());
            assertNull(v.frames().get(43).box(), "nobody in frame 44");
            assertEquals(AbawClass.HAPPINESS.ordinal(), v.frames().get(43).label());
            assertTrue(
                    v.warnings().stream().anyMatch(w -> w.startsWith("1 short face track(s) (3 faces) dropped")),
                    v.warnings().toString());
        }
    }

    @Test
    void oneTimelineWouldHaveMixedThem() {
        // the counterpart: the same frames through main-person mode (the larger face per frame) label the happy
        // person's shared frames from a window that holds the angry one
        try (Engine engine = engine()) {
            VideoCollector c = new VideoCollector(engine.models(), null, "script", null);
            c.onStart(new VideoInfo("script", 15, FRAMES, false));
            for (int k = 1; k <= FRAMES; k++) {
                double t = (k - 1) / 15.0;
                List<FrameFeatures> faces = new ArrayList<>();
                if (k >= 11 && k <= 40) {
                    faces.add(new FrameFeatures(
                            k, t, new FaceBox(200 - k, 20, 50, 50, 0.9f), 2, new float[6], logitsFavouring(ANGRY)));
                } else if (k <= 30) {
                    faces.add(new FrameFeatures(
                            k, t, new FaceBox(10 + k, 20, 40, 40, 0.9f), 1, new float[6], logitsFavouring(HAPPY)));
                }
                c.onFrame(FrameResult.of("script", k, t, faces));
            }
            c.onEnd(new VideoSummary("script", 15, FRAMES, 40, 40));
            float happinessAtFrame5 = c.result().frames().get(4).probability(AbawClass.HAPPINESS.ordinal());
            assertTrue(
                    happinessAtFrame5 < 0.9f, "frame 5's window (1-15) holds five angry frames: " + happinessAtFrame5);
        }
    }
}
