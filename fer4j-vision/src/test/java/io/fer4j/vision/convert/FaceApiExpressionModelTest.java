package io.fer4j.vision.convert;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer4j.label.AbawClass;
import io.fer4j.label.ClassSpace;
import io.fer4j.vision.backbone.Backbone;
import io.fer4j.vision.backbone.BackboneOptions;
import io.fer4j.vision.backbone.BackboneOutput;
import io.fer4j.vision.backbone.FacePreprocessor;
import io.fer4j.vision.registry.ModelCache;
import io.fer4j.vision.registry.ModelDownloader;
import io.fer4j.vision.registry.ModelRegistry;
import io.fer4j.vision.registry.ModelResolver;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded {@code faceapi_expression} model, run through fer4j's preprocessing and ONNX Runtime, against
 * face-api.js's own forward pass (tfjs CPU backend) on real face crops: {@code faceapi-reference.json} was written by
 * {@code tools/faceapi/make-reference.sh} from the PNG crops beside it.
 */
class FaceApiExpressionModelTest {
    @TempDir
    Path home;

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(FaceApiExpressionModelTest.class.getResource(name).toURI());
    }

    @Test
    void matchesFaceApiJsOnRealCrops() throws Exception {
        JsonNode ref;
        try (InputStream in = getClass().getResourceAsStream("faceapi-reference.json")) {
            ref = new ObjectMapper().readTree(in);
        }
        assertTrue(ref.get("crops").size() >= 8, "reference holds the fixture crops");
        ModelResolver resolver = new ModelResolver(
                ModelRegistry.builtIn(),
                new ModelCache(home),
                ModelDownloader.defaults(),
                e -> io.fer4j.vision.registry.DownloadProgress.NONE);
        ModelResolver.ResolvedBackbone resolved = resolver.resolveBackbone("faceapi_expression");
        assertEquals(ClassSpace.FACEAPI_7, resolved.spec().classSpace());
        try (Backbone backbone = resolved.open(BackboneOptions.cpu(1))) {
            assertEquals(256, backbone.embeddingDim());
            FacePreprocessor pre = backbone.preprocessor();
            double worstP = 0;
            double worstE = 0;
            for (JsonNode crop : ref.get("crops")) {
                String file = crop.get("file").asText();
                float[] input = new float[pre.sliceLength()];
                try (Mat bgr = imread(resource("faceapi-crops/" + file).toString(), IMREAD_COLOR)) {
                    assertFalse(bgr.empty(), file);
                    assertEquals(crop.get("width").asInt(), bgr.cols(), file);
                    pre.preprocess(bgr, FacePreprocessor.ChannelOrder.BGR, input, 0);
                }
                BackboneOutput out = backbone.run(input, 1);
                float[] logits = out.logits(0);
                double max = Double.NEGATIVE_INFINITY;
                for (float l : logits) {
                    max = Math.max(max, l);
                }
                double sum = 0;
                double[] p = new double[7];
                for (int c = 0; c < 7; c++) {
                    p[c] = Math.exp(logits[c] - max);
                    sum += p[c];
                }
                for (int c = 0; c < 7; c++) {
                    worstP = Math.max(
                            worstP, Math.abs(crop.get("probabilities").get(c).asDouble() - p[c] / sum));
                    assertEquals(
                            crop.get("probabilities").get(c).asDouble(),
                            p[c] / sum,
                            1e-3,
                            file + " probability of "
                                    + ref.get("classes").get(c).asText());
                }
                float[] emb = out.embedding(0);
                JsonNode refEmb = crop.get("embedding");
                assertEquals(refEmb.size(), emb.length, file);
                double scale = 0;
                for (JsonNode v : refEmb) {
                    scale = Math.max(scale, Math.abs(v.asDouble()));
                }
                for (int i = 0; i < emb.length; i++) {
                    worstE = Math.max(worstE, Math.abs(refEmb.get(i).asDouble() - emb[i]) / scale);
                    assertEquals(refEmb.get(i).asDouble(), emb[i], 1e-3 * scale, file + " embedding[" + i + "]");
                }
            }
            System.out.printf(
                    java.util.Locale.ROOT,
                    "faceapi_expression vs face-api.js on %d crops: max |dp| = %.2e, "
                            + "max |d embedding| = %.2e of scale%n",
                    ref.get("crops").size(),
                    worstP,
                    worstE);
        }
    }

    @Test
    void faceApiClassesMapToAbaw() {
        // hand-worked from the two class lists: neutral→Neutral, angry→Anger, disgusted→Disgust, fearful→Fear,
        // happy→Happiness, sad→Sadness, surprised→Surprise, no Other
        ClassSpace s = ClassSpace.FACEAPI_7;
        float[] logits = {0, 0, 0, 10, 0, 0, 0}; // "angry"
        float[] abaw = new float[8];
        s.softmaxToAbaw(logits, 0, abaw, 0);
        assertEquals(AbawClass.ANGER.ordinal(), argmax(abaw));
        logits = new float[] {0, 0, 0, 0, 0, 0, 10}; // "surprised"
        s.softmaxToAbaw(logits, 0, abaw, 0);
        assertEquals(AbawClass.SURPRISE.ordinal(), argmax(abaw));
        assertEquals(0f, abaw[AbawClass.OTHER.ordinal()]);
        logits = new float[] {0, 0, 0, 0, 0, 10, 0}; // "disgusted"
        s.softmaxToAbaw(logits, 0, abaw, 0);
        assertEquals(AbawClass.DISGUST.ordinal(), argmax(abaw));
        logits = new float[] {0, 0, 0, 0, 10, 0, 0}; // "fearful"
        s.softmaxToAbaw(logits, 0, abaw, 0);
        assertEquals(AbawClass.FEAR.ordinal(), argmax(abaw));
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
