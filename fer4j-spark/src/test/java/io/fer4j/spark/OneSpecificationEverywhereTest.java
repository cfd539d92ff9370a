package io.fer4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.api.ExtractionReport;
import io.fer4j.api.Fer4j;
import io.fer4j.api.FrameLabel;
import io.fer4j.api.VideoResult;
import io.fer4j.cli.Fer4jCommand;
import io.fer4j.label.AbawClass;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One specification (fixture EfficientNet and YuNet, stride 2, detect-every 2, batch 4, one core, CPU) run through
 * every entry point: {@code fer4j extract}, {@code Fer4j.extract} and Spark {@code local[1]} write byte-identical
 * stores (meta.json equal apart from timestamps); {@code fer4j predict} and {@code Fer4j.predict} give identical
 * labels and probabilities. The reference is the command line's run.
 */
class OneSpecificationEverywhereTest {
    enum EntryPoint {
        CLI,
        API,
        SPARK
    }

    @TempDir
    static Path dir;

    static Path fixtures;
    static Path input;
    static Path referenceStore;
    static List<String> referenceCsv;

    @BeforeAll
    static void reference() throws Exception {
        String shared = System.getProperty("fer4j.shared");
        fixtures = shared == null ? null : Path.of(shared, "fixtures");
        Assumptions.assumeTrue(
                fixtures != null && Files.isRegularFile(fixtures.resolve("media/video.mp4")),
                "needs ../shared/fixtures (video.mp4, enet_b0_random.onnx, face_detection_yunet.onnx); not present");
        input = Files.createDirectories(dir.resolve("in"));
        Files.copy(fixtures.resolve("media/video.mp4"), input.resolve("clip.mp4"));
        referenceStore = dir.resolve("reference-store");
        assertEquals(0, extract(EntryPoint.CLI, referenceStore));
        Path out = dir.resolve("reference-predict");
        assertEquals(
                0,
                Fer4jCommand.commandLine()
                        .execute(cli("predict", input.resolve("clip.mp4").toString(), "--out", out.toString())));
        referenceCsv = Files.readAllLines(out.resolve("clip.csv"));
        assertTrue(referenceCsv.size() > 1, "the reference predicted frames");
    }

    @AfterAll
    static void stopSpark() {
        SparkSession.getActiveSession().foreach(s -> {
            s.stop();
            return null;
        });
    }

    /** The specification as command-line options, after the command's own arguments. */
    static String[] cli(String... head) {
        List<String> a = new ArrayList<>(List.of(head));
        a.addAll(List.of(
                "--backbone",
                fixtures.resolve("models/enet_b0_random.onnx").toString(),
                "--detector",
                fixtures.resolve("models/face_detection_yunet.onnx").toString(),
                "--stride",
                "2",
                "--detect-every",
                "2",
                "--batch",
                "4",
                "--threads",
                "1",
                "--device",
                "cpu"));
        return a.toArray(String[]::new);
    }

    /** The same specification through the Java API. */
    static Fer4j api() {
        return Fer4j.builder()
                .backbone(fixtures.resolve("models/enet_b0_random.onnx"))
                .detector(fixtures.resolve("models/face_detection_yunet.onnx"))
                .stride(2)
                .detectEvery(2)
                .batchSize(4)
                .threads(1)
                .device("cpu")
                .build();
    }

    static int extract(EntryPoint via, Path store) {
        return switch (via) {
            case CLI ->
                Fer4jCommand.commandLine()
                        .execute(cli("extract", "--input", input.toString(), "--store", store.toString()));
            case API -> {
                try (Fer4j f = api()) {
                    ExtractionReport r = f.extract(input, store);
                    yield r.allOk() && r.extracted().equals(List.of("clip")) ? 0 : 3;
                }
            }
            case SPARK ->
                Fer4jSpark.commandLine()
                        .execute(cli(
                                "extract",
                                "--master",
                                "local[1]",
                                "--input",
                                input.toString(),
                                "--store",
                                store.toString()));
        };
    }

    @ParameterizedTest
    @EnumSource(EntryPoint.class)
    void everyEntryPointWritesTheSameStoreBytes(EntryPoint via) throws Exception {
        Path store = dir.resolve("store-" + via);
        assertEquals(0, extract(via, store));
        List<Path> expected = files(referenceStore);
        assertEquals(
                expected.stream()
                        .map(p -> referenceStore.relativize(p).toString())
                        .toList(),
                files(store).stream().map(p -> store.relativize(p).toString()).toList(),
                "the same files");
        for (Path e : expected) {
            Path got = store.resolve(referenceStore.relativize(e));
            if (e.getFileName().toString().equals("meta.json")) {
                assertEquals(withoutTimes(e), withoutTimes(got), via + " " + got);
            } else {
                assertArrayEquals(Files.readAllBytes(e), Files.readAllBytes(got), via + " " + got);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = EntryPoint.class,
            names = {"CLI", "API"})
    void predictGivesTheSameLabelsAndProbabilities(EntryPoint via) throws Exception {
        List<String> rows;
        if (via == EntryPoint.CLI) {
            Path out = dir.resolve("predict-" + via);
            assertEquals(
                    0,
                    Fer4jCommand.commandLine()
                            .execute(cli("predict", input.resolve("clip.mp4").toString(), "--out", out.toString())));
            rows = Files.readAllLines(out.resolve("clip.csv")).subList(1, referenceCsv.size());
        } else {
            try (Fer4j f = api()) {
                VideoResult r = f.predict(input.resolve("clip.mp4"));
                rows = r.frames().stream()
                        .map(OneSpecificationEverywhereTest::labelColumns)
                        .toList();
            }
        }
        List<String> expected = referenceCsv.subList(1, referenceCsv.size()).stream()
                .map(OneSpecificationEverywhereTest::labelColumnsOfCsv)
                .toList();
        assertEquals(
                expected,
                rows.stream()
                        .map(r -> via == EntryPoint.CLI ? labelColumnsOfCsv(r) : r)
                        .toList());
    }

    /** frame, label index and the 8 probabilities of a CSV row (columns as FrameCsvWriter writes them). */
    static String labelColumnsOfCsv(String row) {
        String[] c = row.split(",", -1);
        List<String> keep = new ArrayList<>(List.of(c[0], c[7]));
        keep.addAll(List.of(c).subList(9, 17));
        return String.join(",", keep);
    }

    /** The same columns of an API label, formatted as the CSV formats them. */
    static String labelColumns(FrameLabel f) {
        List<String> keep = new ArrayList<>(List.of(
                Integer.toString(f.frameIndex()), Integer.toString(f.label().ordinal())));
        for (AbawClass c : AbawClass.values()) {
            keep.add(String.format(Locale.ROOT, "%.6f", f.probability(c)));
        }
        return String.join(",", keep);
    }

    static List<Path> files(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> !root.relativize(p).toString().startsWith("."))
                    .sorted()
                    .toList();
        }
    }

    /**
     * meta.json without the keys that say when and by which tool it was written (Spark records
     * {@code extracted_by}); every key about the pipeline stays.
     */
    static JsonNode withoutTimes(Path meta) throws Exception {
        ObjectNode n = (ObjectNode) new ObjectMapper().readTree(meta.toFile());
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (k.contains("time")
                    || k.endsWith("_at")
                    || k.endsWith("_by")
                    || k.contains("utc")
                    || k.contains("date")) {
                it.remove();
            }
        }
        return n;
    }
}
