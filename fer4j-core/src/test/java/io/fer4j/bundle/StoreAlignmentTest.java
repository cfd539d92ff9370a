package io.fer4j.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.annotation.ExprAnnotations;
import io.fer4j.error.Fer4jException;
import io.fer4j.evaluation.SyntheticStore;
import io.fer4j.head.HeadTrainingConfig;
import io.fer4j.npy.Npy;
import io.fer4j.store.FeatureStore;
import io.fer4j.store.StoredVideo;
import io.fer4j.training.AlignmentPolicy;
import io.fer4j.training.AnnotatedSplit;
import io.fer4j.training.AnnotatedVideo;
import io.fer4j.training.BundleTrainer;
import io.fer4j.training.StoreTrainingRows;
import io.fer4j.training.TrainingOptions;
import io.fer4j.tuning.PostProcessingGrid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Matching annotations to store videos, and the bad-input cases of issue 2. */
class StoreAlignmentTest {
    @TempDir
    Path root;

    SyntheticStore.Layout data;
    FeatureStore store;

    @BeforeEach
    void write() {
        data = new SyntheticStore(3, 6, 0, 1.0f).write(root, 3, 2, 0, 60);
        store = FeatureStore.open(data.store());
    }

    private Path annotation(String split, String id) {
        return data.annotations().resolve(split).resolve(id + ".txt");
    }

    private void writeAnnotation(String split, String id, int[] labels) throws Exception {
        StringBuilder s = new StringBuilder("Neutral,Anger,Disgust,Fear,Happiness,Sadness,Surprise,Other\n");
        for (int l : labels) {
            s.append(l).append('\n');
        }
        Files.writeString(annotation(split, id), s);
    }

    private AnnotatedSplit load(String split) {
        return AnnotatedSplit.load(store, data.annotations(), split, AlignmentPolicy.defaults());
    }

    @Test
    void rowsTakeTheLabelOfTheirFrameAndRowsBeyondTheAnnotationAreExcluded() throws Exception {
        StoredVideo v = store.video("train_0");
        int f = v.frameCount();
        int[] labels = new int[f - 3]; // annotation 3 frames shorter than frame_count
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 8;
        }
        labels[0] = -1;
        writeAnnotation(ExprAnnotations.TRAIN_SET, "train_0", labels);
        AnnotatedSplit split = load(ExprAnnotations.TRAIN_SET);
        AnnotatedVideo a = split.videos().get(0);
        assertEquals("train_0", a.id());
        int expectedUsable = 0;
        int expectedRows = 0;
        for (int frame : v.frames()) {
            if (frame <= f - 3) {
                expectedUsable++;
                if (labels[frame - 1] != -1) {
                    expectedRows++;
                }
            }
        }
        assertEquals(expectedUsable, a.usableRows());
        assertEquals(v.rowCount() - expectedUsable, split.summary().rowsBeyondAnnotation());
        assertEquals(1, split.summary().frameCountMismatches());
        StoreTrainingRows rows = StoreTrainingRows.visual(split);
        int fromVideo0 = 0;
        float[] row = new float[6];
        float[] expected = new float[6];
        for (int r = 0; r < rows.rowCount(); r++) {
            if (rows.describeRow(r).startsWith("video train_0 ")) {
                int frame = Integer.parseInt(rows.describeRow(r).split(" ")[3]);
                assertEquals(labels[frame - 1], rows.label(r), "row of frame " + frame + " takes label line " + frame);
                rows.copyRow(r, row, 0);
                v.embeddingRow(v.rowOf(frame), expected, 0);
                assertEquals(java.util.Arrays.toString(expected), java.util.Arrays.toString(row));
                fromVideo0++;
            }
        }
        assertEquals(expectedRows, fromVideo0);
    }

    @Test
    void annotationLongerByOneIsAcceptedAndFarOffIsAnError() throws Exception {
        AnnotatedSplit val = load(ExprAnnotations.VALIDATION_SET); // val_1 is one frame longer (organisers' count)
        assertEquals(1, val.summary().frameCountMismatches());
        AnnotatedVideo v1 = val.videos().stream()
                .filter(v -> v.id().equals("val_1"))
                .findFirst()
                .orElseThrow();
        assertEquals(v1.video().frameCount() + 1, v1.frameCount());
        assertEquals(v1.video().frameCount() - 1, v1.audioRow(v1.frameCount()), "last audio row repeats");

        writeAnnotation(
                ExprAnnotations.VALIDATION_SET,
                "val_0",
                new int[store.video("val_0").frameCount() + 10]);
        Fer4jException e = assertThrows(Fer4jException.class, () -> load(ExprAnnotations.VALIDATION_SET));
        assertTrue(
                e.getMessage().contains("val_0.txt")
                        && e.getMessage().contains("meta.json")
                        && e.getMessage().contains("--frame-count-tolerance"),
                e.getMessage());
        AnnotatedSplit lenient = AnnotatedSplit.load(
                store, data.annotations(), ExprAnnotations.VALIDATION_SET, new AlignmentPolicy(10, false));
        assertEquals(2, lenient.summary().frameCountMismatches());
    }

    @Test
    void missingAndIncompleteVideosAreNamedOrSkippedOnRequest() throws Exception {
        writeAnnotation(ExprAnnotations.TRAIN_SET, "ghost", new int[] {0, 1});
        Files.delete(data.store().resolve("train_1").resolve("meta.json")); // interrupted extraction
        Fer4jException e = assertThrows(Fer4jException.class, () -> load(ExprAnnotations.TRAIN_SET));
        assertTrue(
                e.getMessage().contains("ghost")
                        && e.getMessage().contains("train_1")
                        && e.getMessage().contains("--allow-missing"),
                e.getMessage());
        AnnotatedSplit skipped =
                AnnotatedSplit.load(store, data.annotations(), ExprAnnotations.TRAIN_SET, new AlignmentPolicy(5, true));
        assertEquals(List.of("ghost", "train_1"), skipped.missingVideos());
        assertEquals(2, skipped.videos().size());
    }

    @Test
    void nonFiniteFeaturesAndRowCountMismatchesFailNamingTheFile() throws Exception {
        StoredVideo v = store.video("train_2");
        float[] emb = new float[v.rowCount() * 6];
        emb[3 * 6 + 2] = Float.NaN;
        Npy.writeFloat16(v.dir().resolve("embeddings.npy"), emb, v.rowCount(), 6);
        Fer4jException e = assertThrows(Fer4jException.class, () -> load(ExprAnnotations.TRAIN_SET));
        assertTrue(e.getMessage().contains("embeddings.npy") && e.getMessage().contains("row 3"), e.getMessage());

        Npy.writeFloat16(v.dir().resolve("embeddings.npy"), new float[(v.rowCount() - 1) * 6], v.rowCount() - 1, 6);
        e = assertThrows(Fer4jException.class, () -> load(ExprAnnotations.TRAIN_SET));
        assertTrue(e.getMessage().contains("row counts differ"), e.getMessage());
    }

    @Test
    void labelsOutsideTheRangeAreRejectedWithTheLine() throws Exception {
        Files.writeString(
                annotation(ExprAnnotations.TRAIN_SET, "train_0"),
                "Neutral,Anger,Disgust,Fear,Happiness,Sadness,Surprise,Other\n0\n9\n");
        Fer4jException e = assertThrows(Fer4jException.class, () -> load(ExprAnnotations.TRAIN_SET));
        assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("train_0.txt"), e.getMessage());
    }

    @Test
    void aClassAbsentFromTrainingTrainsWithoutDivisionByZero() throws Exception {
        // relabel every training frame of class 3 (Fear) as Neutral
        for (String id : List.of("train_0", "train_1", "train_2")) {
            List<String> lines = new ArrayList<>(Files.readAllLines(annotation(ExprAnnotations.TRAIN_SET, id)));
            for (int i = 1; i < lines.size(); i++) {
                if (lines.get(i).equals("3")) {
                    lines.set(i, "0");
                }
            }
            Files.write(annotation(ExprAnnotations.TRAIN_SET, id), lines);
        }
        TrainingOptions options = new TrainingOptions(
                data.store(),
                data.annotations(),
                io.fer4j.head.HeadLoss.WEIGHTED_CE,
                Modality.VISUAL,
                HeadTrainingConfig.defaults().withEpochs(2),
                "paper",
                new PostProcessingGrid(new int[] {0, 5}, new double[] {0.8, 1.0}, new double[] {1.0}),
                0,
                1,
                AlignmentPolicy.defaults(),
                false);
        List<String> log = new ArrayList<>();
        BundleTrainer.Outcome o = new BundleTrainer(options).train(log::add);
        TrainedHead h = o.bundle().visualHead();
        assertEquals(0, h.trainClassCounts()[3]);
        assertEquals(0f, h.classWeights()[3]);
        for (float a : h.adjustment().bias()) {
            assertTrue(Float.isFinite(a));
        }
        assertTrue(log.stream().anyMatch(l -> l.contains("Fear has no training frame")), log.toString());
        assertEquals(
                java.util.Set.of("visual-weighted-ce", "visual-focal"),
                o.bundle().heads().keySet());
    }

    @Test
    void compatibilityNamesBundleAndStore() {
        Bundle b = BundleFilesTest.bundle(Modality.VISUAL);
        Path bundleFile = root.resolve("m.json");
        Fer4jException e = assertThrows(
                Fer4jException.class,
                () -> BundleCompatibility.require(bundleFile, b, data.store(), store.video("val_0")));
        assertTrue(
                e.getMessage().startsWith(bundleFile.toString())
                        && e.getMessage().contains(data.store().toString())
                        && e.getMessage().contains("synthetic_b0")
                        && e.getMessage().contains("enet_b0_8_best_vgaf"),
                e.getMessage());
    }
}
