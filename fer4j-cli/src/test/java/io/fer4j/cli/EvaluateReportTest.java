package io.fer4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer4j.evaluation.SyntheticStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fer4j evaluate --ablation --report DIR} on a synthetic store: the page agrees with --json. */
class EvaluateReportTest {
    @TempDir
    Path root;

    private static int run(StringWriter out, String... args) {
        var cl = Fer4jCommand.commandLine();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        out.append(err.toString());
        return exit;
    }

    @Test
    void reportHasTheAblationTableAndAHeatmapPerRow() throws Exception {
        SyntheticStore.Layout data = new SyntheticStore(11, 8, 0, 1.6f).write(root.resolve("data"), 4, 3, 1, 160);
        Path bundle = root.resolve("b.fer4j.json");
        StringWriter log = new StringWriter();
        assertEquals(
                0,
                run(
                        log,
                        "train",
                        "--store",
                        data.store().toString(),
                        "--annotations",
                        data.annotations().toString(),
                        "--out",
                        bundle.toString(),
                        "--epochs",
                        "3",
                        "--folds",
                        "2",
                        "--deltas",
                        "0,5",
                        "--threads",
                        "2"),
                log.toString());
        Path json = root.resolve("eval.json");
        Path report = root.resolve("report");
        assertEquals(
                0,
                run(
                        log,
                        "evaluate",
                        "--bundle",
                        bundle.toString(),
                        "--store",
                        data.store().toString(),
                        "--annotations",
                        data.annotations().toString(),
                        "--ablation",
                        "--folds",
                        "2",
                        "--deltas",
                        "0,5",
                        "--json",
                        json.toString(),
                        "--report",
                        report.toString()),
                log.toString());
        String html = Files.readString(report.resolve("evaluation.html"));
        JsonNode j = new ObjectMapper().readTree(json.toFile());
        JsonNode rows = j.get("rows");
        assertTrue(rows.size() >= 2, rows.toString());
        for (int i = 0; i < rows.size(); i++) {
            JsonNode r = rows.get(i);
            String cells = String.format(
                    Locale.ROOT,
                    "<td class=\"num\">%.2f</td><td class=\"num\">%.2f</td>",
                    100 * r.get("macro_f1").asDouble(),
                    100 * r.get("accuracy").asDouble());
            assertTrue(html.contains(cells), r.get("name").asText() + " " + cells);
            assertTrue(html.contains("id=\"heatmap-" + i + "\""), "heat map of row " + i);
        }
        assertTrue(html.contains("id=\"heatmap-main\""));
        assertTrue(html.contains(String.format(
                Locale.ROOT, "macro-F1 <b>%.2f</b>", 100 * j.get("macro_f1").asDouble())));
        assertTrue(html.contains("<table class=\"heatmap\" id=\"heatmap-main\""), "heat maps are tables of text");
        assertFalse(html.contains("src=\"http") || html.contains("href=\"http"), "self-contained");
    }
}
