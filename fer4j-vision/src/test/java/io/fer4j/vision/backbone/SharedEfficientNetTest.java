package io.fer4j.vision.backbone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.label.ClassSpace;
import io.fer4j.vision.testing.SharedFixtures;
import java.nio.file.Path;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/** The architecture-faithful random-weight EfficientNet-B0 of ../shared/fixtures (skipped when absent). */
class SharedEfficientNetTest {

    static Path fixture(String relative) {
        return SharedFixtures.fixture(relative);
    }

    @Test
    void logitsAreTheFinalGemmOfTheEmbeddings() {
        Path model = fixture("models/enet_b0_random.onnx");
        Path face = fixture("media/angry.jpg");
        OnnxGraph graph = OnnxGraph.read(model);
        OnnxGraph.FinalGemm gemm = graph.finalGemm();
        float[] w = graph.initializerFloats(gemm.weightName());
        float[] bias = graph.initializerFloats(gemm.biasName());
        assertEquals(1280, gemm.inputWidth());
        assertEquals(8, gemm.outputWidth());

        try (Backbone b = Backbone.open(model, BackboneOptions.cpu(2))) {
            assertEquals(224, b.spec().inputSize());
            assertEquals(ClassSpace.AFFECTNET_8, b.spec().classSpace());
            assertEquals(1280, b.embeddingDim());
            FaceBatch batch = FaceBatch.of(b, 3);
            Mat image = opencv_imgcodecs.imread(face.toString());
            try {
                batch.add(image, FacePreprocessor.ChannelOrder.BGR);
                batch.add(
                        image,
                        new org.bytedeco.opencv.opencv_core.Rect(60, 40, 150, 170),
                        FacePreprocessor.ChannelOrder.BGR);
                batch.add(
                        image,
                        new org.bytedeco.opencv.opencv_core.Rect(0, 0, 41, 37),
                        FacePreprocessor.ChannelOrder.BGR);
            } finally {
                image.close();
            }
            BackboneOutput out = batch.runOn(b);
            assertEquals(3, out.batchSize());
            assertEquals(1280, out.embeddingDim());
            assertEquals(8, out.outputCount());
            double embNorm = 0;
            for (int i = 0; i < 3; i++) {
                for (int k = 0; k < 8; k++) {
                    double z = bias[k];
                    for (int d = 0; d < 1280; d++) {
                        // transB=1: W is [K, D]; else [D, K]
                        double wkd = gemm.transB() ? w[k * 1280 + d] : w[d * 8 + k];
                        z += wkd * out.embeddings()[i * 1280 + d];
                    }
                    z = gemm.alpha() * (z - bias[k]) + gemm.beta() * bias[k];
                    assertEquals(z, out.logits()[i * 8 + k], 1e-4, "face " + i + " logit " + k);
                }
            }
            for (float v : out.embeddings()) {
                assertTrue(Float.isFinite(v));
                embNorm += v * v;
            }
            assertTrue(embNorm > 0, "embeddings are not all zero");
        }
    }
}
