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
