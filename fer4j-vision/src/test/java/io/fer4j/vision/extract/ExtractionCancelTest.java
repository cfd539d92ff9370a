package io.fer4j.vision.extract;

import io.fer4j.vision.backbone.Backbone;
import io.fer4j.vision.backbone.BackboneOptions;
import io.fer4j.vision.crop.FaceCrops;
import io.fer4j.vision.decode.VideoFileScanner;
import io.fer4j.vision.testing.SquareFaceDetector;
import io.fer4j.vision.testing.SyntheticVideos;
import io.fer4j.vision.testing.TinyOnnxModels;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 10, item 2b: {@link VideoFeatureExtractor#cancel()} (Ctrl-C) returns only after the backbone call in flight
 * has finished and the decode/detect thread has stopped, so closing the native models afterwards is safe.
 */
class ExtractionCancelTest {
    @TempDir
    Path dir;

    /** The tiny backbone, with a gate that holds the first inference until the test opens it. */
    private static final class GatedEmbedder implements BatchEmbedder {
        final BackboneEmbedder inner;
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicBoolean inside = new AtomicBoolean();

        GatedEmbedder(BackboneEmbedder inner) {
            this.inner = inner;
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public String sha256() {
            return inner.sha256();
        }

        @Override
        public int embeddingDim() {
            return inner.embeddingDim();
        }

        @Override
        public int outputCount() {
            return inner.outputCount();
        }

        @Override
        public float[] preprocess(Mat bgrFrame, FaceCrops.PixelBox box) {
            return inner.preprocess(bgrFrame, box);
        }

        @Override
        public Outputs infer(float[][] inputs, int count) {
            inside.set(true);
            try {
                entered.countDown();
                release.await(30, TimeUnit.SECONDS);
                return inner.infer(inputs, count);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            } finally {
                inside.set(false);
            }
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    @Test
    void cancelWaitsForTheInferenceInFlightAndTheDecoderThread() throws Exception {
        Path videos = Files.createDirectories(dir.resolve("videos"));
        for (String id : List.of("a", "b", "c")) {
            SyntheticVideos.write(videos.resolve(id + ".mp4"), 40, 25.0, 96, 64,
                    k -> List.of(new int[] {30 + (k % 3), 20, 24}));
        }
        Path model = TinyOnnxModels.build().write(dir.resolve("tiny.onnx"));
        try (GatedEmbedder emb = new GatedEmbedder(BackboneEmbedder.owning(Backbone.open(model, BackboneOptions.cpu(1))))) {
            VideoFeatureExtractor ex = new VideoFeatureExtractor(emb, SquareFaceDetector::new,
                    ExtractionOptions.defaults().withBatchSize(4));
            Path store = dir.resolve("store");
            CompletableFuture<Throwable> run = CompletableFuture.supplyAsync(() -> {
                try {
                    StoreExtraction.run(ex, VideoFileScanner.scan(videos), store,
                            new StoreExtraction.Settings(false, Map.of()), new StoreExtraction.Listener() { });
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            assertTrue(emb.entered.await(30, TimeUnit.SECONDS), "inference started");
            ex.cancel();
            Thread.sleep(300);
            assertFalse(run.isDone(), "returned while the backbone was still running");
            emb.release.countDown();
            Throwable t = run.get(30, TimeUnit.SECONDS);
            assertInstanceOf(ExtractionCancelledException.class, t);
            assertFalse(emb.inside.get());
            assertTrue(Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(th -> th.getName().equals("fer4j-decode-detect") && th.isAlive()),
                    "the decode/detect thread is still running");
            assertFalse(Files.exists(store.resolve("a").resolve("meta.json")), "the interrupted video is not complete");
        }
    }
}
