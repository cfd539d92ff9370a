package io.fer4j.vision.backbone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.error.Fer4jException;
import io.fer4j.label.ClassSpace;
import io.fer4j.vision.testing.TinyOnnxModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackboneTest {
    @TempDir
    Path dir;

    private static float[] randomInput(int n, int s, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * 3 * s * s];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    @Test
    void onePassYieldsEmbeddingsAndLogitsOfTheReferenceNetwork() {
        TinyOnnxModels.Model m = TinyOnnxModels.build();
        Path f = m.write(dir.resolve("tiny.onnx"));
        try (Backbone b = Backbone.open(f, BackboneOptions.cpu(1))) {
            assertEquals(6, b.embeddingDim());
            assertEquals(16, b.spec().inputSize());
            assertEquals(ClassSpace.AFFECTNET_8, b.spec().classSpace());
            int n = 5;
            float[] x = randomInput(n, 16, 7);
            BackboneOutput out = b.run(x, n);
            float[][] ref = m.reference(x, n);
            assertEquals(n, out.batchSize());
            assertArrayEquals(ref[0], out.embeddings(), 1e-4f);
            assertArrayEquals(ref[1], out.logits(), 1e-4f);
            assertFalse(out.hasValenceArousal());
            assertArrayEquals(Arrays.copyOfRange(ref[0], 6, 12), out.embedding(1), 1e-4f);
        }
    }

    @Test
    void batchResultsEqualSingleFaceResults() {
        TinyOnnxModels.Model m = TinyOnnxModels.build();
        try (Backbone b = Backbone.open(m.write(dir.resolve("t.onnx")), BackboneOptions.cpu(2))) {
            float[] x = randomInput(4, 16, 3);
            BackboneOutput all = b.run(x, 4);
            int slice = 3 * 16 * 16;
            for (int i = 0; i < 4; i++) {
                BackboneOutput one = b.run(Arrays.copyOfRange(x, i * slice, (i + 1) * slice), 1);
                assertArrayEquals(all.logits(i), one.logits(0), 1e-5f);
                assertArrayEquals(all.embedding(i), one.embedding(0), 1e-5f);
            }
        }
    }

    @Test
    void multiTaskModelYieldsValenceAndArousal() {
        TinyOnnxModels.Model m =
                TinyOnnxModels.build(TinyOnnxModels.Options.defaults().withOutputs(10));
        try (Backbone b = Backbone.open(m.write(dir.resolve("mtl.onnx")), BackboneOptions.cpu(1))) {
            assertEquals(ClassSpace.AFFECTNET_8_VA, b.spec().classSpace());
            float[] x = randomInput(2, 16, 5);
            BackboneOutput out = b.run(x, 2);
            float[] logits = m.reference(x, 2)[1];
            assertTrue(out.hasValenceArousal());
            assertEquals(10, out.outputCount());
            assertEquals(logits[8], out.valence(0), 1e-4f);
            assertEquals(logits[9], out.arousal(0), 1e-4f);
            assertEquals(logits[18], out.valence(1), 1e-4f);
            assertEquals(logits[19], out.arousal(1), 1e-4f);
        }
    }

    @Test
    void sevenOutputsInferAffectNet7AndOtherWidthsAreRejected() {
        Path seven = TinyOnnxModels.build(TinyOnnxModels.Options.defaults().withOutputs(7))
                .write(dir.resolve("s.onnx"));
        assertEquals(
                ClassSpace.AFFECTNET_7,
                Backbone.inspect(seven).inferredSpec("s").classSpace());
        Path five = TinyOnnxModels.build(TinyOnnxModels.Options.defaults().withOutputs(5))
                .write(dir.resolve("f.onnx"));
        Fer4jException e = assertThrows(Fer4jException.class, () -> Backbone.open(five, BackboneOptions.cpu(1)));
        assertTrue(e.getMessage().contains("5 outputs"), e.getMessage());
    }

    @Test
    void fixedBatchModelRunsInChunks() {
        TinyOnnxModels.Model m =
                TinyOnnxModels.build(TinyOnnxModels.Options.defaults().withFixedBatch(1));
        try (Backbone b = Backbone.open(m.write(dir.resolve("fixed.onnx")), BackboneOptions.cpu(1))) {
            float[] x = randomInput(3, 16, 11);
            BackboneOutput out = b.run(x, 3);
            assertArrayEquals(m.reference(x, 3)[1], out.logits(), 1e-4f);
        }
    }

    @Test
    void specMustAgreeWithTheGraph() {
        Path f = TinyOnnxModels.build().write(dir.resolve("t.onnx"));
        BackboneSpec wrongSize = new BackboneSpec(
                "x", 224, BackboneSpec.IMAGENET_MEAN, BackboneSpec.IMAGENET_STD, ClassSpace.AFFECTNET_8, 0, null);
        Fer4jException e =
                assertThrows(Fer4jException.class, () -> Backbone.open(f, wrongSize, BackboneOptions.cpu(1)));
        assertTrue(e.getMessage().contains("16x16") && e.getMessage().contains("224"), e.getMessage());
        BackboneSpec wrongSpace = new BackboneSpec(
                "x", 16, BackboneSpec.IMAGENET_MEAN, BackboneSpec.IMAGENET_STD, ClassSpace.AFFECTNET_7, 0, null);
        assertThrows(Fer4jException.class, () -> Backbone.open(f, wrongSpace, BackboneOptions.cpu(1)));
    }

    @Test
    void runsOnAFaceBatch() {
        TinyOnnxModels.Model m = TinyOnnxModels.build();
        try (Backbone b = Backbone.open(m.write(dir.resolve("t.onnx")), BackboneOptions.cpu(1))) {
            FaceBatch batch = FaceBatch.of(b, 4);
            byte[] crop = new byte[20 * 30 * 3];
            new Random(2).nextBytes(crop);
            batch.add(crop, 20, 30, FacePreprocessor.ChannelOrder.RGB);
            batch.add(crop, 20, 30, FacePreprocessor.ChannelOrder.BGR);
            BackboneOutput out = batch.runOn(b);
            assertEquals(2, out.batchSize());
            float[][] ref = m.reference(batch.data(), 2);
            assertArrayEquals(ref[1], out.logits(), 1e-4f);
            batch.clear();
            assertTrue(batch.isEmpty());
        }
    }

    @Test
    void concurrentRunsGiveTheSerialResults() throws Exception {
        TinyOnnxModels.Model m = TinyOnnxModels.build();
        try (Backbone b = Backbone.open(m.write(dir.resolve("t.onnx")), BackboneOptions.cpu(1))) {
            int threads = 4;
            float[][] inputs = new float[threads][];
            float[][] expected = new float[threads][];
            for (int t = 0; t < threads; t++) {
                inputs[t] = randomInput(3, 16, 100 + t);
                expected[t] = m.reference(inputs[t], 3)[1];
            }
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
            try {
                java.util.List<java.util.concurrent.Future<float[]>> futures = new java.util.ArrayList<>();
                for (int rep = 0; rep < 5; rep++) {
                    for (int t = 0; t < threads; t++) {
                        int tt = t;
                        futures.add(pool.submit(() -> b.run(inputs[tt], 3).logits()));
                    }
                }
                for (int i = 0; i < futures.size(); i++) {
                    assertArrayEquals(expected[i % threads], futures.get(i).get(), 1e-4f);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    // ---- bad input: every failure names the file and says what to do

    @Test
    void missingModelFile() {
        Path f = dir.resolve("nope.onnx");
        Fer4jException e = assertThrows(Fer4jException.class, () -> Backbone.open(f, BackboneOptions.cpu(1)));
        assertEquals(f, e.file());
        assertTrue(e.getMessage().contains("not found"), e.getMessage());
    }

    @Test
    void fileThatIsNotOnnx() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.onnx"), "<html><body>404 Not Found</body></html>\n");
        Fer4jException e = assertThrows(Fer4jException.class, () -> Backbone.open(text, BackboneOptions.cpu(1)));
        assertEquals(text, e.file());
        assertTrue(e.getMessage().contains("not a valid ONNX model"), e.getMessage());
        Path empty = Files.write(dir.resolve("empty.onnx"), new byte[0]);
        assertThrows(Fer4jException.class, () -> Backbone.open(empty, BackboneOptions.cpu(1)));
        byte[] noise = new byte[4096];
        new Random(9).nextBytes(noise);
        Path random = Files.write(dir.resolve("noise.onnx"), noise);
        Fer4jException r = assertThrows(Fer4jException.class, () -> Backbone.open(random, BackboneOptions.cpu(1)));
        assertEquals(random, r.file());
    }

    @Test
    void truncatedModel() throws Exception {
        byte[] full = TinyOnnxModels.build().bytes();
        for (int cut : new int[] {full.length / 2, full.length - 3, 10}) {
            Path f = Files.write(dir.resolve("cut" + cut + ".onnx"), Arrays.copyOf(full, cut));
            Fer4jException e = assertThrows(Fer4jException.class, () -> Backbone.open(f, BackboneOptions.cpu(1)));
            assertEquals(f, e.file());
            assertTrue(e.getMessage().contains("not a valid ONNX model"), e.getMessage());
        }
    }

    @Test
    void inputThatIsNotNx3xSxS() {
        for (long[] shape : new long[][] {{-1, 1, 16, 16}, {-1, 3, 16, 12}, {-1, 3, 16}, {-1, 3, -1, -1}}) {
            Path f = TinyOnnxModels.build(TinyOnnxModels.Options.defaults().withInputShape(shape))
                    .write(dir.resolve("bad.onnx"));
            Fer4jException e = assertThrows(Fer4jException.class, () -> Backbone.open(f, BackboneOptions.cpu(1)));
            assertEquals(f, e.file());
            assertTrue(e.getMessage().contains("[N,3,S,S]"), e.getMessage());
        }
    }

    @Test
    void inputWithAnotherNameIsAcceptedWhenItIsTheOnlyOne() {
        TinyOnnxModels.Model m =
                TinyOnnxModels.build(TinyOnnxModels.Options.defaults().withInputName("images"));
        try (Backbone b = Backbone.open(m.write(dir.resolve("images.onnx")), BackboneOptions.cpu(1))) {
            float[] x = randomInput(1, 16, 1);
            assertArrayEquals(m.reference(x, 1)[1], b.run(x, 1).logits(), 1e-4f);
        }
    }

    @Test
    void modelWithoutFinalGemm() {
        Path f = TinyOnnxModels.build(TinyOnnxModels.Options.defaults().withSoftmaxAfterGemm())
                .write(dir.resolve("softmax.onnx"));
        Fer4jException e = assertThrows(Fer4jException.class, () -> Backbone.open(f, BackboneOptions.cpu(1)));
        assertEquals(f, e.file());
        assertTrue(e.getMessage().contains("no final Gemm") && e.getMessage().contains("Softmax"), e.getMessage());
    }

    @Test
    void cudaWithoutTheGpuBuildSaysHowToGetIt() {
        Path f = TinyOnnxModels.build().write(dir.resolve("t.onnx"));
        org.junit.jupiter.api.Assumptions.assumeFalse(
                ai.onnxruntime.OrtEnvironment.getAvailableProviders().contains(ai.onnxruntime.OrtProvider.CUDA),
                "this ONNX Runtime build has CUDA");
        Fer4jException e = assertThrows(
                Fer4jException.class, () -> Backbone.open(f, new BackboneOptions(1, BackboneOptions.Device.CUDA, 0)));
        assertTrue(e.getMessage().contains("onnxruntime_gpu"), e.getMessage());
    }

    @Test
    void wrongBufferSizeIsRejected() {
        try (Backbone b = Backbone.open(TinyOnnxModels.build().write(dir.resolve("t.onnx")), BackboneOptions.cpu(1))) {
            assertThrows(IllegalArgumentException.class, () -> b.run(new float[100], 1));
            assertThrows(IllegalArgumentException.class, () -> b.run(new float[3 * 16 * 16], 0));
        }
    }
}
