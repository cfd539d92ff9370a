package io.fer4j.vision.extract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fer4j.store.FeatureStore;
import io.fer4j.store.StoredVideo;
import io.fer4j.vision.backbone.Backbone;
import io.fer4j.vision.backbone.BackboneOptions;
import io.fer4j.vision.decode.FfmpegVideoSource;
import io.fer4j.vision.decode.VideoFileScanner;
import io.fer4j.vision.decode.VideoSource;
import io.fer4j.vision.detect.YuNetDetector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real fixtures: EfficientNet-B0 (random weights), YuNet, video.mp4 (5 frames, 820×460, 23.976 fps). */
class FixtureExtractionTest {
    @TempDir
    Path dir;

    static Path shared(String rel) {
        String s = System.getProperty("fer4j.shared");
        assumeTrue(s != null && Files.exists(Path.of(s, rel)), "../shared/" + rel + " is absent");
        return Path.of(s, rel);
    }

    @Test
    void videoMp4GivesAStoreVideoWithDesignShapesAndNumbering() throws Exception {
        Path video = shared("fixtures/media/video.mp4");
        Path model = shared("fixtures/models/enet_b0_random.onnx");
        Path yunet = shared("fixtures/models/face_detection_yunet.onnx");
        try (BackboneEmbedder emb = BackboneEmbedder.owning(Backbone.open(model, BackboneOptions.cpu(2)))) {
            VideoFeatureExtractor ex = new VideoFeatureExtractor(
                    emb,
                    YuNetDetector.factory(yunet, 0, 0.7f),
                    ExtractionOptions.defaults().withBatchSize(4));
            // streaming: every frame 1..5 in order; the faces here are small people in a shop
            List<Integer> frames = new ArrayList<>();
            List<Integer> faceFrames = new ArrayList<>();
            try (VideoSource s = FfmpegVideoSource.open(video, 1)) {
                ex.extract(s, f -> {
                    frames.add(f.frameIndex());
                    if (f.mainFace() != null) {
                        faceFrames.add(f.frameIndex());
                        var b = f.mainFace().box();
                        assertTrue(
                                b.x() >= -b.width() && b.x() + b.width() <= 820 + b.width() && b.y() < 460,
                                b.toString());
                        assertEquals(1280, f.mainFace().embedding().length);
                    }
                });
            }
            assertEquals(List.of(1, 2, 3, 4, 5), frames);
            assertTrue(!faceFrames.isEmpty(), "YuNet found no face at full resolution");

            Path store = dir.resolve("store");
            StoreExtraction.Report r = StoreExtraction.run(
                    ex,
                    VideoFileScanner.scan(video),
                    store,
                    new StoreExtraction.Settings(true, Map.of()),
                    new StoreExtraction.Listener() {});
            assertTrue(r.allOk(), r.toString());
            StoredVideo v = FeatureStore.open(store).video("video", true);
            assertArrayEquals(faceFrames.stream().mapToInt(Integer::intValue).toArray(), v.frames());
            assertEquals(5, v.frameCount());
            assertEquals(24000.0 / 1001.0, v.meta().fps(), 1e-6);
            assertEquals(1280, v.embeddingDim());
            assertTrue(v.embeddingsFloat16());
            assertEquals(8, v.logitsDim());
            assertEquals(
                    "219a0e3f9b0c09c13bca4057a0b49cdf906a192b77fa59407dc2e9852183ea7e",
                    v.meta().backboneSha256());
        }
    }
}
