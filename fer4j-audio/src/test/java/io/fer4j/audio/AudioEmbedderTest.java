package io.fer4j.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.audio.testing.SyntheticAudio;
import io.fer4j.audio.testing.TinyAudioModels;
import io.fer4j.error.Fer4jException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AudioEmbedderTest {
    static final int DIM = 4;

    @TempDir
    Path dir;

    private AudioEmbedder open(double chunkSeconds, double overlapSeconds, boolean normalize, int batch) {
        Path model = TinyAudioModels.writeConvModel(dir.resolve("tiny.onnx"), DIM);
        return AudioEmbedder.open(
                model,
                new AudioEmbedderOptions(AudioChunking.ofSeconds(chunkSeconds, overlapSeconds), normalize, batch, 1));
    }

    /** Expected rows of one chunk, computed here from the model's weights (independently of ONNX Runtime). */
    private static float[][] expectedChunk(float[] signal, int start, int length, boolean normalize) {
        float[] x = Arrays.copyOfRange(signal, start, start + length);
        if (normalize) {
            double mean = 0;
            for (float v : x) {
                mean += v;
            }
            mean /= length;
            double var = 0;
            for (float v : x) {
                var += (v - mean) * (v - mean);
            }
            var /= length;
            for (int i = 0; i < length; i++) {
                x[i] = (float) ((x[i] - mean) / Math.sqrt(var + 1e-7));
            }
        }
        int t = (length - TinyAudioModels.KERNEL) / TinyAudioModels.STRIDE + 1;
        float[][] rows = new float[t][];
        for (int i = 0; i < t; i++) {
            rows[i] = TinyAudioModels.expectedRow(x, i, DIM);
        }
        return rows;
    }

    private static void assertRow(float[] expected, AudioEmbeddings e, int row) {
        for (int d = 0; d < DIM; d++) {
            assertEquals(expected[d], e.get(row, d), 1e-4, "row " + row + " dim " + d);
        }
    }

    @Test
    void oneSecondGives49RowsMatchingTheConvolution() {
        float[] tone = SyntheticAudio.tone(440, 0.3, 1.0, 16_000);
        try (AudioEmbedder m = open(1.0, 0, false, 8)) {
            AudioEmbeddings e = m.embed(tone, null);
            assertEquals(49, e.rows());
            assertEquals(DIM, e.dim());
            assertEquals(49.0, e.rowsPerSecond(), 1e-9);
            float[][] expected = expectedChunk(tone, 0, 16000, false);
            for (int t = 0; t < 49; t++) {
                assertRow(expected[t], e, t);
            }
        }
    }

    @Test
    void chunksAreConcatenatedInOrderWithAShorterLastChunk() {
        // 2.5 s: chunks [0,16000) [16000,32000) [32000,40000) → 49 + 49 + floor((8000-400)/320)+1 = 24 rows
        float[] x = SyntheticAudio.tone(300, 0.2, 2.5, 16_000);
        for (int i = 0; i < x.length; i++) {
            x[i] += (float) (0.1 * Math.sin(i * 0.0007)); // a slow drift so chunks differ
        }
        try (AudioEmbedder m = open(1.0, 0, true, 8)) {
            AudioEmbeddings e = m.embed(x, null);
            assertEquals(122, e.rows());
            float[][] c0 = expectedChunk(x, 0, 16000, true);
            float[][] c1 = expectedChunk(x, 16000, 16000, true);
            float[][] c2 = expectedChunk(x, 32000, 8000, true);
            assertEquals(24, c2.length);
            assertRow(c0[0], e, 0);
            assertRow(c0[48], e, 48);
            assertRow(c1[0], e, 49);
            assertRow(c1[48], e, 97);
            assertRow(c2[0], e, 98);
            assertRow(c2[23], e, 121);
        }
    }

    @Test
    void batchSizeDoesNotChangeTheResult() {
        float[] x = SyntheticAudio.tone(523, 0.4, 3.3, 16_000);
        float[] a;
        float[] b;
        try (AudioEmbedder m = open(1.0, 0, true, 1)) {
            a = m.embed(x, null).data();
        }
        try (AudioEmbedder m = open(1.0, 0, true, 2)) {
            b = m.embed(x, null).data();
        }
        assertArrayEquals(a, b, 1e-5f);
    }

    @Test
    void overlapKeepsCentreRowsOfEachChunk() {
        float[] x = SyntheticAudio.tone(200, 0.3, 2.0, 16_000);
        for (int i = 0; i < x.length; i++) {
            x[i] *= (float) (1 + i / 32000.0); // growing amplitude: the raw (unnormalised) rows differ per chunk
        }
        try (AudioEmbedder m = open(1.0, 0.5, false, 4)) {
            AudioEmbeddings e = m.embed(x, null);
            // chunks at 0, 8000, 16000; kept [0,37) [12,37) [12,49) → 99 rows
            assertEquals(99, e.rows());
            float[][] c1 = expectedChunk(x, 8000, 16000, false);
            float[][] c2 = expectedChunk(x, 16000, 16000, false);
            assertRow(expectedChunk(x, 0, 16000, false)[36], e, 36);
            assertRow(c1[12], e, 37);
            assertRow(c1[36], e, 61);
            assertRow(c2[12], e, 62);
            assertRow(c2[48], e, 98);
        }
    }

    @Test
    void silenceWithNormalisationGivesFiniteRows() {
        try (AudioEmbedder m = open(1.0, 0, true, 8)) {
            AudioEmbeddings e = m.embed(new float[24_000], null);
            assertEquals(49 + 24, e.rows()); // 8000-sample tail: floor(7600/320) + 1 = 24
            for (float v : e.data()) {
                assertTrue(Float.isFinite(v));
            }
            // an all-zero chunk stays zero after normalisation: every row is the bias
            for (int d = 0; d < DIM; d++) {
                assertEquals(TinyAudioModels.bias(d), e.get(10, d), 1e-6);
            }
        }
    }

    @Test
    void veryShortAudioStillGivesOneRow() {
        try (AudioEmbedder m = open(1.0, 0, true, 8)) {
            AudioEmbeddings e = m.embed(SyntheticAudio.tone(440, 0.5, 0.01, 16_000), null); // 160 samples
            assertEquals(1, e.rows());
        }
    }

    @Test
    void normaliseHelperMatchesHuggingFace() {
        float[] x = {1, 2, 3, 4, 0, 0};
        AudioEmbedder.normalizeInPlace(x, 4);
        // mean 2.5, population var 1.25 → (x-2.5)/sqrt(1.25+1e-7); padding untouched
        double s = Math.sqrt(1.25 + 1e-7);
        assertArrayEquals(
                new float[] {(float) (-1.5 / s), (float) (-0.5 / s), (float) (0.5 / s), (float) (1.5 / s), 0, 0},
                x,
                1e-6f);
    }

    @Test
    void aModelWhoseOutputIsNotRank3IsRejectedClearly() {
        Path bad = TinyAudioModels.writeRank2Model(dir.resolve("flat.onnx"), DIM);
        Fer4jException e =
                assertThrows(Fer4jException.class, () -> AudioEmbedder.open(bad, AudioEmbedderOptions.DEFAULTS));
        assertTrue(e.getMessage().contains("flat.onnx") && e.getMessage().contains("rank 3"), e.getMessage());
    }

    @Test
    void aFileThatIsNotAnOnnxModelIsRejectedClearly() throws Exception {
        Path bad = Files.writeString(dir.resolve("not-a-model.onnx"), "hello");
        Fer4jException e =
                assertThrows(Fer4jException.class, () -> AudioEmbedder.open(bad, AudioEmbedderOptions.DEFAULTS));
        assertTrue(e.getMessage().contains("not-a-model.onnx"), e.getMessage());
        assertThrows(
                Fer4jException.class,
                () -> AudioEmbedder.open(dir.resolve("missing.onnx"), AudioEmbedderOptions.DEFAULTS));
    }

    @Test
    void sha256IsRecorded() {
        try (AudioEmbedder m = open(1.0, 0, true, 8)) {
            assertEquals(64, m.sha256().length());
            assertFalse(m.sha256().chars().anyMatch(c -> Character.isUpperCase(c)));
        }
    }
}
