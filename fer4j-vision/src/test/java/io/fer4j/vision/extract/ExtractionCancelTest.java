package io.fer4j.vision.extract;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.vision.backbone.Backbone;
import io.fer4j.vision.backbone.BackboneOptions;
import io.fer4j.vision.crop.FaceCrops;
import io.fer4j.vision.decode.VideoFileScanner;
import io.fer4j.vision.testing.SquareFaceDetector;
import io.fer4j.vision.testing.SyntheticVideos;
import io.fer4j.vision.testing.TinyOnnxModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

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
    @Timeout(120)
    void cancelWaitsForTheInferenceInFlightAndTheDecoderThread() throws Exception {
        Path videos = Files.createDirectories(dir.resolve("videos"));
        for (String id : List.of("a", "b", "c")) {
            SyntheticVideos.write(
                    videos.resolve(id + ".mp4"), 40, 25.0, 96, 64, k -> List.of(new int[] {30 + (k % 3), 20, 24}));
        }
        Path model = TinyOnnxModels.build().write(dir.resolve("tiny.onnx"));
        try (GatedEmbedder emb =
                new GatedEmbedder(BackboneEmbedder.owning(Backbone.open(model, BackboneOptions.cpu(1))))) {
            VideoFeatureExtractor ex = new VideoFeatureExtractor(
                    emb, SquareFaceDetector::new, ExtractionOptions.defaults().withBatchSize(4));
            Path store = dir.resolve("store");
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread run = new Thread(
                    () -> {
                        try {
                            StoreExtraction.run(
                                    ex,
                                    VideoFileScanner.scan(videos),
                                    store,
                                    new StoreExtraction.Settings(false, Map.of()),
                                    new StoreExtraction.Listener() {});
                        } catch (Throwable t) {
                            failure.set(t);
                        }
                    },
                    "extract-run");
            run.start();
            assertTrue(emb.entered.await(30, TimeUnit.SECONDS), "inference started");
            ex.cancel();
            // Observable state instead of a pause: wait until the run has settled (its thread blocked or ended, not
            // running). A run that does not wait for the inference in flight has ended by then.
            while (run.getState() == Thread.State.RUNNABLE || run.getState() == Thread.State.NEW) {
                Thread.sleep(1); // a poll interval, guarded by @Timeout
            }
            assertTrue(run.isAlive(), "returned while the backbone was still running");
            emb.release.countDown();
            run.join(TimeUnit.SECONDS.toMillis(30));
            assertFalse(run.isAlive(), "the run ends once the inference in flight has");
            assertInstanceOf(ExtractionCancelledException.class, failure.get());
            assertFalse(emb.inside.get());
            assertTrue(
                    Thread.getAllStackTraces().keySet().stream()
                            .noneMatch(th -> th.getName().equals("fer4j-decode-detect") && th.isAlive()),
                    "the decode/detect thread is still running");
            assertFalse(Files.exists(store.resolve("a").resolve("meta.json")), "the interrupted video is not complete");
        }
    }
}
