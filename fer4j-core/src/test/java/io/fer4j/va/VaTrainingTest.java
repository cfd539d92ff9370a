package io.fer4j.va;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.bundle.BundleFiles;
import io.fer4j.bundle.Modality;
import io.fer4j.error.Fer4jException;
import io.fer4j.head.HeadLoss;
import io.fer4j.head.HeadTrainingConfig;
import io.fer4j.training.AlignmentPolicy;
import io.fer4j.training.TrainingOptions;
import io.fer4j.tuning.PostProcessingGrid;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The VA track on the synthetic VA store: training, tuning, the bundle round trip and the ablation's ordering. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VaTrainingTest {
    @TempDir
    static Path root;

    SyntheticVaStore.Layout data;
    VaTrainer.Outcome outcome;

    static TrainingOptions options(SyntheticVaStore.Layout data, Modality modality) {
        PostProcessingGrid grid = new PostProcessingGrid(
                new int[] {0, 5, 10, 20, 40}, new double[] {1.0}, new double[] {0, 0.25, 0.5, 0.75, 1});
        return new TrainingOptions(
                data.store(),
                data.annotations(),
                HeadLoss.WEIGHTED_CE,
                modality,
                HeadTrainingConfig.defaults().withEpochs(8),
                "paper",
                grid,
                3,
                1,
                AlignmentPolicy.defaults(),
                true);
    }

    @BeforeAll
    void train() {
        data = new SyntheticVaStore(11, 16, 6, 1.5f).write(root.resolve("va"), 8, 5, 300);
        outcome = new VaTrainer(options(data, Modality.VISUAL), VaLoss.CCC, VaSource.HEAD).train(line -> {});
    }

    @Test
    void headWithSmoothingBeatsBackboneOnly() {
        VaEvaluation e = VaEvaluation.evaluate(
                root.resolve("b"),
                outcome.bundle(),
                data.store(),
                data.annotations(),
                "Validation_Set",
                AlignmentPolicy.defaults(),
                options(data, Modality.VISUAL).grid(),
                3,
                0,
                true,
                line -> {});
        double backboneFilled = row(e, "backbone VA (multi-task outputs), filled");
        double backboneSmoothed = row(e, "backbone VA + smoothing");
        double head = row(e, "VA head, filled");
        double headSmoothed = row(e, "VA head + smoothing");
        assertTrue(headSmoothed > backboneSmoothed + 0.05, headSmoothed + " vs " + backboneSmoothed);
        assertTrue(headSmoothed > head, "smoothing helps the head: " + headSmoothed + " vs " + head);
        assertTrue(backboneSmoothed >= backboneFilled, "δ = 0 is in the grid");
        assertTrue(outcome.bundle().deltaFrames() > 0, "noisy frames: the tuned δ smooths");
        // the bundle's own score is the tuned head + smoothing row (same δ chosen on the same split)
        assertEquals(headSmoothed, e.score().cccMean(), 1e-12);
        assertTrue(e.honest().cccMean() > backboneSmoothed, "honest k-fold estimate also beats the backbone");
    }

    @Test
    void predictorGivesWhatEvaluateScores() {
        VaEvaluation e = VaEvaluation.evaluate(
                root.resolve("b"),
                outcome.bundle(),
                data.store(),
                data.annotations(),
                "Validation_Set",
                AlignmentPolicy.defaults(),
                options(data, Modality.VISUAL).grid(),
                0,
                0,
                false,
                line -> {});
        VaSplit val = VaSplit.load(
                io.fer4j.store.FeatureStore.open(data.store()),
                data.annotations(),
                "Validation_Set",
                AlignmentPolicy.defaults());
        VaPredictor predictor = new VaPredictor(outcome.bundle());
        for (int i = 0; i < val.split().videos().size(); i++) {
            VaPredictor.Prediction p =
                    predictor.predict(val.split().videos().get(i).features());
            assertArrayEquals(e.predicted().get(i), p.valenceArousal());
        }
    }

    @Test
    void predictionSummaryIsMeanAndPopulationSpread() {
        // valence 0.5, -0.5, 0.0 → mean 0, spread √(0.5/3); arousal 0.1, 0.1, 0.4 → mean 0.2, spread √(0.06/3)
        VaPredictor.Prediction p =
                new VaPredictor.Prediction("v", new float[] {0.5f, 0.1f, -0.5f, 0.1f, 0f, 0.4f}, false);
        assertEquals(3, p.frameCount());
        assertEquals(0.0, p.mean(0), 1e-7);
        assertEquals(Math.sqrt(0.5 / 3), p.standardDeviation(0), 1e-7);
        assertEquals(0.2, p.mean(1), 1e-7);
        assertEquals(Math.sqrt(0.06 / 3), p.standardDeviation(1), 1e-7);
    }

    private static double row(VaEvaluation e, String name) {
        return e.rows().stream()
                .filter(r -> r.name().equals(name))
                .findFirst()
                .orElseThrow()
                .score()
                .cccMean();
    }

    @Test
    void epochKeptIsTheBestValidationMeanCcc() {
        VaHead h = outcome.bundle().heads().get(VaHead.VISUAL);
        double best = h.epochs().stream()
                .mapToDouble(VaEpochRecord::validationCccMean)
                .max()
                .orElseThrow();
        assertEquals(best, h.epochs().get(h.selectedEpoch() - 1).validationCccMean(), 0.0);
        assertEquals(8, h.epochs().size());
    }

    @Test
    void bundleRoundTripsAndIsNotAnExpressionBundle() {
        Path file = root.resolve("va.fer4j.json");
        BundleFiles.writeVa(file, outcome.bundle());
        VaBundle back = BundleFiles.readVa(file);
        assertEquals(outcome.bundle().deltaFrames(), back.deltaFrames());
        assertEquals(outcome.bundle().source(), back.source());
        assertArrayEquals(
                outcome.bundle().visualHead().head().w1(),
                back.visualHead().head().w1());
        assertEquals(java.util.Set.of("va"), BundleFiles.tasks(file));
        assertEquals(outcome.bundle().visualHead().epochs(), back.visualHead().epochs());
        assertEquals(
                outcome.bundle().visualHead().selectedEpoch(), back.visualHead().selectedEpoch());
        assertEquals(outcome.bundle().visualWeight(), back.visualWeight());
        assertEquals(
                outcome.bundle().provenance().hyperparameters(),
                back.provenance().hyperparameters());
        Path again = root.resolve("va-again.fer4j.json");
        BundleFiles.writeVa(again, back); // one mapping both ways: what was read writes back byte for byte
        assertArrayEquals(readBytes(file), readBytes(again));
        Fer4jException e = assertThrows(Fer4jException.class, () -> BundleFiles.read(file));
        assertTrue(e.getMessage().contains("--task va"), e.getMessage());
    }

    @Test
    void backboneSourceUsesTheMultiTaskOutputs() {
        VaTrainer.Outcome b =
                new VaTrainer(options(data, Modality.VISUAL), VaLoss.CCC, VaSource.BACKBONE).train(line -> {});
        assertTrue(b.bundle().heads().isEmpty());
        assertEquals(outcome.backboneOnly().score().cccMean(), b.tuned().score().cccMean(), 1e-12);
    }

    @Test
    void audioFusionTrainsAnAudioHead() {
        VaTrainer.Outcome both =
                new VaTrainer(options(data, Modality.BOTH), VaLoss.MSE, VaSource.HEAD).train(line -> {});
        assertEquals(
                java.util.List.of(VaHead.VISUAL, VaHead.AUDIO),
                java.util.List.copyOf(both.bundle().heads().keySet()));
        assertEquals(6, both.bundle().audioDim());
        // w = 1 (visual only) is in the grid, so the tuned fusion scores at least the visual head alone
        VaSplit val = VaSplit.load(
                io.fer4j.store.FeatureStore.open(data.store()),
                data.annotations(),
                "Validation_Set",
                AlignmentPolicy.defaults());
        java.util.List<VaScoredVideo> scored =
                val.scored(both.bundle().visualHead(), both.bundle().audioHead());
        VaTuning.Choice visualOnly =
                VaTuning.tune(scored, VaVideoOutputs.Inputs.HEAD, new int[] {0, 5, 10, 20, 40}, new double[] {1});
        assertTrue(both.tuned().score().cccMean() >= visualOnly.score().cccMean());
    }

    private static byte[] readBytes(Path file) {
        try {
            return java.nio.file.Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
