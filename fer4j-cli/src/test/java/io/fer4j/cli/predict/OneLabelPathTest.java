package io.fer4j.cli.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.bundle.BundlePredictor;
import io.fer4j.bundle.StoredFeatures;
import io.fer4j.bundle.VideoFeatures;
import io.fer4j.engine.Engine;
import io.fer4j.engine.PostProcessingChoice;
import io.fer4j.engine.VideoCollector;
import io.fer4j.geometry.FaceBox;
import io.fer4j.postprocess.PostProcessingConfig;
import io.fer4j.postprocess.VideoPrediction;
import io.fer4j.prediction.FramePrediction;
import io.fer4j.prediction.PredictedVideo;
import io.fer4j.store.FeatureStore;
import io.fer4j.vision.decode.VideoFileScanner;
import io.fer4j.vision.extract.FrameFeatures;
import io.fer4j.vision.extract.FrameResult;
import io.fer4j.vision.extract.VideoInfo;
import io.fer4j.vision.extract.VideoSummary;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One label path: {@code predict --keep-features}, then the store path of evaluate ({@link BundlePredictor} over the
 * kept store; backbone-only: the kept logits through the same post-processing) gives predict's own labels, frame for
 * frame, with a bundle and in backbone-only mode — also beyond one head batch.
 */
class OneLabelPathTest {
    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    static Path video;
    static Path backbone;

    @BeforeAll
    static void media() throws Exception {
        video = PredictTestSupport.video(shared);
        backbone = PredictTestSupport.backbone(shared);
    }

    /** Runs predict with --keep-features and checks the store path against it; returns predict's labels. */
    private int[] predictThenStore(Engine m, Path out) {
        PredictOutputs.prepare(out, false);
        PredictRunner.Result r = new PredictRunner(
                        m, new PredictRunner.Settings(out, true, null), new PrintWriter(new StringWriter()))
                .run(VideoFileScanner.scan(video), Map.of(), System.nanoTime());
        assertTrue(r.failed().isEmpty(), r.failed().toString());
        PredictedVideo predicted = r.videos().get(0);
        VideoFeatures kept =
                StoredFeatures.read(FeatureStore.open(out.resolve("features")).video("clip"));
        assertTrue(kept.rowCount() >= PredictTestSupport.FACE_FRAMES - 2, "faces were kept: " + kept.rowCount());
        VideoPrediction stored = m.models().bundle() != null
                ? new BundlePredictor(m.models().bundle(), m.models().config()).predict(kept)
                : io.fer4j.engine.StoredPrediction.predict(m.models(), kept);
        assertEquals(predicted.frameCount(), stored.labels().length);
        int[] labels = new int[predicted.frameCount()];
        for (int i = 1; i <= predicted.frameCount(); i++) {
            FramePrediction p = predicted.frames().get(i - 1);
            labels[i - 1] = p.label();
            assertEquals(stored.labels()[i - 1], p.label(), "frame " + i);
            assertArrayEquals(stored.probabilities().frame(i), p.probabilities(), "frame " + i);
        }
        return labels;
    }

    @Test
    void keptStoreGivesPredictsLabelsWithABundle() {
        Path bundle = PredictTestSupport.bundle(
                dir,
                "tiny_backbone",
                PredictTestSupport.sha(backbone),
                new PredictTestSupport.Weights(),
                new PostProcessingConfig(2, 0.3, 1.0));
        try (Engine m = PredictTestSupport.load(PredictTestSupport.choice(backbone, bundle, null, null))) {
            assertEquals("bundle", m.models().mode(), "the bundle's head labels the frames");
            int[] labels = predictThenStore(m, dir.resolve("bundle"));
            assertEquals(PredictTestSupport.FRAMES, labels.length, "every frame of the clip is labelled");
        }
    }

    @Test
    void keptStoreGivesPredictsLabelsInBackboneOnlyMode() {
        try (Engine m = PredictTestSupport.load(PredictTestSupport.choice(backbone, null, null, null))) {
            assertEquals(
                    PostProcessingChoice.BACKBONE_ONLY_DELTA_FRAMES,
                    m.models().config().deltaFrames());
            predictThenStore(m, dir.resolve("backbone-only"));
        }
    }

    /**
     * More face frames than one head batch, with every third frame faceless: the streamed collector's batched head
     * rows equal the store path's bit for bit, so labels and probabilities agree on every frame.
     */
    @Test
    void batchedHeadAgreesWithTheStorePathBeyondOneBatch() {
        Path bundle = PredictTestSupport.bundle(
                dir,
                "tiny_backbone",
                PredictTestSupport.sha(backbone),
                new PredictTestSupport.Weights(),
                new PostProcessingConfig(3, 0.4, 1.0));
        int frames = BundlePredictor.HEAD_BATCH_ROWS * 3 / 2 + 7;
        Random rnd = new Random(11);
        int[] faceFrames = java.util.stream.IntStream.rangeClosed(1, frames)
                .filter(k -> k % 3 != 0)
                .toArray();
        float[] emb = new float[faceFrames.length * 6];
        float[] logits = new float[faceFrames.length * 8];
        for (int i = 0; i < emb.length; i++) {
            emb[i] = (float) rnd.nextGaussian();
        }
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) rnd.nextGaussian() * 3;
        }
        assertTrue(faceFrames.length > BundlePredictor.HEAD_BATCH_ROWS);
        try (Engine m = PredictTestSupport.load(PredictTestSupport.choice(backbone, bundle, null, null))) {
            VideoCollector c = new VideoCollector(m.models(), null, "synthetic", null);
            c.onStart(new VideoInfo("synthetic", 30, frames, false));
            int row = 0;
            for (int k = 1; k <= frames; k++) {
                double t = (k - 1) / 30.0;
                if (row < faceFrames.length && faceFrames[row] == k) {
                    FrameFeatures f = new FrameFeatures(
                            k,
                            t,
                            new FaceBox(1, 2, 10, 10, 0.9f),
                            1,
                            java.util.Arrays.copyOfRange(emb, row * 6, row * 6 + 6),
                            java.util.Arrays.copyOfRange(logits, row * 8, row * 8 + 8));
                    c.onFrame(FrameResult.of("synthetic", k, t, List.of(f)));
                    row++;
                } else {
                    c.onFrame(FrameResult.of("synthetic", k, t, List.of()));
                }
            }
            c.onEnd(new VideoSummary("synthetic", 30, frames, faceFrames.length, faceFrames.length));
            PredictedVideo streamed = c.result();
            VideoPrediction stored = new BundlePredictor(
                            m.models().bundle(), m.models().config())
                    .predict(VideoFeatures.of("synthetic", frames)
                            .faceRows(faceFrames, emb, 6, logits, 8)
                            .build());
            for (int k = 1; k <= frames; k++) {
                assertEquals(
                        stored.labels()[k - 1], streamed.frames().get(k - 1).label(), "frame " + k);
                assertArrayEquals(
                        stored.probabilities().frame(k),
                        streamed.frames().get(k - 1).probabilities(),
                        "frame " + k);
            }
        }
    }
}
