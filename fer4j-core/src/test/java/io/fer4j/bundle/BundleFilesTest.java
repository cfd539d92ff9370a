package io.fer4j.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.error.Fer4jException;
import io.fer4j.head.EpochRecord;
import io.fer4j.head.HeadLoss;
import io.fer4j.head.MlpHead;
import io.fer4j.label.AbawClass;
import io.fer4j.logitadjustment.LogitAdjustment;
import io.fer4j.postprocess.PostProcessingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

public class BundleFilesTest {
    @TempDir
    Path dir;

    /** A head with D=2, hidden 2: hidden = relu(x), logits = [h0, h1, 0, …, 0] + b2. */
    static MlpHead identityHead(float[] b2) {
        float[] w2 = new float[8 * 2];
        w2[0] = 1; // class 0 ← h0
        w2[1 * 2 + 1] = 1; // class 1 ← h1
        return MlpHead.of(2, 2, 8, new float[] {1, 0, 0, 1}, new float[2], w2, b2);
    }

    static TrainedHead head(String name, String input, float[] bias) {
        long[] counts = {50, 30, 0, 5, 10, 3, 1, 1};
        return new TrainedHead(
                name,
                input,
                HeadLoss.WEIGHTED_CE,
                identityHead(new float[8]),
                new LogitAdjustment(bias, "paper"),
                Map.of("none", 0.25, "paper", 0.5),
                counts,
                new float[] {1, 1.6f, 0, 10, 5, 16.6f, 50, 50},
                List.of(new EpochRecord(1, 1.5, 0.2, 0.4, 0.1), new EpochRecord(2, 1.2, Double.NaN, 0.5, 0.1)),
                2,
                2);
    }

    public static Bundle bundle(Modality modality) {
        Map<String, TrainedHead> heads = new java.util.LinkedHashMap<>();
        heads.put(
                TrainedHead.VISUAL_WEIGHTED_CE,
                head(TrainedHead.VISUAL_WEIGHTED_CE, "visual", new float[] {0, 0.5f, 0, 0, 0, 0, 0, -0.25f}));
        heads.put(TrainedHead.AUDIO_FOCAL, head(TrainedHead.AUDIO_FOCAL, "audio", new float[8]));
        Provenance p = new Provenance(
                "test",
                "2026-01-01T00:00:00Z",
                "/s",
                "/a",
                Map.of("epochs", "2"),
                new SplitSummary(
                        "Train_Set", 2, 100, 90, new long[] {50, 30, 0, 5, 10, 3, 1, 1}, 0, 1, "ab", List.of()),
                null,
                Map.of("tuned_macro_f1", 0.5));
        return new Bundle(
                Bundle.FORMAT_VERSION,
                AbawClass.displayNames(),
                new BackboneInfo("enet_b0_8_best_vgaf", "00085f9a", 2, 8, "affectnet8"),
                modality,
                modality.usesVisual() ? TrainedHead.VISUAL_WEIGHTED_CE : null,
                heads,
                new PostProcessingConfig(3, 0.8, 0.6),
                2,
                p);
    }

    @Test
    void roundTripKeepsEverything() {
        Bundle b = bundle(Modality.BOTH);
        Path file = dir.resolve("m.fer4j.json");
        BundleFiles.write(file, b);
        Bundle r = BundleFiles.read(file);
        assertEquals(b.backbone(), r.backbone());
        assertEquals(b.modality(), r.modality());
        assertEquals(b.postProcessing(), r.postProcessing());
        assertEquals(b.classOrder(), r.classOrder());
        assertEquals(b.heads().keySet(), r.heads().keySet());
        TrainedHead h = r.visualHead();
        assertArrayEquals(b.visualHead().head().w1(), h.head().w1());
        assertArrayEquals(b.visualHead().head().w2(), h.head().w2());
        assertEquals(b.visualHead().adjustment(), h.adjustment());
        assertArrayEquals(b.visualHead().trainClassCounts(), h.trainClassCounts());
        assertEquals(2, h.epochs().size());
        assertTrue(Double.isNaN(h.epochs().get(1).validationMacroF1()));
        assertEquals(b.provenance().hyperparameters(), r.provenance().hyperparameters());
        assertEquals(b.provenance().validationMetrics(), r.provenance().validationMetrics());
        assertArrayEquals(
                b.provenance().train().framesPerClass(), r.provenance().train().framesPerClass());
        // no temporary files left next to it
        assertEquals(1, dir.toFile().list().length);
    }

    /**
     * Bundle files written before the format became one mapping (records + Jackson): each reads and writes back
     * byte for byte. The files in src/test/resources/io/fer4j/bundle were written by the hand-built writer of commit
     * cf565c3 from {@link #bundle} (BOTH and AUDIO: a null primary head, a NaN epoch metric, no validation split).
     */
    @ParameterizedTest
    @ValueSource(strings = {"both.fer4j.json", "audio.fer4j.json"})
    void filesOfTheFormatReadAndWriteBackByteForByte(String name) throws Exception {
        Path golden = Path.of(BundleFilesTest.class.getResource(name).toURI());
        Bundle read = BundleFiles.read(golden);
        assertEquals(name.startsWith("audio") ? Modality.AUDIO : Modality.BOTH, read.modality());
        assertTrue(Double.isNaN(
                read.visualHead() == null
                        ? read.heads()
                                .get(TrainedHead.AUDIO_FOCAL)
                                .epochs()
                                .get(1)
                                .validationMacroF1()
                        : read.visualHead().epochs().get(1).validationMacroF1()));
        Path again = dir.resolve(name);
        BundleFiles.write(again, read);
        assertArrayEquals(Files.readAllBytes(golden), Files.readAllBytes(again));
    }

    @Test
    void aMissingRequiredEntryIsNamed() throws Exception {
        Path file = dir.resolve("m.json");
        BundleFiles.write(file, bundle(Modality.VISUAL));
        Files.writeString(file, Files.readString(file).replace("\"logits_dim\" : 8,", ""));
        Fer4jException e = assertThrows(Fer4jException.class, () -> BundleFiles.read(file));
        assertTrue(e.getMessage().contains("damaged bundle: missing \"logits_dim\""), e.getMessage());
    }

    @Test
    void rejectsFilesThatAreNotBundlesOrOfAnotherVersion() throws Exception {
        Path notJson = dir.resolve("x.json");
        Files.writeString(notJson, "{\"format\": \"something-else\"}");
        Fer4jException e = assertThrows(Fer4jException.class, () -> BundleFiles.read(notJson));
        assertTrue(e.getMessage().contains(notJson.toString()) && e.getMessage().contains("not a fer4j bundle"));

        Path file = dir.resolve("m.json");
        BundleFiles.write(file, bundle(Modality.VISUAL));
        String text = Files.readString(file).replace("\"format_version\" : 1", "\"format_version\" : 2");
        Files.writeString(file, text);
        e = assertThrows(Fer4jException.class, () -> BundleFiles.read(file));
        assertTrue(e.getMessage().contains("format version 2"), e.getMessage());

        Path damaged = dir.resolve("d.json");
        BundleFiles.write(damaged, bundle(Modality.VISUAL));
        Files.writeString(
                damaged, Files.readString(damaged).replaceFirst("\"data\" : \"[A-Za-z0-9+/]{4}", "\"data\" : \""));
        e = assertThrows(Fer4jException.class, () -> BundleFiles.read(damaged));
        assertTrue(e.getMessage().contains("damaged bundle"), e.getMessage());
    }

    @Test
    void aBundleWhoseHeadHasAnotherClassCountFailsOnLoadNamingTheFile() {
        float[] w2 = new float[7 * 2];
        MlpHead seven = MlpHead.of(2, 2, 7, new float[] {1, 0, 0, 1}, new float[2], w2, new float[7]);
        TrainedHead h = new TrainedHead(
                TrainedHead.VISUAL_WEIGHTED_CE,
                "visual",
                HeadLoss.WEIGHTED_CE,
                seven,
                new LogitAdjustment(new float[7], "paper"),
                Map.of(),
                new long[] {5, 3, 1, 1, 1, 1, 1},
                new float[] {1, 1, 1, 1, 1, 1, 1},
                List.of(),
                1,
                1);
        Bundle eight = bundle(Modality.VISUAL);
        Bundle b = new Bundle(
                eight.formatVersion(),
                eight.classOrder(),
                eight.backbone(),
                Modality.VISUAL,
                TrainedHead.VISUAL_WEIGHTED_CE,
                Map.of(h.name(), h),
                eight.postProcessing(),
                0,
                eight.provenance());
        Path file = dir.resolve("seven.json");
        BundleFiles.write(file, b);
        Fer4jException e = assertThrows(Fer4jException.class, () -> BundleFiles.read(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("7 classes"), e.getMessage());
    }

    @Test
    void writingIntoAMissingFolderFailsWithoutLeavingAFile() {
        Path file = dir.resolve("no/such/folder/m.json");
        assertThrows(Fer4jException.class, () -> BundleFiles.write(file, bundle(Modality.VISUAL)));
        assertFalse(Files.exists(file));
    }

    @Test
    void bundleRejectsInconsistentHeads() {
        Bundle b = bundle(Modality.VISUAL);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new Bundle(
                        1,
                        b.classOrder(),
                        new BackboneInfo("x", "", 5, 8, "affectnet8"),
                        Modality.VISUAL,
                        TrainedHead.VISUAL_WEIGHTED_CE,
                        b.heads(),
                        b.postProcessing(),
                        2,
                        b.provenance()));
        assertTrue(e.getMessage().contains("embedding width"), e.getMessage());
    }
}
