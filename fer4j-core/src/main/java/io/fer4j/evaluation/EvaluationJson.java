package io.fer4j.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.label.AbawClass;
import io.fer4j.metrics.ConfusionMatrix;
import io.fer4j.store.AtomicFiles;
import java.nio.file.Path;

/**
 * The machine-readable evaluation ({@code evaluate --json FILE}); fractions in [0, 1]:
 * <pre>
 * {"split", "videos", "frames", "class_order": [8],
 *  "macro_f1", "accuracy", "per_class_f1": [8], "confusion": [[8]×8] (rows = true class),
 *  "delta", "p0", "w",
 *  "honest_kfold": {"folds", "macro_f1", "accuracy"} | null,
 *  "bundle": {"path", "backbone", "backbone_sha256", "modality", "created_at", "library_version"},
 *  "missing_videos": [...],
 *  "rows": [{"name", "macro_f1", "accuracy", "delta", "p0", "w", "honest_macro_f1", "honest_accuracy"}]  (with --ablation)}
 * </pre>
 */
public final class EvaluationJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private EvaluationJson() {}

    public static ObjectNode toJson(EvaluationResult r, boolean withRows) {
        ObjectNode n = JSON.createObjectNode();
        n.put("split", r.split());
        n.put("videos", r.videos().size());
        n.put("frames", r.frameCount());
        ArrayNode order = n.putArray("class_order");
        AbawClass.displayNames().forEach(order::add);
        n.put("macro_f1", r.macroF1());
        n.put("accuracy", r.accuracy());
        ArrayNode per = n.putArray("per_class_f1");
        for (double f : r.perClassF1()) {
            per.add(f);
        }
        n.set("confusion", confusion(r.confusion()));
        n.put("delta", r.config().deltaFrames());
        n.put("p0", r.config().p0());
        n.put("w", r.config().visualWeight());
        if (r.honest() == null) {
            n.putNull("honest_kfold");
        } else {
            ObjectNode h = n.putObject("honest_kfold");
            h.put("folds", r.honest().folds().size());
            h.put("macro_f1", r.honest().macroF1());
            h.put("accuracy", r.honest().accuracy());
        }
        ObjectNode b = n.putObject("bundle");
        b.put("path", r.bundleFile().toString());
        b.put("backbone", r.bundle().backbone().name());
        b.put("backbone_sha256", r.bundle().backbone().sha256());
        b.put("modality", r.bundle().modality().cliName());
        b.put("created_at", r.bundle().provenance().createdAt());
        b.put("library_version", r.bundle().provenance().libraryVersion());
        ArrayNode missing = n.putArray("missing_videos");
        r.missingVideos().forEach(missing::add);
        if (withRows) {
            ArrayNode rows = n.putArray("rows");
            for (AblationRow row : r.rows()) {
                ObjectNode o = rows.addObject();
                o.put("name", row.name());
                o.put("macro_f1", row.macroF1());
                o.put("accuracy", row.accuracy());
                o.put("delta", row.deltaFrames());
                o.put("p0", row.p0());
                o.put("w", row.visualWeight());
                number(o, "honest_macro_f1", row.honestMacroF1());
                number(o, "honest_accuracy", row.honestAccuracy());
            }
        }
        return n;
    }

    /** Writes the JSON atomically. */
    public static void write(Path file, EvaluationResult r, boolean withRows) {
        ObjectNode n = toJson(r, withRows);
        AtomicFiles.write(file, out -> JSON.writeValue(out, n));
    }

    private static ArrayNode confusion(ConfusionMatrix cm) {
        ArrayNode rows = JSON.createArrayNode();
        long[][] c = cm.toArray();
        for (long[] row : c) {
            ArrayNode r = rows.addArray();
            for (long v : row) {
                r.add(v);
            }
        }
        return rows;
    }

    private static void number(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.putNull(key);
        }
    }
}
