package io.fer4j.head;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.error.Fer4jException;
import io.fer4j.npy.Float16;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeadTrainerTest {
    private static final int DIM = 16;
    private static final int CLASSES = 8;

    @TempDir
    Path dir;

    /** Eight Gaussian blobs (σ = 1) around means with entries ±2: separable well beyond 90 %. */
    static FloatTrainingRows gaussians(int rows, long seed, boolean roundToHalf) {
        SplittableRandom means = new SplittableRandom(42);
        float[][] mu = new float[CLASSES][DIM];
        for (float[] m : mu) {
            for (int j = 0; j < DIM; j++) {
                m[j] = means.nextBoolean() ? 2f : -2f;
            }
        }
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[rows * DIM];
        int[] y = new int[rows];
        for (int r = 0; r < rows; r++) {
            // imbalanced: class k drawn with probability ∝ k + 1
            int k = (int) Math.floor(Math.sqrt(random.nextDouble() * CLASSES * (CLASSES + 1)) - 0.5);
            y[r] = Math.max(0, Math.min(CLASSES - 1, k));
            for (int j = 0; j < DIM; j++) {
                float v = (float) (mu[y[r]][j] + gaussian(random));
                x[r * DIM + j] = roundToHalf ? Float16.toFloat(Float16.fromFloat(v)) : v;
            }
        }
        return FloatTrainingRows.of(x, y, DIM, r -> "synthetic row " + r);
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    private static HeadTrainingConfig small() {
        return HeadTrainingConfig.defaults().withEpochs(4).withBatchSize(64).withSeed(7);
    }

    @Test
    void learnsSeparableGaussiansWithEitherLoss() {
        FloatTrainingRows train = gaussians(3000, 1, false);
        FloatTrainingRows validation = gaussians(1000, 2, false);
        for (HeadLoss loss : HeadLoss.values()) {
            TrainingResult result = new HeadTrainer(small().withLoss(loss)).train(train, validation);
            EpochRecord kept = result.history().selected();
            assertTrue(kept.validationAccuracy() > 0.9, loss + " accuracy " + kept.validationAccuracy());
            assertTrue(kept.validationMacroF1() > 0.9, loss + " macro-F1 " + kept.validationMacroF1());
            assertEquals(HeadTrainer.evaluate(result.head(), validation).macroF1(), kept.validationMacroF1());
            List<EpochRecord> epochs = result.history().epochs();
            assertEquals(4, epochs.size());
            assertTrue(epochs.get(3).trainLoss() < epochs.get(0).trainLoss(), "loss decreases");
        }
    }

    @Test
    void keepsTheEpochWithTheBestValidationMacroF1() {
        FloatTrainingRows train = gaussians(600, 3, false);
        FloatTrainingRows validation = gaussians(300, 4, false);
        List<EpochRecord> seen = new ArrayList<>();
        TrainingResult result =
                new HeadTrainer(small().withEpochs(6).withLearningRate(3e-2)).train(train, validation, seen::add);
        assertEquals(result.history().epochs(), seen);
        int expected = 1;
        for (EpochRecord e : seen) {
            if (e.validationMacroF1() > seen.get(expected - 1).validationMacroF1()) {
                expected = e.epoch();
            }
        }
        assertEquals(expected, result.history().selectedEpoch());
        assertEquals(
                seen.get(expected - 1).validationMacroF1(),
                HeadTrainer.evaluate(result.head(), validation).macroF1());
    }

    @Test
    void historyTiesKeepTheEarlierEpoch() {
        TrainingHistory h = new TrainingHistory(
                List.of(
                        new EpochRecord(1, 1.0, 0.5, 0.7, 1),
                        new EpochRecord(2, 0.9, 0.6, 0.7, 1),
                        new EpochRecord(3, 0.8, 0.6, 0.8, 1)),
                2,
                EpochSelection.MACRO_F1);
        assertEquals(2, h.bestMacroF1Epoch());
        assertEquals(3, h.bestAccuracyEpoch());
        assertEquals(0.6, h.selected().validationMacroF1());
    }

    @Test
    void sameSeedGivesTheSameWeightsBitForBit() {
        FloatTrainingRows train = gaussians(700, 5, false);
        FloatTrainingRows validation = gaussians(200, 6, false);
        MlpHead a = new HeadTrainer(small()).train(train, validation).head();
        MlpHead b = new HeadTrainer(small()).train(train, validation).head();
        assertArrayEquals(a.w1(), b.w1());
        assertArrayEquals(a.b1(), b.b1());
        assertArrayEquals(a.w2(), b.w2());
        assertArrayEquals(a.b2(), b.b2());
        MlpHead c =
                new HeadTrainer(small().withSeed(8)).train(train, validation).head();
        assertFalse(java.util.Arrays.equals(a.w1(), c.w1()));
    }

    @Test
    void float16MappedRowsTrainExactlyAsTheSameValuesInMemory() throws IOException {
        FloatTrainingRows rows = gaussians(500, 9, true); // values representable in float16
        Path file = dir.resolve("embeddings.f16");
        ByteBuffer b = ByteBuffer.allocate(rows.rowCount() * DIM * 2).order(ByteOrder.LITTLE_ENDIAN);
        float[] row = new float[DIM];
        int[] labels = new int[rows.rowCount()];
        for (int r = 0; r < rows.rowCount(); r++) {
            rows.copyRow(r, row, 0);
            labels[r] = rows.label(r);
            for (float v : row) {
                b.putShort(Float16.fromFloat(v));
            }
        }
        Files.write(file, b.array());
        TrainingRows mapped = Float16MappedTrainingRows.open(file, 0, DIM, labels, r -> "row " + r);
        MlpHead fromMemory = new HeadTrainer(small()).train(rows, null).head();
        MlpHead fromFile = new HeadTrainer(small()).train(mapped, null).head();
        assertArrayEquals(fromMemory.w1(), fromFile.w1());
        assertArrayEquals(fromMemory.w2(), fromFile.w2());
    }

    @Test
    void withoutValidationTheLastEpochIsKept() {
        TrainingResult r = new HeadTrainer(small().withEpochs(3)).train(gaussians(200, 10, false), null);
        assertEquals(3, r.history().selectedEpoch());
        assertTrue(Double.isNaN(r.history().selected().validationMacroF1()));
    }

    @Test
    void classAbsentFromTrainingGetsWeightZeroAndTrainingStillWorks() {
        float[] x = {1, 0, 0, 1, 1, 0, 0, 1};
        int[] y = {0, 2, 0, -1}; // class 1 absent, last row ignored
        TrainingResult r = new HeadTrainer(small().withEpochs(2), 3).train(FloatTrainingRows.of(x, y, 2), null);
        assertArrayEquals(new long[] {2, 0, 1}, r.trainClassCounts());
        assertArrayEquals(new float[] {1f, 0f, 2f}, r.classWeights());
        for (float v : r.head().w1()) {
            assertTrue(Float.isFinite(v));
        }
    }

    @Test
    void nonFiniteFeatureNamesTheRow() {
        FloatTrainingRows good = gaussians(100, 11, false);
        float[] x = new float[100 * DIM];
        int[] y = new int[100];
        for (int r = 0; r < 100; r++) {
            good.copyRow(r, x, r * DIM);
            y[r] = good.label(r);
        }
        x[37 * DIM + 5] = Float.NaN;
        TrainingRows bad = FloatTrainingRows.of(x, y, DIM, r -> "video 118-30-640x480 frame " + (r + 1));
        Fer4jException e = assertThrows(Fer4jException.class, () -> new HeadTrainer(small()).train(bad, null));
        assertTrue(e.getMessage().contains("video 118-30-640x480 frame 38"), e.getMessage());
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        Fer4jException v = assertThrows(Fer4jException.class, () -> new HeadTrainer(small()).train(good, bad));
        assertTrue(v.getMessage().contains("frame 38"), v.getMessage());
    }

    @Test
    void allRowsIgnoredIsAnError() {
        TrainingRows rows = FloatTrainingRows.of(new float[4], new int[] {-1, -1}, 2);
        assertThrows(IllegalArgumentException.class, () -> new HeadTrainer(small()).train(rows, null));
    }

    @Test
    void initialisationFollowsPytorchBounds() {
        // 0 epochs is invalid, so inspect the first layer after a single tiny step: |w| stays near U(±1/√D)
        TrainingResult r = new HeadTrainer(small().withEpochs(1)).train(gaussians(64, 12, false), null);
        double bound = 1 / Math.sqrt(DIM) + 1e-3 * 1.01; // one Adam step moves a weight by at most ~lr
        double maxAbs = 0;
        for (float v : r.head().w1()) {
            maxAbs = Math.max(maxAbs, Math.abs(v));
        }
        assertTrue(maxAbs <= bound && maxAbs > 0.8 / Math.sqrt(DIM), "max |w1| = " + maxAbs);
    }

    @Test
    void accuracySelectionKeepsTheBestAccuracyEpoch() {
        FloatTrainingRows train = gaussians(600, 3, false);
        FloatTrainingRows validation = gaussians(300, 4, false);
        TrainingResult r = new HeadTrainer(
                        small().withEpochs(6).withLearningRate(3e-2).withSelection(EpochSelection.ACCURACY))
                .train(train, validation);
        assertEquals(r.history().bestAccuracyEpoch(), r.history().selectedEpoch());
        assertEquals(
                r.history().selected().validationAccuracy(),
                HeadTrainer.evaluate(r.head(), validation).accuracy());
    }

    @Test
    void failureWhileGatheringAMiniBatchReachesTheCaller() {
        FloatTrainingRows good = gaussians(300, 13, false);
        TrainingRows failing = new TrainingRows() {
            @Override
            public int rowCount() {
                return good.rowCount();
            }

            @Override
            public int dim() {
                return good.dim();
            }

            @Override
            public int label(int row) {
                return good.label(row);
            }

            @Override
            public void copyRow(int row, float[] dst, int dstOffset) {
                if (row == 250) {
                    throw new Fer4jException(Path.of("v", "embeddings.npy"), "unreadable row 250");
                }
                good.copyRow(row, dst, dstOffset);
            }
        };
        Fer4jException e = assertThrows(Fer4jException.class, () -> new HeadTrainer(small()).train(failing, null));
        assertTrue(e.getMessage().contains("unreadable row 250"), e.getMessage());
    }
}
