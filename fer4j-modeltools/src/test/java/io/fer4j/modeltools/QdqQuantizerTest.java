package io.fer4j.modeltools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.error.Fer4jException;
import io.fer4j.vision.backbone.Backbone;
import io.fer4j.vision.backbone.BackboneOptions;
import io.fer4j.vision.backbone.BackboneSpec;
import io.fer4j.vision.backbone.FacePreprocessor;
import io.fer4j.vision.detect.FaceDetector;
import io.fer4j.vision.detect.YuNetDetector;
import io.fer4j.vision.extract.ExtractionOptions;
import io.fer4j.vision.extract.FaceSampler;
import io.fer4j.vision.testing.SharedFixtures;
import io.fer4j.vision.testing.SyntheticVideos;
import io.fer4j.vision.testing.TinyOnnxModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QdqQuantizerTest {
    @TempDir
    Path dir;

    private static List<float[]> gaussian(int n, int slice, long seed) {
        Random r = new Random(seed);
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] x = new float[slice];
            for (int j = 0; j < slice; j++) {
                x[j] = (float) r.nextGaussian();
            }
            out.add(x);
        }
        return out;
    }

    private Path write(String name, byte[] bytes) throws Exception {
        return Files.write(dir.resolve(name), bytes);
    }

    @Test
    void tinyModelStaysCloseToFloat32AndFoldsItsRelu() throws Exception {
        Path fp32 = TinyOnnxModels.build(TinyOnnxModels.Options.defaults().withChannels(16))
                .write(dir.resolve("tiny.onnx"));
        int slice = 3 * 16 * 16;
        QdqQuantizer.Quantized q = QdqQuantizer.quantize(fp32, null, gaussian(50, slice, 1), 1);
        assertEquals(1, q.summary().quantizedOps().get("Conv"));
        assertEquals(1, q.summary().quantizedOps().get("GlobalAveragePool"));
        assertEquals(1, q.summary().foldedRelus());
        Path int8 = write("tiny_int8.onnx", q.bytes());
        try (Backbone a = Backbone.open(fp32, BackboneOptions.cpu(1));
                Backbone b = Backbone.open(int8, BackboneOptions.cpu(1))) {
            BackboneComparison c = BackboneComparison.compare(a, b, gaussian(40, slice, 2), 8);
            // stated tolerance: 8-bit activations and weights keep the embedding within cosine 0.99 of float32
            assertTrue(c.minCosine() > 0.99, c.toString());
            assertTrue(c.meanCentredCosine() > 0.9, c.toString());
        }
    }

    @Test
    void alreadyQuantizedModelIsRefusedNamingTheFile() throws Exception {
        Path fp32 = TinyOnnxModels.build().write(dir.resolve("tiny.onnx"));
        Path int8 = write(
                "tiny_int8.onnx",
                QdqQuantizer.quantize(fp32, null, gaussian(4, 3 * 16 * 16, 1), 1)
                        .bytes());
        Fer4jException e = assertThrows(Fer4jException.class, () -> QdqQuantizer.check(int8));
        assertTrue(
                e.getMessage().contains("tiny_int8.onnx") && e.getMessage().contains("already quantized"),
                e.getMessage());
    }

    @Test
    void modelWithoutFinalGemmIsRefusedNamingTheFile() throws Exception {
        Path softmax = TinyOnnxModels.build(TinyOnnxModels.Options.defaults().withSoftmaxAfterGemm())
                .write(dir.resolve("softmax.onnx"));
        Fer4jException e = assertThrows(
                Fer4jException.class, () -> QdqQuantizer.quantize(softmax, null, gaussian(2, 3 * 16 * 16, 1), 1));
        assertTrue(e.getMessage().contains("softmax.onnx") && e.getMessage().contains("no final Gemm"), e.getMessage());
    }

    @Test
    void videoWithoutFacesIsAClearError() throws Exception {
        Path video = SyntheticVideos.write(dir.resolve("empty.mp4"), 10, 25);
        FaceDetector.Factory none = () -> new FaceDetector() {
            @Override
            public List<io.fer4j.geometry.FaceBox> detect(org.bytedeco.opencv.opencv_core.Mat bgr) {
                return List.of();
            }

            @Override
            public void close() {}
        };
        FacePreprocessor p = new FacePreprocessor(16, BackboneSpec.IMAGENET_MEAN, BackboneSpec.IMAGENET_STD);
        Fer4jException e = assertThrows(
                Fer4jException.class, () -> FaceSampler.sample(video, p, none, ExtractionOptions.defaults(), 10, 0));
        assertTrue(e.getMessage().contains("empty.mp4") && e.getMessage().contains("no face"), e.getMessage());
    }

    private static Path fixture(String relative) {
        return SharedFixtures.fixture(relative);
    }

    /** The fixture EfficientNet-B0 calibrated on video_long.mp4 faces, checked on the fixture face crops. */
    @Test
    void efficientNetInt8MatchesFloat32OnRealFaces() throws Exception {
        Path model = fixture("models/enet_b0_random.onnx");
        Path yunet = fixture("models/face_detection_yunet.onnx");
        Path video = fixture("media/video_long.mp4");
        Path crops = Files.createDirectories(dir.resolve("crops"));
        int i = 1;
        for (String f : List.of("angry.jpg", "surprised.jpg", "face1.png", "face2.png")) {
            String ext = f.substring(f.lastIndexOf('.'));
            Files.copy(fixture("media/" + f), crops.resolve(String.format("%05d%s", i++, ext)));
        }
        try (Backbone fp32 = Backbone.open(model, BackboneOptions.cpu(2))) {
            FacePreprocessor p = fp32.preprocessor();
            FaceDetector.Factory det = YuNetDetector.factory(yunet, 320, 0.7f);
            List<float[]> calibration = FaceSampler.sample(video, p, det, ExtractionOptions.defaults(), 40, 0);
            Path out = write(
                    "b0_int8.onnx",
                    QdqQuantizer.quantize(model, null, calibration, 2).bytes());
            List<float[]> faces =
                    new ArrayList<>(FaceSampler.sample(crops, p, null, ExtractionOptions.defaults(), 4, 0));
            assertEquals(4, faces.size());
            try (Backbone int8 = Backbone.open(out, BackboneOptions.cpu(2))) {
                BackboneComparison fixtureCrops = BackboneComparison.compare(fp32, int8, faces, 4);
                assertEquals(1.0, fixtureCrops.top1Agreement(), fixtureCrops.toString());
                // stated tolerance for crops unlike the calibration video (whole photos, measured min 0.935): 0.9
                assertTrue(fixtureCrops.minCosine() > 0.9, fixtureCrops.toString());
                List<float[]> others = FaceSampler.sample(video, p, det, ExtractionOptions.defaults(), 30, 1);
                BackboneComparison sameVideo = BackboneComparison.compare(fp32, int8, others, 8);
                // stated tolerance on other frames of the calibration video (measured 0.9985 / 0.95 on 100 faces):
                // raw cosine ≥ 0.98 for every face, centred mean ≥ 0.85
                assertTrue(sameVideo.minCosine() > 0.98, sameVideo.toString());
                assertTrue(sameVideo.meanCentredCosine() > 0.85, sameVideo.toString());
                assertTrue(sameVideo.top1Agreement() >= 0.9, sameVideo.toString());
            }
        }
    }

    @Test
    void int8CopyOfARegistryModelKeepsItsSpec() throws Exception {
        Path fp32 = TinyOnnxModels.build().write(dir.resolve("tiny.onnx"));
        String sha = io.fer4j.store.Sha256.of(fp32);
        double[] mean = {0.25, 0.5, 0.75};
        BackboneSpec spec = new BackboneSpec(
                "tiny_registry", 16, mean, new double[] {1, 1, 1}, io.fer4j.label.ClassSpace.AFFECTNET_8, 6, sha);
        io.fer4j.vision.registry.ModelEntry entry = new io.fer4j.vision.registry.ModelEntry(
                "tiny_registry",
                io.fer4j.vision.registry.ModelEntry.Kind.BACKBONE,
                "http://127.0.0.1:9/tiny.onnx",
                sha,
                null,
                "tiny.onnx",
                "test",
                "tiny",
                spec);
        io.fer4j.vision.registry.ModelResolver resolver = new io.fer4j.vision.registry.ModelResolver(
                new io.fer4j.vision.registry.ModelRegistry(List.of(entry)),
                new io.fer4j.vision.registry.ModelCache(dir.resolve("home")),
                io.fer4j.vision.registry.ModelDownloader.defaults(),
                e -> io.fer4j.vision.registry.DownloadProgress.NONE);
        Path int8 = write(
                "tiny_int8.onnx",
                QdqQuantizer.quantize(fp32, sha, gaussian(4, 3 * 16 * 16, 1), 1).bytes());
        var r = resolver.resolveBackbone(int8.toString());
        assertEquals("tiny_registry", r.spec().name());
        assertTrue(java.util.Arrays.equals(mean, r.spec().mean()));
        assertEquals(io.fer4j.store.Sha256.of(int8), r.spec().sha256());
        assertTrue(r.registryEntry().isEmpty(), "the int8 file is not the registry file");
        // without the link (no source hash) the spec is inferred from the graph, as for any user file
        Path plain = write(
                "plain_int8.onnx",
                QdqQuantizer.quantize(fp32, null, gaussian(4, 3 * 16 * 16, 1), 1)
                        .bytes());
        assertEquals(
                "plain_int8", resolver.resolveBackbone(plain.toString()).spec().name());
    }
}
