package io.fer4j.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fer4j.error.Fer4jException;
import io.fer4j.head.HeadLoss;
import io.fer4j.store.AtomicFiles;
import io.fer4j.va.VaBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The bundle file: one UTF-8 JSON document, written atomically (temporary sibling, then rename), read and written
 * through one mapping ({@link BundleJson}'s records).
 *
 * <p>Why one JSON file: it is self-describing (every field is named; {@code jq .provenance model.fer4j} prints the
 * history), versioned ({@code "format": "fer4j-bundle", "format_version": 1}), one path to copy, and readable
 * without fer4j. Weights are little-endian float32 arrays in base64 with their shape, e.g. in Python
 * {@code np.frombuffer(base64.b64decode(w["data"]), "<f4").reshape(w["shape"])} — a 1280-wide head takes about
 * 0.9 MB. Layout:
 * <pre>
 * {"format": "fer4j-bundle", "format_version": 1,
 *  "class_order": ["Neutral", …, "Other"],
 *  "backbone": {"name", "sha256", "embedding_dim", "logits_dim", "class_space"},
 *  "modality": "visual|audio|both", "primary_visual_head": "visual-weighted-ce", "audio_dim": 0,
 *  "post_processing": {"delta_frames", "p0", "w"},
 *  "heads": {"visual-weighted-ce": {"input", "loss", "input_dim", "hidden_dim", "class_count",
 *            "w1": {"dtype": "&lt;f4", "shape": [H, D], "data": base64}, "b1", "w2", "b2",
 *            "logit_adjustment": {"estimator", "bias": [8]}, "estimator_scores": {…},
 *            "train_class_counts": [8], "class_weights": [8], "selected_epoch", "best_accuracy_epoch",
 *            "epochs": [{"epoch", "train_loss", "validation_macro_f1", "validation_accuracy", "seconds"}]}, …},
 *  "provenance": {"library_version", "created_at", "store", "annotations", "hyperparameters": {…},
 *                 "train": {split summary}, "validation": {…}, "validation_metrics": {…}}}
 * </pre>
 * A valence-arousal bundle ({@link VaBundleJson}) has {@code "tasks": ["va"]}, the same backbone and provenance,
 * and a {@code "va"} section in place of the expression fields; a file without {@code "tasks"} is an EXPR bundle.
 */
public final class BundleFiles {
    /** The one mapping of {@link BundleJson}: snake_case names, fields this version does not know are ignored. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private BundleFiles() {}

    /** Writes {@code bundle} to {@code file} atomically (never a half-written bundle, even on failure). */
    public static void write(Path file, Bundle bundle) {
        writeJson(file, BundleJson.of(bundle));
    }

    /** Writes a valence-arousal bundle ({@code "tasks": ["va"]}) atomically. */
    public static void writeVa(Path file, VaBundle bundle) {
        writeJson(file, VaBundleJson.of(bundle));
    }

    private static void writeJson(Path file, Object json) {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new Fer4jException(file, "the folder of the bundle does not exist; create " + parent + " first");
        }
        AtomicFiles.write(file, out -> JSON.writeValue(out, json));
    }

    /** Reads a bundle; a file that is not a bundle, of another format version, or damaged fails naming the file. */
    public static Bundle read(Path file) {
        JsonNode root = readRoot(file);
        if (!tasksOf(root).contains(TASK_EXPR)) {
            throw new Fer4jException(
                    file,
                    "this bundle holds the valence-arousal task only (trained with --task va),"
                            + " no expression head; use it with --task va commands, or pass an expression bundle");
        }
        try {
            return JSON.treeToValue(root, BundleJson.class).toBundle();
        } catch (JsonProcessingException | RuntimeException e) {
            throw new Fer4jException(file, "damaged bundle: " + e.getMessage() + "; retrain it with `fer4j train`", e);
        }
    }

    /** Reads the valence-arousal part of a bundle; a bundle without one fails naming the file and the option. */
    public static VaBundle readVa(Path file) {
        JsonNode root = readRoot(file);
        if (!tasksOf(root).contains(TASK_VA)) {
            throw new Fer4jException(
                    file,
                    "this is an expression (EXPR) bundle with no valence-arousal head; train"
                            + " one with `fer4j train --task va`, or drop --task va");
        }
        try {
            return JSON.treeToValue(root, VaBundleJson.class).toBundle();
        } catch (JsonProcessingException | RuntimeException e) {
            throw new Fer4jException(
                    file, "damaged bundle: " + e.getMessage() + "; retrain it with `fer4j train" + " --task va`", e);
        }
    }

    /** The task of an expression bundle (and of every bundle without a {@code "tasks"} entry). */
    public static final String TASK_EXPR = "expr";
    /** The task of a bundle with a {@code "va"} section. */
    public static final String TASK_VA = "va";

    /** The tasks a bundle file holds: {@code expr}, {@code va} or both. */
    public static Set<String> tasks(Path file) {
        return tasksOf(readRoot(file));
    }

    private static Set<String> tasksOf(JsonNode root) {
        JsonNode t = root.get("tasks");
        if (t == null || !t.isArray()) {
            return Set.of(TASK_EXPR); // every bundle written before the VA track
        }
        Set<String> out = new LinkedHashSet<>();
        t.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** The file's JSON tree, once its format name and version are checked. */
    private static JsonNode readRoot(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new Fer4jException(file, "bundle not found; train one with `fer4j train --out " + file + "`", e);
        } catch (JsonProcessingException e) {
            throw new Fer4jException(
                    file,
                    "not a fer4j bundle (invalid JSON at line "
                            + e.getLocation().getLineNr() + "): " + e.getOriginalMessage()
                            + "; train it again with `fer4j train`",
                    e);
        } catch (IOException e) {
            throw AtomicFiles.failure(file, "read", e);
        }
        if (root == null
                || !root.isObject()
                || !Bundle.FORMAT_NAME.equals(root.path("format").asText())) {
            throw new Fer4jException(
                    file,
                    "not a fer4j bundle (no \"format\": \"" + Bundle.FORMAT_NAME
                            + "\" entry); pass a file written by `fer4j train`");
        }
        int version = root.path("format_version").asInt(-1);
        if (version != Bundle.FORMAT_VERSION) {
            throw new Fer4jException(
                    file,
                    "bundle format version " + version + " is not supported by this fer4j" + " (it reads version "
                            + Bundle.FORMAT_VERSION + "); retrain the bundle with this version");
        }
        return root;
    }

    /** Loss names in files and on the command line: {@code weighted-ce}, {@code focal}. */
    public static String lossName(HeadLoss loss) {
        return loss == HeadLoss.WEIGHTED_CE ? "weighted-ce" : "focal";
    }

    public static HeadLoss parseLoss(String name) {
        return switch (name) {
            case "weighted-ce" -> HeadLoss.WEIGHTED_CE;
            case "focal" -> HeadLoss.FOCAL;
            default -> throw new IllegalArgumentException("unknown loss '" + name + "'; use weighted-ce or focal");
        };
    }
}
