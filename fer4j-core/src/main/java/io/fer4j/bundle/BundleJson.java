package io.fer4j.bundle;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import io.fer4j.head.EpochRecord;
import io.fer4j.head.MlpHead;
import io.fer4j.label.AbawClass;
import io.fer4j.logitadjustment.LogitAdjustment;
import io.fer4j.postprocess.PostProcessingConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The bundle file's JSON, one record per object: {@link BundleFiles} writes {@code BundleJson.of(bundle)} and reads
 * {@code json.toBundle()} through the same records, so the two directions cannot drift apart. Property names are the
 * record components in snake_case ({@link BundleFiles}'s mapper), in component order. Reading keeps the format's
 * defaults: a missing optional value reads as "", 0 or NaN; a missing required one fails with {@code missing "key"}.
 */
record BundleJson(
        String format,
        int formatVersion,
        List<String> classOrder,
        BackboneJson backbone,
        String modality,
        String primaryVisualHead,
        int audioDim,
        PostProcessingJson postProcessing,
        Map<String, HeadJson> heads,
        ProvenanceJson provenance) {

    static BundleJson of(Bundle b) {
        Map<String, HeadJson> heads = new LinkedHashMap<>();
        for (TrainedHead h : b.heads().values()) {
            heads.put(h.name(), HeadJson.of(h));
        }
        return new BundleJson(
                Bundle.FORMAT_NAME,
                b.formatVersion(),
                b.classOrder(),
                BackboneJson.of(b.backbone()),
                b.modality().cliName(),
                b.primaryVisual(),
                b.audioDim(),
                PostProcessingJson.of(b.postProcessing()),
                heads,
                ProvenanceJson.of(b.provenance()));
    }

    Bundle toBundle() {
        Map<String, TrainedHead> trained = new LinkedHashMap<>();
        required(heads, "heads").forEach((name, h) -> trained.put(name, h.toHead(name)));
        return new Bundle(
                formatVersion,
                List.copyOf(required(classOrder, "class_order")),
                required(backbone, "backbone").toInfo(),
                Modality.parse(required(modality, "modality")),
                primaryVisualHead,
                trained,
                required(postProcessing, "post_processing").toConfig(),
                audioDim,
                required(provenance, "provenance").toProvenance());
    }

    record BackboneJson(String name, String sha256, Integer embeddingDim, Integer logitsDim, String classSpace) {
        static BackboneJson of(BackboneInfo b) {
            return new BackboneJson(b.name(), b.sha256(), b.embeddingDim(), b.logitsDim(), b.classSpace());
        }

        BackboneInfo toInfo() {
            return new BackboneInfo(
                    required(name, "name"),
                    orEmpty(sha256),
                    required(embeddingDim, "embedding_dim"),
                    required(logitsDim, "logits_dim"),
                    required(classSpace, "class_space"));
        }
    }

    record PostProcessingJson(Integer deltaFrames, Double p0, Double w) {
        static PostProcessingJson of(PostProcessingConfig c) {
            return new PostProcessingJson(c.deltaFrames(), c.p0(), c.visualWeight());
        }

        PostProcessingConfig toConfig() {
            return new PostProcessingConfig(
                    required(deltaFrames, "delta_frames"), required(p0, "p0"), required(w, "w"));
        }
    }

    record HeadJson(
            String input,
            String loss,
            Integer inputDim,
            Integer hiddenDim,
            Integer classCount,
            FloatArrayJson w1,
            FloatArrayJson b1,
            FloatArrayJson w2,
            FloatArrayJson b2,
            AdjustmentJson logitAdjustment,
            Map<String, Double> estimatorScores,
            long[] trainClassCounts,
            @JsonDeserialize(using = FloatsViaDouble.class) float[] classWeights,
            int selectedEpoch,
            int bestAccuracyEpoch,
            List<EpochJson> epochs) {
        static HeadJson of(TrainedHead h) {
            MlpHead m = h.head();
            List<EpochJson> epochs = h.epochs().stream().map(EpochJson::of).collect(Collectors.toList());
            return new HeadJson(
                    h.input(),
                    BundleFiles.lossName(h.loss()),
                    m.inputDim(),
                    m.hiddenDim(),
                    m.classCount(),
                    FloatArrayJson.of(m.w1(), m.hiddenDim(), m.inputDim()),
                    FloatArrayJson.of(m.b1(), m.hiddenDim()),
                    FloatArrayJson.of(m.w2(), m.classCount(), m.hiddenDim()),
                    FloatArrayJson.of(m.b2(), m.classCount()),
                    AdjustmentJson.of(h.adjustment()),
                    h.estimatorScores(),
                    h.trainClassCounts(),
                    h.classWeights(),
                    h.selectedEpoch(),
                    h.bestAccuracyEpoch(),
                    epochs);
        }

        TrainedHead toHead(String name) {
            int in = required(inputDim, "input_dim");
            int hidden = required(hiddenDim, "hidden_dim");
            int classes = required(classCount, "class_count");
            if (classes != AbawClass.COUNT) {
                // a head over another class set would only fail later, far from the file (or mislabel silently)
                throw new IllegalArgumentException("head " + name + " has " + classes + " classes; a fer4j bundle"
                        + " predicts the " + AbawClass.COUNT + " ABAW classes " + AbawClass.displayNames());
            }
            MlpHead head = MlpHead.of(
                    in,
                    hidden,
                    classes,
                    floats(w1, "w1", hidden, in),
                    floats(b1, "b1", hidden),
                    floats(w2, "w2", classes, hidden),
                    floats(b2, "b2", classes));
            LogitAdjustment adjustment =
                    required(logitAdjustment, "logit_adjustment").toAdjustment(name, classes);
            Map<String, Double> scores = new LinkedHashMap<>();
            if (estimatorScores != null) {
                estimatorScores.forEach((k, v) -> scores.put(k, v == null ? 0.0 : v));
            }
            List<EpochRecord> records = new ArrayList<>();
            if (epochs != null) {
                epochs.forEach(e -> records.add(e.toRecord()));
            }
            // per-class arrays have exactly one value per class: missing ones read as 0
            long[] counts = trainClassCounts == null ? new long[classes] : Arrays.copyOf(trainClassCounts, classes);
            float[] weights = classWeights == null ? new float[classes] : Arrays.copyOf(classWeights, classes);
            return new TrainedHead(
                    name,
                    required(input, "input"),
                    BundleFiles.parseLoss(required(loss, "loss")),
                    head,
                    adjustment,
                    scores,
                    counts,
                    weights,
                    records,
                    selectedEpoch,
                    bestAccuracyEpoch);
        }
    }

    record AdjustmentJson(
            String estimator,
            @JsonDeserialize(using = FloatsViaDouble.class) float[] bias) {
        static AdjustmentJson of(LogitAdjustment a) {
            return new AdjustmentJson(a.estimator(), a.bias());
        }

        LogitAdjustment toAdjustment(String head, int classes) {
            float[] values = required(bias, "bias");
            if (values.length != classes) {
                throw new IllegalArgumentException(
                        "head " + head + ": logit adjustment has " + values.length + " values, expected " + classes);
            }
            return new LogitAdjustment(values, required(estimator, "estimator"));
        }
    }

    /** One epoch; a validation number that is not finite is written as null and read back as NaN. */
    record EpochJson(int epoch, double trainLoss, Double validationMacroF1, Double validationAccuracy, double seconds) {
        static EpochJson of(EpochRecord e) {
            return new EpochJson(
                    e.epoch(),
                    e.trainLoss(),
                    finiteOrNull(e.validationMacroF1()),
                    finiteOrNull(e.validationAccuracy()),
                    e.seconds());
        }

        EpochRecord toRecord() {
            return new EpochRecord(epoch, trainLoss, orNaN(validationMacroF1), orNaN(validationAccuracy), seconds);
        }
    }

    record ProvenanceJson(
            String libraryVersion,
            String createdAt,
            String store,
            String annotations,
            Map<String, String> hyperparameters,
            @JsonInclude(JsonInclude.Include.NON_NULL) SplitJson train,
            @JsonInclude(JsonInclude.Include.NON_NULL) SplitJson validation,
            Map<String, Double> validationMetrics) {
        static ProvenanceJson of(Provenance p) {
            Map<String, Double> metrics = new LinkedHashMap<>();
            p.validationMetrics().forEach((k, v) -> metrics.put(k, finiteOrNull(v)));
            return new ProvenanceJson(
                    p.libraryVersion(),
                    p.createdAt(),
                    p.storePath(),
                    p.annotationsPath(),
                    p.hyperparameters(),
                    p.train() == null ? null : SplitJson.of(p.train()),
                    p.validation() == null ? null : SplitJson.of(p.validation()),
                    metrics);
        }

        Provenance toProvenance() {
            Map<String, Double> metrics = new LinkedHashMap<>();
            if (validationMetrics != null) {
                validationMetrics.forEach((k, v) -> metrics.put(k, orNaN(v)));
            }
            return new Provenance(
                    libraryVersion == null ? "unknown" : libraryVersion,
                    orEmpty(createdAt),
                    orEmpty(store),
                    orEmpty(annotations),
                    hyperparameters == null ? Map.of() : new LinkedHashMap<>(hyperparameters),
                    train == null ? null : train.toSummary(),
                    validation == null ? null : validation.toSummary(),
                    metrics);
        }
    }

    record SplitJson(
            String split,
            int videos,
            long faceFrames,
            long labelledFrames,
            long[] framesPerClass,
            long rowsBeyondAnnotation,
            int frameCountMismatches,
            String annotationsSha256,
            List<String> missingVideos) {
        static SplitJson of(SplitSummary s) {
            return new SplitJson(
                    s.split(),
                    s.videos(),
                    s.faceFrames(),
                    s.labelledFrames(),
                    s.framesPerClass(),
                    s.rowsBeyondAnnotation(),
                    s.frameCountMismatches(),
                    s.annotationsSha256(),
                    s.missingVideos());
        }

        SplitSummary toSummary() {
            return new SplitSummary(
                    orEmpty(split),
                    videos,
                    faceFrames,
                    labelledFrames,
                    framesPerClass == null ? new long[0] : framesPerClass,
                    rowsBeyondAnnotation,
                    frameCountMismatches,
                    orEmpty(annotationsSha256),
                    missingVideos == null ? List.of() : missingVideos);
        }
    }

    /** A float32 tensor: little-endian bytes in base64 with their shape (numpy: {@code "<f4"}). */
    record FloatArrayJson(String dtype, int[] shape, String data) {
        static final String DTYPE = "<f4";

        static FloatArrayJson of(float[] values, int... shape) {
            ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            buf.asFloatBuffer().put(values);
            return new FloatArrayJson(DTYPE, shape, Base64.getEncoder().encodeToString(buf.array()));
        }
    }

    static float[] floats(FloatArrayJson n, String key, int... shape) {
        required(n, key);
        if (!FloatArrayJson.DTYPE.equals(n.dtype())) {
            throw new IllegalArgumentException(key + " has dtype " + orEmpty(n.dtype()) + ", expected <f4");
        }
        int[] s = n.shape() == null ? new int[0] : n.shape();
        long expected = 1;
        for (int i = 0; i < shape.length; i++) {
            if ((i < s.length ? s[i] : -1) != shape[i]) {
                throw new IllegalArgumentException(
                        key + " has shape " + jsonText(s) + ", expected " + Arrays.toString(shape));
            }
            expected *= shape[i];
        }
        byte[] bytes = Base64.getDecoder().decode(required(n.data(), "data"));
        if (bytes.length != expected * 4) {
            throw new IllegalArgumentException(key + " holds " + bytes.length + " bytes, expected " + expected * 4);
        }
        float[] out = new float[(int) expected];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    /** The shape as JSON writes it ({@code [2,2]}), for messages. */
    private static String jsonText(int[] shape) {
        return Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining(",", "[", "]"));
    }

    /**
     * Float arrays are read as doubles and narrowed, as the format has always been read: parsing the text straight
     * to float could round differently from double-then-float in rare cases.
     */
    static final class FloatsViaDouble extends StdDeserializer<float[]> {
        FloatsViaDouble() {
            super(float[].class);
        }

        @Override
        public float[] deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            double[] d = ctxt.readValue(p, double[].class);
            float[] out = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                out[i] = (float) d[i];
            }
            return out;
        }
    }

    static <T> T required(T value, String key) {
        if (value == null) {
            throw new IllegalArgumentException("missing \"" + key + "\"");
        }
        return value;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    static double orNaN(Double v) {
        return v == null ? Double.NaN : v;
    }
}
