package io.fer4j.modeltools;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.fer4j.error.Fer4jException;
import io.fer4j.vision.backbone.OnnxGraph;
import io.fer4j.vision.backbone.OnnxProto;
import io.fer4j.vision.registry.ModelResolver;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Static post-training int8 quantization of a backbone in ONNX Runtime's QDQ format: QuantizeLinear/DequantizeLinear
 * pairs around every op ONNX Runtime has an int8 kernel for (Conv, Sigmoid, Mul, Add, GlobalAveragePool,
 * AveragePool), so that its graph optimiser fuses them into QLinearConv, QLinearSigmoid, … The final Gemm stays
 * float32, so the embedding (its input) and the logits keep their meaning.
 *
 * <p>Why this shape: on the development CPU (AVX-512 VNNI) QDQ on every such op ran 2.0–2.2× float32, whereas any
 * float32 pocket between int8 ops (for example depthwise convolutions left float) made the whole network slower than
 * float32 (0.66–0.73×): each pocket costs a dequantize and a quantize pass over the tensor. Activations are uint8
 * asymmetric (signed int8 activations ran 0.26–0.38×), weights int8 symmetric per output channel, Conv biases int32
 * with scale = input scale × weight scale (ONNX Runtime fuses a Conv only when every input, bias included, comes
 * from a DequantizeLinear). A Relu right after a quantized op is folded into that op's output quantization (zero
 * point 0 clamps negatives exactly as Relu does), as ONNX Runtime's own quantizer does.
 *
 * <p>Calibration: per-tensor ranges [p(0.001 %), p(99.999 %)] of each activation over the calibration faces,
 * widened to include 0 (exact order statistics, not a histogram).
 */
public final class QdqQuantizer {
    /**
     * Metadata key holding the SHA-256 of the float32 model a file was quantized from: the model resolver gives such
     * a file the registry spec (preprocessing, class space) of that model.
     */
    public static final String SOURCE_SHA256_KEY = ModelResolver.QUANTIZED_FROM_SHA256_KEY;

    /** Fraction of values left outside the calibrated range on each side (the 99.999th percentile). */
    public static final double TAIL_FRACTION = 1e-5;

    private static final int MIN_OPSET = 13; // per-channel (axis) DequantizeLinear
    private static final Set<String> QUANTIZED_OPS =
            Set.of("QuantizeLinear", "DequantizeLinear", "DynamicQuantizeLinear", "ConvInteger", "MatMulInteger");
    private static final Set<String> UNARY_INT8 = Set.of("Sigmoid", "GlobalAveragePool", "AveragePool");
    private static final Set<String> BINARY_INT8 = Set.of("Mul", "Add");
    private static final int CALIBRATION_BATCH = 2;

    /** What was written: counts by op type of the nodes given QDQ, tensors quantized, faces calibrated on. */
    public record Result(
            Map<String, Integer> quantizedOps, int quantizedTensors, int foldedRelus, int calibrationFaces) {
        @Override
        public String toString() {
            return "QDQ on " + quantizedOps + ", " + quantizedTensors + " activation tensors, " + foldedRelus
                    + " Relu folded, calibrated on " + calibrationFaces + " faces";
        }
    }

    private record Node(UnknownFieldSet raw, String name, String op, List<String> inputs, List<String> outputs) {
        String input(int i) {
            return i < inputs.size() ? inputs.get(i) : "";
        }
    }

    /** Quantization parameters of one uint8 activation tensor. */
    record ActivationParams(float scale, int zeroPoint) {
        static ActivationParams of(double lo, double hi) {
            double min = Math.min(0, lo);
            double max = Math.max(0, hi);
            double scale = (max - min) / 255.0;
            if (!(scale > 0) || !Double.isFinite(scale)) {
                return new ActivationParams(1f, 0);
            }
            int zp = (int) Math.round(-min / scale);
            return new ActivationParams((float) scale, Math.max(0, Math.min(255, zp)));
        }
    }

    private final OnnxGraph graph;
    private final Path file;
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, List<Node>> consumers = new HashMap<>();
    private final Map<String, Node> producers = new HashMap<>();
    private final Set<String> graphOutputs;
    private final Set<String> graphInputs = new HashSet<>();
    private final OnnxGraph.Input imageInput;
    private final OnnxGraph.FinalGemm gemm;
    // Planned edit
    private final List<Node> quantizedNodes = new ArrayList<>();
    private final Map<String, String> alias = new HashMap<>(); // folded Relu output → its input
    private final Map<String, String> calibrateAs = new HashMap<>(); // tensor → tensor whose range it takes
    private final Set<Node> removedNodes = new HashSet<>();
    private final LinkedHashSet<String> activations = new LinkedHashSet<>();
    // PyTorch's exporter shares equal initializers through Identity nodes (18 Conv biases of EfficientNet-B0)
    private final Map<String, String> identityOfInitializer = new HashMap<>();
    private final Map<String, float[]> weightScales = new HashMap<>();

    private QdqQuantizer(OnnxGraph graph) {
        this.graph = graph;
        this.file = graph.file();
        for (UnknownFieldSet n : graph.nodes()) {
            Node node = new Node(
                    n,
                    OnnxGraph.string(n, OnnxProto.NODE_NAME),
                    OnnxGraph.string(n, OnnxProto.NODE_OP_TYPE),
                    OnnxGraph.strings(n, OnnxProto.NODE_INPUT),
                    OnnxGraph.strings(n, OnnxProto.NODE_OUTPUT));
            nodes.add(node);
            for (String in : node.inputs()) {
                if (!in.isEmpty()) {
                    consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(node);
                }
            }
            for (String out : node.outputs()) {
                producers.put(out, node);
            }
            if (node.op().equals("Identity") && node.inputs().size() == 1 && graph.isInitializer(node.input(0))) {
                identityOfInitializer.put(node.outputs().get(0), node.input(0));
            }
        }
        this.graphOutputs = new HashSet<>(graph.outputNames());
        for (OnnxGraph.Input in : graph.inputs()) {
            graphInputs.add(in.name());
        }
        this.imageInput = graph.imageInput();
        this.gemm = graph.finalGemm();
    }

    /**
     * Checks that {@code model} can be quantized (float32, not already quantized, ends in a Gemm, opset ≥ 13) before
     * any calibration work; returns its image input.
     */
    public static OnnxGraph.Input check(Path model) {
        return new QdqQuantizer(validated(OnnxGraph.read(model))).imageInput;
    }

    /**
     * Quantizes {@code model}, calibrating on {@code faces} (each one preprocessed face, the model's input for it),
     * and returns the quantized model's bytes with a summary.
     *
     * @param sourceSha256 the model file's SHA-256, recorded in the output's metadata (null: not recorded)
     * @param threads      ONNX Runtime intra-op threads for calibration
     */
    public static Quantized quantize(Path model, String sourceSha256, List<float[]> faces, int threads) {
        QdqQuantizer q = new QdqQuantizer(validated(OnnxGraph.read(model)));
        if (faces.isEmpty()) {
            throw new Fer4jException(
                    model,
                    "no calibration faces; pass --calibrate with a video or face-image "
                            + "folder in which faces are found");
        }
        q.plan();
        Map<String, float[]> ranges = q.calibrate(faces, threads);
        byte[] bytes = q.rewrite(ranges, faces.size(), sourceSha256);
        return new Quantized(bytes, q.summary(faces.size()));
    }

    /** The quantized model's bytes and what the edit did. */
    public record Quantized(byte[] bytes, Result summary) {}

    private Result summary(int faces) {
        Map<String, Integer> ops = new TreeMap<>();
        for (Node n : quantizedNodes) {
            ops.merge(n.op(), 1, Integer::sum);
        }
        return new Result(ops, activations.size(), alias.size(), faces);
    }

    private static OnnxGraph validated(OnnxGraph g) {
        int qdq = 0;
        for (UnknownFieldSet n : g.nodes()) {
            String op = OnnxGraph.string(n, OnnxProto.NODE_OP_TYPE);
            if (QUANTIZED_OPS.contains(op) || op.startsWith("QLinear")) {
                qdq++;
            }
        }
        if (qdq > 0) {
            throw new Fer4jException(
                    g.file(),
                    "is already quantized (" + qdq + " QuantizeLinear/DequantizeLinear/"
                            + "QLinear* nodes); pass the float32 model to `fer4j models quantize`");
        }
        g.finalGemm(); // a model without the final Gemm fails here, naming the file
        g.imageInput();
        int opset = defaultOpset(g);
        if (opset < MIN_OPSET) {
            throw new Fer4jException(
                    g.file(),
                    "uses ONNX opset " + opset + "; int8 quantization needs opset "
                            + MIN_OPSET + " or later (per-channel DequantizeLinear): re-export the model with "
                            + "opset_version=" + MIN_OPSET + " or later");
        }
        return g;
    }

    private static int defaultOpset(OnnxGraph g) {
        for (ByteString b : g.model().getField(OnnxProto.MODEL_OPSET_IMPORT).getLengthDelimitedList()) {
            UnknownFieldSet o = g.parseQuietly(b);
            String domain = OnnxGraph.string(o, OnnxProto.OPSET_DOMAIN);
            List<Long> v = o.getField(OnnxProto.OPSET_VERSION).getVarintList();
            if ((domain.isEmpty() || domain.equals("ai.onnx")) && !v.isEmpty()) {
                return v.get(0).intValue();
            }
        }
        return 0;
    }

    // ---- plan ---------------------------------------------------------------------------------------------------

    private boolean isActivation(String t) {
        return !t.isEmpty() && !graph.isInitializer(initializer(t));
    }

    /** The initializer {@code t} names, directly or through an Identity node; else {@code t}. */
    private String initializer(String t) {
        return identityOfInitializer.getOrDefault(t, t);
    }

    private boolean isFloatInitializer(String name) {
        String t = initializer(name);
        if (!graph.isInitializer(t)) {
            return false;
        }
        try {
            graph.initializerFloats(t);
            return true;
        } catch (Fer4jException e) {
            return false;
        }
    }

    private boolean quantizable(Node n) {
        if (n.outputs().size() != 1
                || graphOutputs.contains(n.outputs().get(0))
                || n.outputs().get(0).equals(gemm.inputName())) {
            return false;
        }
        if (n.op().equals("Conv")) {
            long[] w = graph.initializerDims(initializer(n.input(1)));
            boolean biasOk = n.input(2).isEmpty() || isFloatInitializer(n.input(2));
            return isActivation(n.input(0))
                    && w != null
                    && w.length >= 3
                    && isFloatInitializer(n.input(1))
                    && biasOk
                    && n.inputs().size() <= 3;
        }
        if (UNARY_INT8.contains(n.op())) {
            return n.inputs().size() == 1 && isActivation(n.input(0));
        }
        if (BINARY_INT8.contains(n.op())) {
            return n.inputs().size() == 2
                    && (isActivation(n.input(0)) || isActivation(n.input(1)))
                    && (isActivation(n.input(0)) || isFloatInitializer(n.input(0)))
                    && (isActivation(n.input(1)) || isFloatInitializer(n.input(1)));
        }
        return false;
    }

    private void plan() {
        Set<Node> chosen = new LinkedHashSet<>();
        for (Node n : nodes) {
            if (quantizable(n)) {
                chosen.add(n);
            }
        }
        quantizedNodes.addAll(chosen);
        // Fold a Relu whose input comes only from a quantized op: the op's output takes the Relu output's range.
        for (Node n : nodes) {
            if (!n.op().equals("Relu") || n.inputs().size() != 1) {
                continue;
            }
            String in = n.input(0);
            String out = n.outputs().get(0);
            Node p = producers.get(in);
            List<Node> users = consumers.getOrDefault(in, List.of());
            if (p != null
                    && chosen.contains(p)
                    && users.size() == 1
                    && !graphOutputs.contains(in)
                    && !graphOutputs.contains(out)
                    && !out.equals(gemm.inputName())) {
                alias.put(out, in);
                calibrateAs.put(in, out);
                removedNodes.add(n);
            }
        }
        for (Node n : quantizedNodes) {
            for (String in : n.inputs()) {
                String t = resolve(in);
                if (isActivation(t)) {
                    activations.add(t);
                }
            }
            activations.add(n.outputs().get(0));
        }
    }

    private String resolve(String t) {
        String a = alias.get(t);
        return a == null ? t : a;
    }

    private boolean removed(Node n) {
        return removedNodes.contains(n);
    }

    // ---- calibration ----------------------------------------------------------------------------------------------

    /** Per activation tensor: {lo, hi} calibrated range. */
    private Map<String, float[]> calibrate(List<float[]> faces, int threads) {
        Map<String, Tails> tails = new LinkedHashMap<>();
        Set<String> exposed = new LinkedHashSet<>();
        for (String t : activations) {
            String c = calibrateAs.getOrDefault(t, t);
            tails.put(c, new Tails(faces.size()));
            if (!graphInputs.contains(c)) {
                exposed.add(c);
            }
        }
        byte[] edited = graph.withExtraOutputs(List.copyOf(exposed));
        int s = imageInput.imageSize();
        int slice = 3 * s * s;
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setIntraOpNumThreads(Math.max(1, threads));
            so.setInterOpNumThreads(1);
            try (OrtSession session = env.createSession(edited, so)) {
                long fixed = imageInput.fixedBatch();
                int batch = fixed > 0 ? (int) fixed : CALIBRATION_BATCH;
                for (int start = 0; start < faces.size(); start += batch) {
                    int n = Math.min(batch, faces.size() - start);
                    FloatBuffer in = ByteBuffer.allocateDirect(batch * slice * 4)
                            .order(ByteOrder.nativeOrder())
                            .asFloatBuffer();
                    for (int i = 0; i < batch; i++) {
                        in.put(faces.get(start + Math.min(i, n - 1)), 0, slice); // a fixed batch repeats the last
                    }
                    in.flip();
                    long[] shape = {batch, 3, s, s};
                    Tails img = tails.get(imageInput.name());
                    if (img != null) {
                        img.add(in.duplicate(), n, batch);
                    }
                    try (OnnxTensor x = OnnxTensor.createTensor(env, in, shape);
                            OrtSession.Result r = session.run(Map.of(imageInput.name(), x), exposed)) {
                        for (Map.Entry<String, OnnxValue> e : r) {
                            Tails t = tails.get(e.getKey());
                            if (t != null && e.getValue() instanceof OnnxTensor ot) {
                                t.add(ot.getFloatBuffer(), n, batch);
                            }
                        }
                    }
                }
            }
        } catch (OrtException e) {
            throw new Fer4jException(
                    file, "ONNX Runtime cannot run the model for calibration (" + e.getMessage() + ")", e);
        }
        Map<String, float[]> ranges = new HashMap<>();
        for (String t : activations) {
            Tails c = tails.get(calibrateAs.getOrDefault(t, t));
            ranges.put(t, c.range());
        }
        return ranges;
    }

    /**
     * Exact order statistics of the tails: the k smallest and k largest values seen, where k is
     * {@link #TAIL_FRACTION} of all values (known once the first batch gives the per-face size).
     */
    static final class Tails {
        private final int faces;
        private int k;
        private float[] hi = new float[0];
        private float[] lo = new float[0];
        private int nHi;
        private int nLo;
        private float hiThreshold = Float.NEGATIVE_INFINITY;
        private float loThreshold = Float.POSITIVE_INFINITY;

        Tails(int faces) {
            this.faces = faces;
        }

        /** Adds the first {@code used} of {@code batch} faces held in {@code values}. */
        void add(FloatBuffer values, int used, int batch) {
            int perFace = values.remaining() / batch;
            if (k == 0) {
                k = (int) Math.max(1, Math.floor((double) perFace * faces * TAIL_FRACTION) + 1);
                hi = new float[2 * k + 1024];
                lo = new float[2 * k + 1024];
            }
            int end = values.position() + perFace * used;
            for (int i = values.position(); i < end; i++) {
                float v = values.get(i);
                if (v > hiThreshold) {
                    if (nHi == hi.length) {
                        compactHi();
                    }
                    hi[nHi++] = v;
                }
                if (v < loThreshold) {
                    if (nLo == lo.length) {
                        compactLo();
                    }
                    lo[nLo++] = v;
                }
            }
        }

        private void compactHi() {
            Arrays.sort(hi, 0, nHi);
            System.arraycopy(hi, nHi - k, hi, 0, k);
            nHi = k;
            hiThreshold = hi[0];
        }

        private void compactLo() {
            Arrays.sort(lo, 0, nLo);
            nLo = k;
            loThreshold = lo[k - 1];
        }

        /** {lo, hi}: the k-th smallest and k-th largest value (the ends of what was seen when fewer). */
        float[] range() {
            if (nHi == 0) {
                return new float[] {0f, 0f};
            }
            Arrays.sort(hi, 0, nHi);
            Arrays.sort(lo, 0, nLo);
            float top = hi[Math.max(0, nHi - k)];
            float bottom = lo[Math.min(nLo - 1, k - 1)];
            return new float[] {bottom, top};
        }
    }

    // ---- rewrite --------------------------------------------------------------------------------------------------

    private byte[] rewrite(Map<String, float[]> ranges, int faces, String sourceSha256) {
        Emitted emitted = new Emitted(activationParams(ranges));
        emitted.graphInputQdq();
        for (Node n : nodes) {
            if (!removed(n)) {
                emitted.node(n);
            }
        }
        // Originals still used in float32 elsewhere stay.
        emitted.replacedInits.removeAll(stillUsedInFloat());
        return graph.model().toBuilder()
                .clearField(OnnxProto.MODEL_GRAPH)
                .addField(
                        OnnxProto.MODEL_GRAPH,
                        UnknownFieldSet.Field.newBuilder()
                                .addLengthDelimited(rewrittenGraph(emitted).toByteString())
                                .build())
                .mergeField(OnnxProto.MODEL_METADATA, quantizationMetadata(faces, sourceSha256))
                .build()
                .toByteArray();
    }

    private Map<String, ActivationParams> activationParams(Map<String, float[]> ranges) {
        Map<String, ActivationParams> params = new HashMap<>();
        for (String t : activations) {
            float[] r = ranges.get(t);
            params.put(t, ActivationParams.of(r[0], r[1]));
        }
        return params;
    }

    /** What the rewrite emits, in graph order: nodes, new initializers, and the float initializers they replace. */
    private final class Emitted {
        final Map<String, ActivationParams> params;
        final List<ByteString> outNodes = new ArrayList<>();
        final List<ByteString> newInits = new ArrayList<>();
        final Set<String> replacedInits = new HashSet<>();
        final Set<String> quantizedConsts = new HashSet<>();
        final Set<Node> quantized = new HashSet<>(quantizedNodes);

        Emitted(Map<String, ActivationParams> params) {
            this.params = params;
        }

        /** Q/DQ of graph inputs first (topological order). */
        void graphInputQdq() {
            for (String t : activations) {
                if (graphInputs.contains(t)) {
                    addQdq(t, params.get(t), outNodes, newInits);
                }
            }
        }

        /** The node reading its inputs through DequantizeLinear where quantized, then Q/DQ of its outputs. */
        void node(Node n) {
            List<String> inputs = new ArrayList<>();
            for (int i = 0; i < n.inputs().size(); i++) {
                inputs.add(input(n, i));
            }
            outNodes.add(n.raw().toBuilder()
                    .clearField(OnnxProto.NODE_INPUT)
                    .addField(OnnxProto.NODE_INPUT, strings(inputs))
                    .build()
                    .toByteString());
            for (String out : n.outputs()) {
                if (activations.contains(out)) {
                    addQdq(out, params.get(out), outNodes, newInits);
                }
            }
        }

        private String input(Node n, int i) {
            String t = resolve(n.inputs().get(i));
            if (activations.contains(t)) {
                return dq(t);
            } else if (quantized.contains(n) && n.op().equals("Conv") && i == 1) {
                String w = initializer(t);
                float[] wScale = weightScales.get(w);
                if (wScale == null) {
                    wScale = addWeight(w, outNodes, newInits);
                    weightScales.put(w, wScale);
                    replacedInits.add(w);
                }
                return dq(w);
            } else if (quantized.contains(n) && n.op().equals("Conv") && i == 2 && !t.isEmpty()) {
                // int32 bias, scale = input scale × weight scale: one per Conv (a shared bias may meet other scales)
                String b = n.outputs().get(0) + "_bias";
                addBias(
                        initializer(t),
                        b,
                        params.get(resolve(n.input(0))).scale(),
                        weightScales.get(initializer(n.input(1))),
                        outNodes,
                        newInits);
                replacedInits.add(initializer(t));
                return dq(b);
            } else if (quantized.contains(n) && BINARY_INT8.contains(n.op()) && graph.isInitializer(initializer(t))) {
                String c = initializer(t);
                if (quantizedConsts.add(c)) {
                    addConstant(c, outNodes, newInits);
                    replacedInits.add(c);
                }
                return dq(c);
            }
            return t;
        }
    }

    /** Inputs (and their initializers) that some node still reads in float32. */
    private Set<String> stillUsedInFloat() {
        Set<Node> quantized = new HashSet<>(quantizedNodes);
        Set<String> stillUsed = new HashSet<>();
        for (Node n : nodes) {
            if (removed(n)) {
                continue;
            }
            boolean q = quantized.contains(n);
            for (int i = 0; i < n.inputs().size(); i++) {
                boolean replacedHere = q
                        && ((n.op().equals("Conv") && i >= 1)
                                || (BINARY_INT8.contains(n.op())
                                        && graph.isInitializer(
                                                initializer(n.inputs().get(i)))));
                if (!replacedHere) {
                    stillUsed.add(n.inputs().get(i));
                    stillUsed.add(initializer(n.inputs().get(i)));
                }
            }
        }
        return stillUsed;
    }

    /** The graph with the emitted nodes and initializers; replaced initializers and aliased value infos dropped. */
    private UnknownFieldSet rewrittenGraph(Emitted emitted) {
        UnknownFieldSet g = graph.graph();
        UnknownFieldSet.Field.Builder inits = UnknownFieldSet.Field.newBuilder();
        for (ByteString t : g.getField(OnnxProto.GRAPH_INITIALIZER).getLengthDelimitedList()) {
            if (!emitted.replacedInits.contains(OnnxGraph.string(graph.parseQuietly(t), OnnxProto.TENSOR_NAME))) {
                inits.addLengthDelimited(t);
            }
        }
        emitted.newInits.forEach(inits::addLengthDelimited);
        UnknownFieldSet.Field.Builder ins = UnknownFieldSet.Field.newBuilder();
        for (ByteString vi : g.getField(OnnxProto.GRAPH_INPUT).getLengthDelimitedList()) {
            if (!emitted.replacedInits.contains(OnnxGraph.string(graph.parseQuietly(vi), OnnxProto.VALUE_INFO_NAME))) {
                ins.addLengthDelimited(vi);
            }
        }
        UnknownFieldSet.Field.Builder valueInfo = UnknownFieldSet.Field.newBuilder();
        for (ByteString vi : g.getField(OnnxProto.GRAPH_VALUE_INFO).getLengthDelimitedList()) {
            if (!alias.containsKey(OnnxGraph.string(graph.parseQuietly(vi), OnnxProto.VALUE_INFO_NAME))) {
                valueInfo.addLengthDelimited(vi);
            }
        }
        UnknownFieldSet.Field.Builder nodeField = UnknownFieldSet.Field.newBuilder();
        emitted.outNodes.forEach(nodeField::addLengthDelimited);
        return g.toBuilder()
                .clearField(OnnxProto.GRAPH_NODE)
                .addField(OnnxProto.GRAPH_NODE, nodeField.build())
                .clearField(OnnxProto.GRAPH_INITIALIZER)
                .addField(OnnxProto.GRAPH_INITIALIZER, inits.build())
                .clearField(OnnxProto.GRAPH_INPUT)
                .addField(OnnxProto.GRAPH_INPUT, ins.build())
                .clearField(OnnxProto.GRAPH_VALUE_INFO)
                .addField(OnnxProto.GRAPH_VALUE_INFO, valueInfo.build())
                .build();
    }

    /** metadata_props: how the file was quantized, and the SHA-256 of its float32 source when known. */
    private static UnknownFieldSet.Field quantizationMetadata(int faces, String sourceSha256) {
        UnknownFieldSet meta = UnknownFieldSet.newBuilder()
                .addField(1, strings(List.of("fer4j.quantization")))
                .addField(
                        2,
                        strings(List.of("int8 QDQ (uint8 activations, per-channel int8 weights), calibrated on " + faces
                                + " faces, ranges at the " + (100 * (1 - TAIL_FRACTION)) + "th percentile")))
                .build();
        UnknownFieldSet.Field.Builder metaField =
                UnknownFieldSet.Field.newBuilder().addLengthDelimited(meta.toByteString());
        if (sourceSha256 != null) {
            metaField.addLengthDelimited(UnknownFieldSet.newBuilder()
                    .addField(1, strings(List.of(SOURCE_SHA256_KEY)))
                    .addField(2, strings(List.of(sourceSha256)))
                    .build()
                    .toByteString());
        }
        return metaField.build();
    }

    private static String dq(String t) {
        return t + "_DequantizeLinear_Output";
    }

    private void addQdq(String t, ActivationParams p, List<ByteString> nodesOut, List<ByteString> inits) {
        String scale = t + "_scale";
        String zp = t + "_zero_point";
        inits.add(
                tensor(scale, new long[0], OnnxProto.ELEM_FLOAT, OnnxModelWriter.floatBytes(new float[] {p.scale()})));
        inits.add(tensor(zp, new long[0], OnnxProto.ELEM_UINT8, new byte[] {(byte) p.zeroPoint()}));
        String q = t + "_QuantizeLinear_Output";
        nodesOut.add(node(t + "_QuantizeLinear", "QuantizeLinear", List.of(t, scale, zp), q, null));
        nodesOut.add(node(t + "_DequantizeLinear", "DequantizeLinear", List.of(q, scale, zp), dq(t), null));
    }

    /** Per-output-channel symmetric int8 weight + its DequantizeLinear; returns the channel scales. */
    private float[] addWeight(String w, List<ByteString> nodesOut, List<ByteString> inits) {
        float[] values = graph.initializerFloats(w);
        long[] dims = graph.initializerDims(w);
        int channels = (int) dims[0];
        int per = values.length / channels;
        float[] scales = new float[channels];
        byte[] q = new byte[values.length];
        for (int c = 0; c < channels; c++) {
            float max = 0;
            for (int i = c * per; i < (c + 1) * per; i++) {
                max = Math.max(max, Math.abs(values[i]));
            }
            scales[c] = max > 0 ? max / 127f : 1f;
            for (int i = c * per; i < (c + 1) * per; i++) {
                q[i] = (byte) Math.max(-127, Math.min(127, Math.round(values[i] / scales[c])));
            }
        }
        addDequantized(w, dims, OnnxProto.ELEM_INT8, q, scales, new byte[channels], nodesOut, inits);
        return scales;
    }

    private void addBias(
            String source,
            String b,
            float inputScale,
            float[] weightScales,
            List<ByteString> nodesOut,
            List<ByteString> inits) {
        float[] values = graph.initializerFloats(source);
        float[] scales = new float[values.length];
        ByteBuffer q = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int c = 0; c < values.length; c++) {
            scales[c] = inputScale * weightScales[c];
            long v = Math.round((double) values[c] / scales[c]);
            q.putInt((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v)));
        }
        addDequantized(
                b,
                new long[] {values.length},
                OnnxProto.ELEM_INT32,
                q.array(),
                scales,
                new byte[values.length * 4],
                nodesOut,
                inits);
    }

    /** A float constant input of Add/Mul as a uint8 per-tensor initializer + DequantizeLinear. */
    private void addConstant(String c, List<ByteString> nodesOut, List<ByteString> inits) {
        float[] values = graph.initializerFloats(c);
        float lo = 0;
        float hi = 0;
        for (float v : values) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        ActivationParams p = ActivationParams.of(lo, hi);
        byte[] q = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            q[i] = (byte) Math.max(0, Math.min(255, Math.round(values[i] / p.scale()) + p.zeroPoint()));
        }
        String scale = c + "_scale";
        String zp = c + "_zero_point";
        inits.add(tensor(c + "_quantized", graph.initializerDims(c), OnnxProto.ELEM_UINT8, q));
        inits.add(
                tensor(scale, new long[0], OnnxProto.ELEM_FLOAT, OnnxModelWriter.floatBytes(new float[] {p.scale()})));
        inits.add(tensor(zp, new long[0], OnnxProto.ELEM_UINT8, new byte[] {(byte) p.zeroPoint()}));
        nodesOut.add(
                0,
                node(c + "_DequantizeLinear", "DequantizeLinear", List.of(c + "_quantized", scale, zp), dq(c), null));
    }

    private void addDequantized(
            String name,
            long[] dims,
            int elem,
            byte[] data,
            float[] scales,
            byte[] zeroPoints,
            List<ByteString> nodesOut,
            List<ByteString> inits) {
        String scale = name + "_scale";
        String zp = name + "_zero_point";
        inits.add(tensor(name + "_quantized", dims, elem, data));
        inits.add(tensor(scale, new long[] {scales.length}, OnnxProto.ELEM_FLOAT, OnnxModelWriter.floatBytes(scales)));
        inits.add(tensor(zp, new long[] {scales.length}, elem, zeroPoints));
        nodesOut.add(
                0,
                node(
                        name + "_DequantizeLinear",
                        "DequantizeLinear",
                        List.of(name + "_quantized", scale, zp),
                        dq(name),
                        0L));
    }

    private static ByteString tensor(String name, long[] dims, int elem, byte[] raw) {
        return ByteString.copyFrom(OnnxModelWriter.tensor(name, dims, elem, raw));
    }

    /** A default-domain node; {@code axis} non-null adds that int attribute. */
    private static ByteString node(String name, String op, List<String> inputs, String output, Long axis) {
        OnnxModelWriter.Attribute[] attributes = axis == null
                ? new OnnxModelWriter.Attribute[0]
                : new OnnxModelWriter.Attribute[] {OnnxModelWriter.Attribute.of("axis", axis.longValue())};
        return ByteString.copyFrom(OnnxModelWriter.node(name, op, inputs, output, attributes));
    }

    private static UnknownFieldSet.Field strings(List<String> values) {
        UnknownFieldSet.Field.Builder f = UnknownFieldSet.Field.newBuilder();
        for (String v : values) {
            f.addLengthDelimited(ByteString.copyFromUtf8(v));
        }
        return f.build();
    }
}
