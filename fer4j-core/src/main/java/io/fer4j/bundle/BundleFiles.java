package io.fer4j.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.error.Fer4jException;
import io.fer4j.head.EpochRecord;
import io.fer4j.head.HeadLoss;
import io.fer4j.head.MlpHead;
import io.fer4j.label.AbawClass;
import io.fer4j.logitadjustment.LogitAdjustment;
import io.fer4j.postprocess.PostProcessingConfig;
import io.fer4j.store.AtomicFiles;
import io.fer4j.va.VaBundle;
import io.fer4j.va.VaEpochRecord;
import io.fer4j.va.VaHead;
import io.fer4j.va.VaLoss;
import io.fer4j.va.VaSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bundle file: one UTF-8 JSON document, written atomically (temporary sibling, then rename).
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
 */
public final class BundleFiles {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BundleFiles() {
    }

    /** Writes {@code bundle} to {@code file} atomically (never a half-written bundle, even on failure). */
    public static void write(Path file, Bundle bundle) {
        writeRoot(file, toJson(bundle));
    }

    private static void writeRoot(Path file, ObjectNode root) {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new Fer4jException(file, "the folder of the bundle does not exist; create " + parent + " first");
        }
        AtomicFiles.write(file, out -> JSON.writeValue(out, root));
    }

    /** Reads a bundle; a file that is not a bundle, of another format version, or damaged fails naming the file. */
    public static Bundle read(Path file) {
        JsonNode root = readRoot(file);
        if (!tasksOf(root).contains(TASK_EXPR)) {
            throw new Fer4jException(file, "this bundle holds the valence-arousal task only (trained with --task va),"
                    + " no expression head; use it with --task va commands, or pass an expression bundle");
        }
        try {
            return fromJson(root);
        } catch (RuntimeException e) {
            throw new Fer4jException(file, "damaged bundle: " + e.getMessage() + "; retrain it with `fer4j train`", e);
        }
    }

    /** The task of an expression bundle (and of every bundle without a {@code "tasks"} entry). */
    public static final String TASK_EXPR = "expr";
    /** The task of a bundle with a {@code "va"} section. */
    public static final String TASK_VA = "va";

    /** The tasks a bundle file holds: {@code expr}, {@code va} or both. */
    public static java.util.Set<String> tasks(Path file) {
        return tasksOf(readRoot(file));
    }

    private static java.util.Set<String> tasksOf(JsonNode root) {
        JsonNode t = root.get("tasks");
        if (t == null || !t.isArray()) {
            return java.util.Set.of(TASK_EXPR); // every bundle written before the VA track
        }
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        t.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** Writes a valence-arousal bundle ({@code "tasks": ["va"]}) atomically. */
    public static void writeVa(Path file, VaBundle bundle) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", Bundle.FORMAT_NAME);
        root.put("format_version", Bundle.FORMAT_VERSION);
        root.putArray("tasks").add(TASK_VA);
        root.set("backbone", backboneJson(bundle.backbone()));
        ObjectNode va = root.putObject("va");
        va.put("source", bundle.source().cliName());
        va.put("modality", bundle.modality().cliName());
        va.put("audio_dim", bundle.audioDim());
        ObjectNode pp = va.putObject("post_processing");
        pp.put("delta_frames", bundle.deltaFrames());
        pp.put("w", bundle.visualWeight());
        ObjectNode heads = va.putObject("heads");
        for (VaHead h : bundle.heads().values()) {
            ObjectNode n = mlpJson(h.head());
            n.put("loss", h.loss().cliName());
            n.put("selected_epoch", h.selectedEpoch());
            ArrayNode epochs = n.putArray("epochs");
            for (VaEpochRecord e : h.epochs()) {
                putEpoch(epochs, e.epoch(), e.trainLoss(), "validation_ccc_valence", e.validationCccValence(),
                        "validation_ccc_arousal", e.validationCccArousal(), e.seconds());
            }
            heads.set(h.name(), n);
        }
        root.set("provenance", provenanceJson(bundle.provenance()));
        writeRoot(file, root);
    }

    /** Reads the valence-arousal part of a bundle; a bundle without one fails naming the file and the option. */
    public static VaBundle readVa(Path file) {
        JsonNode root = readRoot(file);
        if (!tasksOf(root).contains(TASK_VA)) {
            throw new Fer4jException(file, "this is an expression (EXPR) bundle with no valence-arousal head; train"
                    + " one with `fer4j train --task va`, or drop --task va");
        }
        try {
            JsonNode va = required(root, "va");
            JsonNode pp = required(va, "post_processing");
            Map<String, VaHead> heads = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = required(va, "heads").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode n = e.getValue();
                List<VaEpochRecord> epochs = new ArrayList<>();
                for (JsonNode en : n.path("epochs")) {
                    epochs.add(new VaEpochRecord(en.path("epoch").asInt(), en.path("train_loss").asDouble(),
                            numberOrNaN(en.path("validation_ccc_valence")),
                            numberOrNaN(en.path("validation_ccc_arousal")), en.path("seconds").asDouble()));
                }
                heads.put(e.getKey(), new VaHead(e.getKey(), VaLoss.parse(text(n, "loss")), mlpFromJson(n), epochs,
                        n.path("selected_epoch").asInt(0)));
            }
            return new VaBundle(backboneFromJson(required(root, "backbone")), VaSource.parse(text(va, "source")),
                    Modality.parse(text(va, "modality")), heads, required(pp, "delta_frames").asInt(),
                    required(pp, "w").asDouble(), va.path("audio_dim").asInt(0),
                    provenanceFromJson(required(root, "provenance")));
        } catch (RuntimeException e) {
            throw new Fer4jException(file, "damaged bundle: " + e.getMessage() + "; retrain it with `fer4j train"
                    + " --task va`", e);
        }
    }

    private static JsonNode readRoot(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new Fer4jException(file, "bundle not found; train one with `fer4j train --out " + file + "`", e);
        } catch (JsonProcessingException e) {
            throw new Fer4jException(file, "not a fer4j bundle (invalid JSON at line " + e.getLocation().getLineNr()
                    + "): " + e.getOriginalMessage() + "; train it again with `fer4j train`", e);
        } catch (IOException e) {
            throw AtomicFiles.failure(file, "read", e);
        }
        if (root == null || !root.isObject() || !Bundle.FORMAT_NAME.equals(root.path("format").asText())) {
            throw new Fer4jException(file, "not a fer4j bundle (no \"format\": \"" + Bundle.FORMAT_NAME
                    + "\" entry); pass a file written by `fer4j train`");
        }
        int version = root.path("format_version").asInt(-1);
        if (version != Bundle.FORMAT_VERSION) {
            throw new Fer4jException(file, "bundle format version " + version + " is not supported by this fer4j"
                    + " (it reads version " + Bundle.FORMAT_VERSION + "); retrain the bundle with this version");
        }
        return root;
    }

    // ---- writing ----

    static ObjectNode toJson(Bundle b) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", Bundle.FORMAT_NAME);
        root.put("format_version", b.formatVersion());
        ArrayNode order = root.putArray("class_order");
        b.classOrder().forEach(order::add);
        root.set("backbone", backboneJson(b.backbone()));
        root.put("modality", b.modality().cliName());
        if (b.primaryVisual() == null) {
            root.putNull("primary_visual_head");
        } else {
            root.put("primary_visual_head", b.primaryVisual());
        }
        root.put("audio_dim", b.audioDim());
        ObjectNode pp = root.putObject("post_processing");
        pp.put("delta_frames", b.postProcessing().deltaFrames());
        pp.put("p0", b.postProcessing().p0());
        pp.put("w", b.postProcessing().visualWeight());
        ObjectNode heads = root.putObject("heads");
        for (TrainedHead h : b.heads().values()) {
            heads.set(h.name(), headJson(h));
        }
        root.set("provenance", provenanceJson(b.provenance()));
        return root;
    }

    private static ObjectNode backboneJson(BackboneInfo b) {
        ObjectNode bb = JSON.createObjectNode();
        bb.put("name", b.name());
        bb.put("sha256", b.sha256());
        bb.put("embedding_dim", b.embeddingDim());
        bb.put("logits_dim", b.logitsDim());
        bb.put("class_space", b.classSpace());
        return bb;
    }

    private static BackboneInfo backboneFromJson(JsonNode bb) {
        return new BackboneInfo(text(bb, "name"), bb.path("sha256").asText(""),
                required(bb, "embedding_dim").asInt(), required(bb, "logits_dim").asInt(), text(bb, "class_space"));
    }

    /** The MLP's widths and weights; keys in the order every bundle has written them. */
    private static ObjectNode mlpJson(MlpHead m) {
        ObjectNode n = JSON.createObjectNode();
        n.put("input_dim", m.inputDim());
        n.put("hidden_dim", m.hiddenDim());
        n.put("class_count", m.classCount());
        n.set("w1", array(m.w1(), m.hiddenDim(), m.inputDim()));
        n.set("b1", array(m.b1(), m.hiddenDim()));
        n.set("w2", array(m.w2(), m.classCount(), m.hiddenDim()));
        n.set("b2", array(m.b2(), m.classCount()));
        return n;
    }

    private static MlpHead mlpFromJson(JsonNode n) {
        int in = required(n, "input_dim").asInt();
        int hidden = required(n, "hidden_dim").asInt();
        int classes = required(n, "class_count").asInt();
        return MlpHead.of(in, hidden, classes, floats(n, "w1", hidden, in), floats(n, "b1", hidden),
                floats(n, "w2", classes, hidden), floats(n, "b2", classes));
    }

    private static ObjectNode headJson(TrainedHead h) {
        ObjectNode n = JSON.createObjectNode();
        n.put("input", h.input());
        n.put("loss", lossName(h.loss()));
        MlpHead m = h.head();
        n.setAll(mlpJson(m));
        ObjectNode adj = n.putObject("logit_adjustment");
        adj.put("estimator", h.adjustment().estimator());
        ArrayNode bias = adj.putArray("bias");
        for (float v : h.adjustment().bias()) {
            bias.add(v);
        }
        ObjectNode scores = n.putObject("estimator_scores");
        h.estimatorScores().forEach(scores::put);
        ArrayNode counts = n.putArray("train_class_counts");
        for (long c : h.trainClassCounts()) {
            counts.add(c);
        }
        ArrayNode weights = n.putArray("class_weights");
        for (float w : h.classWeights()) {
            weights.add(w);
        }
        n.put("selected_epoch", h.selectedEpoch());
        n.put("best_accuracy_epoch", h.bestAccuracyEpoch());
        ArrayNode epochs = n.putArray("epochs");
        for (EpochRecord e : h.epochs()) {
            putEpoch(epochs, e.epoch(), e.trainLoss(), "validation_macro_f1", e.validationMacroF1(),
                    "validation_accuracy", e.validationAccuracy(), e.seconds());
        }
        return n;
    }

    /** One epoch's record: {@code epoch, train_loss, <metric a>, <metric b>, seconds} (in that key order). */
    private static void putEpoch(ArrayNode epochs, int epoch, double trainLoss, String metricA, double a,
                                 String metricB, double b, double seconds) {
        ObjectNode en = epochs.addObject();
        en.put("epoch", epoch);
        en.put("train_loss", trainLoss);
        putNumber(en, metricA, a);
        putNumber(en, metricB, b);
        en.put("seconds", seconds);
    }

    private static void putNumber(ObjectNode n, String key, double v) {
        if (Double.isFinite(v)) {
            n.put(key, v);
        } else {
            n.putNull(key);
        }
    }

    private static ObjectNode provenanceJson(Provenance p) {
        ObjectNode n = JSON.createObjectNode();
        n.put("library_version", p.libraryVersion());
        n.put("created_at", p.createdAt());
        n.put("store", p.storePath());
        n.put("annotations", p.annotationsPath());
        ObjectNode hp = n.putObject("hyperparameters");
        p.hyperparameters().forEach(hp::put);
        if (p.train() != null) {
            n.set("train", splitJson(p.train()));
        }
        if (p.validation() != null) {
            n.set("validation", splitJson(p.validation()));
        }
        ObjectNode vm = n.putObject("validation_metrics");
        p.validationMetrics().forEach((k, v) -> putNumber(vm, k, v));
        return n;
    }

    private static ObjectNode splitJson(SplitSummary s) {
        ObjectNode n = JSON.createObjectNode();
        n.put("split", s.split());
        n.put("videos", s.videos());
        n.put("face_frames", s.faceFrames());
        n.put("labelled_frames", s.labelledFrames());
        ArrayNode per = n.putArray("frames_per_class");
        for (long c : s.framesPerClass()) {
            per.add(c);
        }
        n.put("rows_beyond_annotation", s.rowsBeyondAnnotation());
        n.put("frame_count_mismatches", s.frameCountMismatches());
        n.put("annotations_sha256", s.annotationsSha256());
        ArrayNode missing = n.putArray("missing_videos");
        s.missingVideos().forEach(missing::add);
        return n;
    }

    private static ObjectNode array(float[] values, int... shape) {
        ObjectNode n = JSON.createObjectNode();
        n.put("dtype", "<f4");
        ArrayNode s = n.putArray("shape");
        for (int d : shape) {
            s.add(d);
        }
        ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(values);
        n.put("data", Base64.getEncoder().encodeToString(buf.array()));
        return n;
    }

    // ---- reading ----

    static Bundle fromJson(JsonNode root) {
        List<String> order = new ArrayList<>();
        for (JsonNode c : required(root, "class_order")) {
            order.add(c.asText());
        }
        BackboneInfo backbone = backboneFromJson(required(root, "backbone"));
        Modality modality = Modality.parse(text(root, "modality"));
        JsonNode pv = root.path("primary_visual_head");
        String primary = pv.isTextual() ? pv.asText() : null;
        JsonNode pp = required(root, "post_processing");
        PostProcessingConfig config = new PostProcessingConfig(required(pp, "delta_frames").asInt(),
                required(pp, "p0").asDouble(), required(pp, "w").asDouble());
        Map<String, TrainedHead> heads = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = required(root, "heads").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            heads.put(e.getKey(), headFromJson(e.getKey(), e.getValue()));
        }
        return new Bundle(root.path("format_version").asInt(), order, backbone, modality, primary, heads, config,
                root.path("audio_dim").asInt(0), provenanceFromJson(required(root, "provenance")));
    }

    private static TrainedHead headFromJson(String name, JsonNode n) {
        int classes = required(n, "class_count").asInt();
        if (classes != AbawClass.COUNT) {
            // a head over another class set would only fail later, far from the file (or mislabel silently)
            throw new IllegalArgumentException("head " + name + " has " + classes + " classes; a fer4j bundle predicts"
                    + " the " + AbawClass.COUNT + " ABAW classes " + AbawClass.displayNames());
        }
        MlpHead head = mlpFromJson(n);
        JsonNode adj = required(n, "logit_adjustment");
        float[] bias = new float[classes];
        JsonNode biasNode = required(adj, "bias");
        if (biasNode.size() != classes) {
            throw new IllegalArgumentException("head " + name + ": logit adjustment has " + biasNode.size()
                    + " values, expected " + classes);
        }
        for (int k = 0; k < classes; k++) {
            bias[k] = (float) biasNode.get(k).asDouble();
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        n.path("estimator_scores").fields().forEachRemaining(e -> scores.put(e.getKey(), e.getValue().asDouble()));
        long[] counts = new long[classes];
        float[] weights = new float[classes];
        for (int k = 0; k < classes; k++) {
            counts[k] = n.path("train_class_counts").path(k).asLong();
            weights[k] = (float) n.path("class_weights").path(k).asDouble();
        }
        List<EpochRecord> epochs = new ArrayList<>();
        for (JsonNode e : n.path("epochs")) {
            epochs.add(new EpochRecord(e.path("epoch").asInt(), e.path("train_loss").asDouble(),
                    numberOrNaN(e.path("validation_macro_f1")), numberOrNaN(e.path("validation_accuracy")),
                    e.path("seconds").asDouble()));
        }
        return new TrainedHead(name, text(n, "input"), parseLoss(text(n, "loss")), head,
                new LogitAdjustment(bias, text(adj, "estimator")), scores, counts, weights, epochs,
                n.path("selected_epoch").asInt(0), n.path("best_accuracy_epoch").asInt(0));
    }

    private static Provenance provenanceFromJson(JsonNode n) {
        Map<String, String> hp = new LinkedHashMap<>();
        n.path("hyperparameters").fields().forEachRemaining(e -> hp.put(e.getKey(), e.getValue().asText()));
        Map<String, Double> vm = new LinkedHashMap<>();
        n.path("validation_metrics").fields().forEachRemaining(e -> vm.put(e.getKey(), numberOrNaN(e.getValue())));
        return new Provenance(n.path("library_version").asText("unknown"), n.path("created_at").asText(""),
                n.path("store").asText(""), n.path("annotations").asText(""), hp,
                n.has("train") ? splitFromJson(n.get("train")) : null,
                n.has("validation") ? splitFromJson(n.get("validation")) : null, vm);
    }

    private static SplitSummary splitFromJson(JsonNode n) {
        long[] per = new long[n.path("frames_per_class").size()];
        for (int k = 0; k < per.length; k++) {
            per[k] = n.path("frames_per_class").get(k).asLong();
        }
        List<String> missing = new ArrayList<>();
        n.path("missing_videos").forEach(m -> missing.add(m.asText()));
        return new SplitSummary(n.path("split").asText(), n.path("videos").asInt(), n.path("face_frames").asLong(),
                n.path("labelled_frames").asLong(), per, n.path("rows_beyond_annotation").asLong(),
                n.path("frame_count_mismatches").asInt(), n.path("annotations_sha256").asText(""), missing);
    }

    private static double numberOrNaN(JsonNode n) {
        return n.isNumber() ? n.asDouble() : Double.NaN;
    }

    private static float[] floats(JsonNode parent, String key, int... shape) {
        JsonNode n = required(parent, key);
        if (!"<f4".equals(n.path("dtype").asText())) {
            throw new IllegalArgumentException(key + " has dtype " + n.path("dtype").asText() + ", expected <f4");
        }
        JsonNode s = n.path("shape");
        long expected = 1;
        for (int i = 0; i < shape.length; i++) {
            if (s.path(i).asInt(-1) != shape[i]) {
                throw new IllegalArgumentException(key + " has shape " + s + ", expected " + java.util.Arrays.toString(shape));
            }
            expected *= shape[i];
        }
        byte[] bytes = Base64.getDecoder().decode(text(n, "data"));
        if (bytes.length != expected * 4) {
            throw new IllegalArgumentException(key + " holds " + bytes.length + " bytes, expected " + expected * 4);
        }
        float[] out = new float[(int) expected];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    private static JsonNode required(JsonNode n, String key) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("missing \"" + key + "\"");
        }
        return v;
    }

    private static String text(JsonNode n, String key) {
        return required(n, key).asText();
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
