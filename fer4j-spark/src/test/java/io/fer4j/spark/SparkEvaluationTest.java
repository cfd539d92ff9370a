package io.fer4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer4j.cli.Fer4jCommand;
import io.fer4j.evaluation.SyntheticStore;
import io.fer4j.metrics.ConfusionMatrix;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Distributed evaluation equals single-JVM {@code fer4j evaluate}: per-video confusions are summed exactly. */
class SparkEvaluationTest {
    private static SparkSession spark;

    @BeforeAll
    static void setUp() {
        spark = Fer4jSpark.session("fer4j-spark-eval-test", "local[2]");
    }

    @AfterAll
    static void tearDown() {
        spark.stop();
    }

    @Test
    void pooledConfusionEqualsSingleJvmEvaluate(@TempDir Path tmp) throws Exception {
        SyntheticStore.Layout data = new SyntheticStore(11, 32, 0, 1.5f).write(tmp.resolve("data"), 6, 5, 1, 300);
        Path bundle = tmp.resolve("model.fer4j");
        assertEquals(
                0,
                Fer4jCommand.commandLine()
                        .execute(
                                "train",
                                "--store",
                                data.store().toString(),
                                "--annotations",
                                data.annotations().toString(),
                                "--out",
                                bundle.toString(),
                                "--epochs",
                                "3",
                                "--seed",
                                "1"));
        Path local = tmp.resolve("local.json");
        assertEquals(
                0,
                Fer4jCommand.commandLine()
                        .execute(
                                "evaluate",
                                "--bundle",
                                bundle.toString(),
                                "--store",
                                data.store().toString(),
                                "--annotations",
                                data.annotations().toString(),
                                "--json",
                                local.toString()));

        Path distributed = tmp.resolve("spark.json");
        assertEquals(
                0,
                Fer4jSpark.commandLine()
                        .execute(
                                "evaluate",
                                "--master",
                                "local[2]",
                                "--bundle",
                                bundle.toString(),
                                "--store",
                                data.store().toString(),
                                "--annotations",
                                data.annotations().toString(),
                                "--json",
                                distributed.toString()));

        // issue 10: the job's --json follows the rule of every output (existing: --force; an input: never)
        byte[] before = java.nio.file.Files.readAllBytes(distributed);
        assertEquals(
                2,
                Fer4jSpark.commandLine()
                        .execute(
                                "evaluate",
                                "--master",
                                "local[2]",
                                "--bundle",
                                bundle.toString(),
                                "--store",
                                data.store().toString(),
                                "--annotations",
                                data.annotations().toString(),
                                "--json",
                                distributed.toString()));
        assertEquals(
                2,
                Fer4jSpark.commandLine()
                        .execute(
                                "evaluate",
                                "--master",
                                "local[2]",
                                "--bundle",
                                bundle.toString(),
                                "--store",
                                data.store().toString(),
                                "--annotations",
                                data.annotations().toString(),
                                "--json",
                                bundle.toString(),
                                "--force"));
        org.junit.jupiter.api.Assertions.assertArrayEquals(before, java.nio.file.Files.readAllBytes(distributed));

        JsonNode a = new ObjectMapper().readTree(local.toFile());
        JsonNode b = new ObjectMapper().readTree(distributed.toFile());
        assertEquals(a.get("confusion").toString(), b.get("confusion").toString());
        assertEquals(a.get("macro_f1").asDouble(), b.get("macro_f1").asDouble(), 1e-12);
        assertEquals(a.get("accuracy").asDouble(), b.get("accuracy").asDouble(), 1e-12);

        // The pooled figure is not the mean of per-video F1s: recompute from the summed matrix independently.
        SparkEvaluation.Result r =
                SparkEvaluation.evaluate(spark, bundle, data.store(), data.annotations(), "Validation_Set");
        ConfusionMatrix sum = ConfusionMatrix.empty(8);
        for (SparkEvaluation.VideoScore v : r.videos()) {
            assertTrue(v.error() == null, v.videoId() + ": " + v.error());
            sum = sum.plus(ConfusionMatrix.of(v.confusion()));
        }
        assertArrayEquals(sum.perClassF1(), r.confusion().perClassF1(), 0.0);
        assertTrue(Files.exists(distributed));
    }
}
