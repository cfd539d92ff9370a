package io.fer4j.cli.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.api.Fer4j;
import io.fer4j.api.FrameLabel;
import io.fer4j.api.Session;
import io.fer4j.api.VideoResult;
import io.fer4j.api.pipeline.PredictModels;
import io.fer4j.error.Fer4jException;
import io.fer4j.postprocess.PostProcessingConfig;
import io.fer4j.prediction.FramePrediction;
import io.fer4j.prediction.PredictedVideo;
import io.fer4j.vision.decode.DecodedFrame;
import io.fer4j.vision.decode.FfmpegVideoSource;
import io.fer4j.vision.decode.VideoFileScanner;
import io.fer4j.vision.decode.VideoSource;
import io.fer4j.vision.testing.SquareFaceDetector;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The public API with a bundle: the labels {@code fer4j predict} writes (the CLI's runner), a session's labels equal
 * to live mode's, the bundle's δ in the provenance, and the CLI's refusal of a bundle made for another backbone, word
 * for word.
 */
class ApiWithBundleTest {
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

    @Test
    void apiLabelsEqualTheCliRunnersWithABundle() {
        Path bundle = PredictTestSupport.bundle(dir, "tiny_backbone", PredictTestSupport.sha(backbone),
                new PredictTestSupport.Weights(), new PostProcessingConfig(2, 0.3, 1.0));
        PredictedVideo cli;
        try (PredictModels m = PredictTestSupport.load(PredictTestSupport.choice(backbone, bundle, null, null))) {
            Path out = dir.resolve("cli");
            PredictOutputs.prepare(out, false);
            cli = new PredictRunner(m, new PredictRunner.Settings(out, false, 4, null, 30),
                    new PrintWriter(new StringWriter())).run(VideoFileScanner.scan(video), Map.of(), System.nanoTime())
                    .videos().get(0);
        }
        try (Fer4j fer4j = Fer4j.builder().backbone(backbone).bundle(bundle).detector(SquareFaceDetector::new)
                .detectWidth(640).threads(1).batchSize(4).build()) {
            VideoResult api = fer4j.predict(video);
            assertEquals(cli.frameCount(), api.frames().size());
            for (int i = 1; i <= cli.frameCount(); i++) {
                assertEquals(cli.frames().get(i - 1).label(), api.label(i).ordinal(), "frame " + i);
                assertEquals(cli.frames().get(i - 1).hasFace(), api.frames().get(i - 1).hasFace(), "frame " + i);
            }
            assertEquals("bundle", api.provenance().mode());
            assertEquals(2, api.provenance().parameters().get("delta_frames"));
        }
    }

    /** A session fed the decoded frames gives {@code predict --live}'s causal labels and probabilities. */
    @Test
    void aSessionGivesTheLiveModesLabels() {
        Path bundle = PredictTestSupport.bundle(dir, "tiny_backbone", PredictTestSupport.sha(backbone),
                new PredictTestSupport.Weights(), new PostProcessingConfig(2, 0.3, 1.0));
        LiveRunner.Result live;
        try (PredictModels m = PredictTestSupport.load(PredictTestSupport.choice(backbone, bundle, null, null))) {
            Path out = dir.resolve("live");
            PredictOutputs.prepare(out, false);
            live = new LiveRunner(m, new LiveRunner.Settings(out, 1, null, false, 0, true),
                    new PrintWriter(new StringWriter())).run("file:" + video.toAbsolutePath(), Map.of(),
                    System.nanoTime());
        }
        try (Fer4j fer4j = Fer4j.builder().backbone(backbone).bundle(bundle).detector(SquareFaceDetector::new)
                .detectWidth(640).threads(1).build();
             Session session = fer4j.newSession(PredictTestSupport.FPS);
             VideoSource src = FfmpegVideoSource.open(video, 1)) {
            DecodedFrame f;
            int n = 0;
            while ((f = src.next()) != null) {
                BufferedImage img = new BufferedImage(f.width(), f.height(), BufferedImage.TYPE_3BYTE_BGR);
                byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
                for (int y = 0; y < f.height(); y++) { // decoder rows are padded (step > width × 3)
                    f.bgr().ptr(y).get(dst, y * f.width() * 3, f.width() * 3);
                }
                FrameLabel got = session.accept(img);
                FramePrediction want = live.video().frames().get(n++);
                assertEquals(want.frameIndex(), got.frameIndex());
                assertEquals(want.label(), got.label().ordinal(), "frame " + n);
                assertArrayEquals(want.probabilities(), got.probabilities(), "frame " + n);
                assertEquals(want.hasFace(), got.hasFace(), "frame " + n);
            }
            assertEquals(PredictTestSupport.FRAMES, n);
        }
    }

    @Test
    void aBundleOfAnotherBackboneIsRefusedWithTheCliMessage() {
        Path bundle = PredictTestSupport.bundle(dir, "enet_b0_8_best_vgaf",
                "00085f9a8ef0bf8fc24a645550185703768951a53aff9f141c8637529eba1840", new PredictTestSupport.Weights(),
                PostProcessingConfig.NONE);
        Fer4jException cli = assertThrows(Fer4jException.class,
                () -> PredictTestSupport.load(PredictTestSupport.choice(backbone, bundle, null, null)).close());
        Fer4jException api = assertThrows(Fer4jException.class, () -> Fer4j.builder().backbone(backbone)
                .bundle(bundle).detector(SquareFaceDetector::new).detectWidth(640).threads(1).build().close());
        assertEquals(cli.getMessage(), api.getMessage());
        assertEquals(bundle, api.file());
        assertTrue(api.getMessage().contains("--backbone"), api.getMessage());
    }
}
