package io.fer4j.report;

import io.fer4j.geometry.FaceBox;
import io.fer4j.label.AbawClass;
import io.fer4j.prediction.FramePrediction;
import io.fer4j.prediction.PredictedVideo;
import io.fer4j.prediction.PredictionProvenance;
import java.util.ArrayList;
import java.util.List;

/** Small hand-made per-frame results for the report tests. */
final class SyntheticVideos {
    private SyntheticVideos() {}

    /** One frame per label; probability 0.7 on the label, 0.3/7 elsewhere; frames listed in noFace have no box. */
    static PredictedVideo of(String id, double fps, int[] labels, int... noFace) {
        List<FramePrediction> frames = new ArrayList<>();
        java.util.Set<Integer> missing = new java.util.HashSet<>();
        for (int f : noFace) {
            missing.add(f);
        }
        for (int i = 0; i < labels.length; i++) {
            float[] p = new float[AbawClass.COUNT];
            java.util.Arrays.fill(p, 0.3f / 7);
            p[labels[i]] = 0.7f;
            int frame = i + 1;
            FaceBox box = missing.contains(frame) ? null : new FaceBox(10 + i, 20, 64, 72.5f, 1f);
            frames.add(new FramePrediction(frame, i / fps, box, labels[i], p, Float.NaN, Float.NaN));
        }
        return new PredictedVideo(id, "/videos/" + id + ".mp4", fps, frames, List.of());
    }

    /** Frames per second of {@link #threePeople()}: frame i is at (i - 1) / 4 s. */
    static final double PEOPLE_FPS = 4;

    /**
     * A people-mode video of 12 frames at 4 fps, worked by hand for the people outputs' tests:
     *
     * <pre>
     * frame     1 2 3 4 5 6 7 8 9 10 11 12
     * person 1  H H H H . . H H A .  .  .     (away in 5-6: a gap)
     * person 2  . . S S S D D D D D  .  .     (S = Surprise, D = Sadness; valence +0.5 then -0.5, arousal 0.25)
     * person 3  . . . . . . . . . F  G  .     (F = Fear, G = Disgust)
     * </pre>
     *
     * Frame 12 has nobody; person 2 is seen most (8 frames) and is the main person, whose timeline (Surprise until frame
     * 5, Sadness after, no box where they are absent) is the video's frames. Boxes are (10p + frame, 20p, 30, 40).
     */
    static PredictedVideo threePeople() {
        int[][] labelOf = new int[4][13]; // [person][frame], -1 = absent
        for (int[] row : labelOf) {
            java.util.Arrays.fill(row, -1);
        }
        for (int f : new int[] {1, 2, 3, 4, 7, 8}) {
            labelOf[1][f] = AbawClass.HAPPINESS.ordinal();
        }
        labelOf[1][9] = AbawClass.ANGER.ordinal();
        for (int f = 3; f <= 10; f++) {
            labelOf[2][f] = f <= 5 ? AbawClass.SURPRISE.ordinal() : AbawClass.SADNESS.ordinal();
        }
        labelOf[3][10] = AbawClass.FEAR.ordinal();
        labelOf[3][11] = AbawClass.DISGUST.ordinal();
        List<io.fer4j.prediction.PersonTimeline> people = new ArrayList<>();
        for (int person = 1; person <= 3; person++) {
            List<FramePrediction> rows = new ArrayList<>();
            for (int f = 1; f <= 12; f++) {
                if (labelOf[person][f] >= 0) {
                    float va = person != 2 ? Float.NaN : f <= 5 ? 0.5f : -0.5f;
                    rows.add(frame(
                            f,
                            new FaceBox(10 * person + f, 20 * person, 30, 40, 0.9f),
                            labelOf[person][f],
                            va,
                            person == 2 ? 0.25f : Float.NaN));
                }
            }
            people.add(new io.fer4j.prediction.PersonTimeline(person, PEOPLE_FPS, rows));
        }
        List<FramePrediction> main = new ArrayList<>();
        for (int f = 1; f <= 12; f++) {
            int label = f <= 5 ? AbawClass.SURPRISE.ordinal() : AbawClass.SADNESS.ordinal();
            main.add(people.get(1).frame(f).orElse(frame(f, null, label, Float.NaN, Float.NaN)));
        }
        return new PredictedVideo("meeting", "/videos/meeting.mp4", PEOPLE_FPS, main, List.of(), people);
    }

    private static FramePrediction frame(int frame, FaceBox box, int label, float valence, float arousal) {
        float[] p = new float[AbawClass.COUNT];
        java.util.Arrays.fill(p, 0.3f / 7);
        p[label] = 0.7f;
        return new FramePrediction(frame, (frame - 1) / PEOPLE_FPS, box, label, p, valence, arousal);
    }

    static PredictionProvenance provenance(String mode) {
        return new PredictionProvenance(
                mode,
                List.of(
                        new PredictionProvenance.ModelInfo(
                                "backbone",
                                "enet_b0_random",
                                "/m/enet_b0_random.onnx",
                                "219a0e3f9b0c09c13bca4057a0b49cdf906a192b77fa59407dc2e9852183ea7e"),
                        new PredictionProvenance.ModelInfo("detector", "yunet", "/m/face_detection_yunet.onnx", null)),
                "bundle".equals(mode)
                        ? java.util.Map.of("path", "/b/model.fer4j", "sha256", "abc")
                        : java.util.Map.of(),
                new java.util.LinkedHashMap<>(java.util.Map.of("delta", 3, "p0", 0.8, "w", 1.0)),
                "fer4j test",
                "2026-01-01T00:00:00Z");
    }
}
