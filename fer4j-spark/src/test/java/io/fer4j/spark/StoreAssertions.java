package io.fer4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Store comparisons shared by the Spark tests: a Spark store against the one {@code fer4j extract} wrote. */
final class StoreAssertions {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StoreAssertions() {}

    /**
     * {@code <actual>/<id>} holds exactly the files of {@code <expected>/<expectedId>}, byte for byte; meta.json
     * equal, key order included, once Spark's {@code extracted_by} is set aside.
     */
    static void assertSameVideo(Path expected, String expectedId, Path actual, String id) throws IOException {
        Path e = expected.resolve(expectedId);
        Path a = actual.resolve(id);
        assertEquals(names(e), names(a), "files of " + id);
        for (String name : names(e)) {
            if (name.equals("meta.json")) {
                assertSameMeta(e.resolve(name), a.resolve(name));
            } else {
                assertArrayEquals(
                        Files.readAllBytes(e.resolve(name)),
                        Files.readAllBytes(a.resolve(name)),
                        id + "/" + name + " bit for bit");
            }
        }
    }

    static void assertSameMeta(Path cliMeta, Path sparkMeta) throws IOException {
        ObjectNode cli = (ObjectNode) JSON.readTree(cliMeta.toFile());
        ObjectNode spark = (ObjectNode) JSON.readTree(sparkMeta.toFile());
        assertEquals("fer4j-spark", spark.path("extracted_by").asText(), "Spark says who wrote " + sparkMeta);
        spark.remove("extracted_by");
        assertEquals(cli, spark, "meta.json apart from extracted_by: " + sparkMeta);
        List<String> cliKeys = new ArrayList<>();
        cli.fieldNames().forEachRemaining(cliKeys::add);
        List<String> sparkKeys = new ArrayList<>();
        spark.fieldNames().forEachRemaining(sparkKeys::add);
        assertEquals(cliKeys, sparkKeys, "meta.json key order");
    }

    /** Entries of the store folder whose names start with a dot: temporary folders, locks. */
    static List<String> hiddenEntries(Path store) throws IOException {
        try (Stream<Path> s = Files.list(store)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("."))
                    .sorted()
                    .toList();
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
