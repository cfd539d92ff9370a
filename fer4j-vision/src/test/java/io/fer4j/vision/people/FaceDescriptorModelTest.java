package io.fer4j.vision.people;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer4j.vision.backbone.FacePreprocessor;
import io.fer4j.vision.registry.ModelCache;
import io.fer4j.vision.registry.ModelEntry;
import io.fer4j.vision.registry.ModelRegistry;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded {@code faceapi_descriptor} model, run through fer4j's preprocessing and ONNX Runtime, against
 * face-api.js's own FaceRecognitionNet forward pass (tfjs CPU backend) on real face crops:
 * {@code descriptor-reference.json} was written by {@code tools/faceapi/make-descriptor-reference.sh} from the PNG
 * crops beside it (named {@code <person>_<source>.png} from geometry, not from descriptors).
 */
class FaceDescriptorModelTest {
    @TempDir
    Path home;

    private record Crop(String file, String person, float[] reference) {}

    private static List<Crop> reference() throws Exception {
        JsonNode ref;
        try (InputStream in = FaceDescriptorModelTest.class.getResourceAsStream("descriptor-reference.json")) {
            ref = new ObjectMapper().readTree(in);
        }
        List<Crop> crops = new ArrayList<>();
        for (JsonNode c : ref.get("crops")) {
            float[] d = new float[c.get("descriptor").size()];
            for (int i = 0; i < d.length; i++) {
                d[i] = (float) c.get("descriptor").get(i).asDouble();
            }
            crops.add(new Crop(c.get("file").asText(), c.get("person").asText(), d));
        }
        return crops;
    }

    @Test
    void matchesFaceApiJsWithin1e3AndSeparatesTheSamePersonAcrossFrames() throws Exception {
        List<Crop> crops = reference();
        assertTrue(crops.size() >= 20, "reference holds the fixture crops");
        List<float[]> ours = new ArrayList<>();
        double worst = 0;
        try (FaceDescriptor descriptor = FaceDescriptor.openEmbedded(new ModelCache(home), 1)) {
            for (Crop c : crops) {
                Path png = Path.of(
                        getClass().getResource("descriptor-crops/" + c.file()).toURI());
                try (Mat bgr = imread(png.toString(), IMREAD_COLOR)) {
                    float[] d = descriptor.describe(bgr, FacePreprocessor.ChannelOrder.BGR);
                    assertEquals(FaceDescriptor.DIM, d.length);
                    for (int i = 0; i < d.length; i++) {
                        worst = Math.max(worst, Math.abs(d[i] - c.reference()[i]));
                    }
                    ours.add(d);
                }
            }
        }
        assertTrue(worst < 1e-3, "largest difference from face-api.js " + worst);
        // same person, different frames (video_long.mp4 frames 30 / 270, faces.jpg, video.mp4 frames 1-3): a match
        double sameMax = 0;
        int samePairs = 0;
        for (int a = 0; a < crops.size(); a++) {
            for (int b = a + 1; b < crops.size(); b++) {
                if (crops.get(a).person().equals(crops.get(b).person())) {
                    sameMax = Math.max(sameMax, FaceDescriptor.distance(ours.get(a), ours.get(b)));
                    samePairs++;
                }
            }
        }
        assertTrue(samePairs >= 20, samePairs + " same-person pairs");
        assertTrue(sameMax < FaceDescriptor.MATCH_DISTANCE, "same-person distance up to " + sameMax);
    }

    /**
     * Different people: each face is nearer to every other crop of its own person than to any crop of another person
     * (nearest-neighbour identification, what re-identification against a gallery does). The absolute 0.6 threshold
     * does not separate all pairs of these unaligned crops — face-api.js's own pass puts 19 of 232 different-people
     * pairs between 0.51 and 0.6 (docs/people.md) — so the gallery picks the nearest, below 0.6.
     */
    @Test
    void everyCropIsNearestToItsOwnPerson() throws Exception {
        List<Crop> crops = reference();
        for (int a = 0; a < crops.size(); a++) {
            double nearestSame = Double.MAX_VALUE;
            double nearestOther = Double.MAX_VALUE;
            for (int b = 0; b < crops.size(); b++) {
                if (a == b) {
                    continue;
                }
                double d = FaceDescriptor.distance(
                        crops.get(a).reference(), crops.get(b).reference());
                if (crops.get(a).person().equals(crops.get(b).person())) {
                    nearestSame = Math.min(nearestSame, d);
                } else {
                    nearestOther = Math.min(nearestOther, d);
                }
            }
            if (nearestSame < Double.MAX_VALUE) {
                assertTrue(
                        nearestSame < nearestOther,
                        crops.get(a).file() + ": own person at " + nearestSame + ", someone else at " + nearestOther);
            }
        }
    }

    @Test
    void theRegistryEntryStatesTheCodesPreprocessing() throws Exception {
        ModelEntry e = ModelRegistry.builtIn().get(FaceDescriptor.MODEL);
        assertEquals(ModelEntry.Kind.DESCRIPTOR, e.kind());
        JsonNode entry = null;
        try (InputStream in = ModelRegistry.class.getResourceAsStream("models.json")) {
            for (JsonNode n : new ObjectMapper().readTree(in).get("models")) {
                if (n.get("name").asText().equals(FaceDescriptor.MODEL)) {
                    entry = n;
                }
            }
        }
        assertEquals(FaceDescriptor.INPUT_SIZE, entry.get("input_size").asInt());
        assertEquals(FaceDescriptor.DIM, entry.get("embedding_dim").asInt());
        assertEquals("pad_to_square", entry.get("resize").asText());
        assertEquals(FaceDescriptor.MATCH_DISTANCE, entry.get("match_distance").asDouble());
        double[] mean = new double[3];
        for (int c = 0; c < 3; c++) {
            mean[c] = entry.get("mean").get(c).asDouble() * 255;
            assertEquals(1.0, entry.get("std").get(c).asDouble());
        }
        assertArrayEquals(FaceDescriptor.MEAN_RGB_255, mean, 1e-9);
    }

    @Test
    void theDescriptorIsNeitherABackboneNorADetector() {
        io.fer4j.vision.registry.ModelResolver resolver = new io.fer4j.vision.registry.ModelResolver(
                ModelRegistry.builtIn(),
                new ModelCache(home),
                io.fer4j.vision.registry.ModelDownloader.defaults(),
                e -> io.fer4j.vision.registry.DownloadProgress.NONE);
        IllegalArgumentException b = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> resolver.resolveBackbone(FaceDescriptor.MODEL));
        assertTrue(b.getMessage().contains("is a descriptor, not a backbone"), b.getMessage());
        IllegalArgumentException d = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> resolver.resolveDetector(FaceDescriptor.MODEL));
        assertTrue(d.getMessage().contains("is a descriptor, not a detector"), d.getMessage());
    }

    @Test
    void distanceIsEuclidean() {
        assertEquals(5.0, FaceDescriptor.distance(new float[] {0, 0}, new float[] {3, 4}), 1e-12);
    }
}
