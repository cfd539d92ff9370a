package io.fer4j.vision.backbone;

import static io.fer4j.vision.backbone.OnnxProto.*;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.WireFormat;
import io.fer4j.error.Fer4jException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parts of an ONNX model a backbone needs, read from the protobuf wire format with protobuf-java's
 * {@link UnknownFieldSet} (field numbers from onnx.proto; no generated ONNX classes): the image input, the final Gemm,
 * and an edit that exposes the Gemm's input (the embedding) as an extra graph output so one ONNX Runtime pass yields
 * embeddings and logits without re-implementing the network.
 */
public final class OnnxGraph {
    /** A graph input: name, ONNX element type, shape with -1 for symbolic / unknown dimensions. */
    public record Input(String name, int elemType, long[] shape) {
        @Override
        public long[] shape() {
            return shape.clone();
        }

        /** S of an [N,3,S,S] input. */
        public int imageSize() {
            return (int) shape[2];
        }

        /** N where the model fixes the batch size, else -1. */
        public long fixedBatch() {
            return shape[0];
        }

        @Override
        public String toString() {
            return name + " " + shapeText(shape);
        }
    }

    /**
     * The Gemm producing a graph output: {@code output = alpha·input·op(B) + beta·C}.
     *
     * @param inputWidth  D, the embedding width, or 0 where B is not an initializer
     * @param outputWidth K, or 0 where B is not an initializer
     */
    public record FinalGemm(
            String nodeName,
            String inputName,
            String outputName,
            String weightName,
            String biasName,
            boolean transA,
            boolean transB,
            float alpha,
            float beta,
            int inputWidth,
            int outputWidth) {}

    private final Path file;
    private final UnknownFieldSet model;
    private final UnknownFieldSet graph;
    private final List<UnknownFieldSet> nodes = new ArrayList<>();
    private final Map<String, ByteString> initializers = new HashMap<>();

    private OnnxGraph(Path file, UnknownFieldSet model, UnknownFieldSet graph) throws InvalidProtocolBufferException {
        this.file = file;
        this.model = model;
        this.graph = graph;
        for (ByteString n : graph.getField(GRAPH_NODE).getLengthDelimitedList()) {
            nodes.add(UnknownFieldSet.parseFrom(n));
        }
        for (ByteString t : graph.getField(GRAPH_INITIALIZER).getLengthDelimitedList()) {
            String name = tensorName(t);
            if (name != null) {
                initializers.put(name, t);
            }
        }
    }

    /** Reads and parses an ONNX file; a missing, unreadable, non-ONNX or truncated file is a {@link Fer4jException}. */
    public static OnnxGraph read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new Fer4jException(
                    file,
                    "model file not found; check the path, or pass a registry name " + "(see `fer4j models list`)");
        } catch (IOException e) {
            throw new Fer4jException(file, "cannot read the model file (" + e.getMessage() + ")", e);
        }
        return parse(file, bytes);
    }

    /** Parses ONNX bytes; {@code file} names them in errors. */
    public static OnnxGraph parse(Path file, byte[] bytes) {
        String notOnnx = "is not a valid ONNX model (%s); if it was downloaded, it may be incomplete or an HTML error "
                + "page: download it again, or pass another .onnx file";
        if (bytes.length == 0) {
            throw new Fer4jException(file, String.format(notOnnx, "the file is empty"));
        }
        try {
            UnknownFieldSet model = UnknownFieldSet.parseFrom(bytes);
            UnknownFieldSet.Field graphField = model.getField(MODEL_GRAPH);
            if (model.getField(MODEL_IR_VERSION).getVarintList().isEmpty()
                    || graphField.getLengthDelimitedList().size() != 1) {
                throw new Fer4jException(file, String.format(notOnnx, "no ir_version or graph"));
            }
            UnknownFieldSet graph = UnknownFieldSet.parseFrom(
                    graphField.getLengthDelimitedList().get(0));
            if (graph.getField(GRAPH_NODE).getLengthDelimitedList().isEmpty()
                    || graph.getField(GRAPH_OUTPUT).getLengthDelimitedList().isEmpty()) {
                throw new Fer4jException(file, String.format(notOnnx, "the graph has no nodes or no outputs"));
            }
            return new OnnxGraph(file, model, graph);
        } catch (InvalidProtocolBufferException e) {
            throw new Fer4jException(file, String.format(notOnnx, "protobuf: " + e.getMessage()), e);
        }
    }

    public Path file() {
        return file;
    }

    /** The value of a model metadata_props entry (ModelProto field 14), or null. */
    public String metadata(String key) {
        for (ByteString b : model.getField(MODEL_METADATA).getLengthDelimitedList()) {
            UnknownFieldSet e = parseQuietly(b);
            if (string(e, 1).equals(key)) {
                return string(e, 2);
            }
        }
        return null;
    }

    // Low-level views for the model tools (fer4j-modeltools' QdqQuantizer), which rewrite the graph with the same
    // wire-format fields; not part of what a backbone needs.
    public UnknownFieldSet model() {
        return model;
    }

    public UnknownFieldSet graph() {
        return graph;
    }

    public List<UnknownFieldSet> nodes() {
        return List.copyOf(nodes);
    }

    public boolean isInitializer(String name) {
        return initializers.containsKey(name);
    }

    /** Real inputs (graph inputs that are not initializers), in graph order. */
    public List<Input> inputs() {
        List<Input> out = new ArrayList<>();
        for (ByteString vi : graph.getField(GRAPH_INPUT).getLengthDelimitedList()) {
            Input in = valueInfo(vi);
            if (!initializers.containsKey(in.name())) {
                out.add(in);
            }
        }
        return out;
    }

    public List<String> outputNames() {
        List<String> out = new ArrayList<>();
        for (ByteString vi : graph.getField(GRAPH_OUTPUT).getLengthDelimitedList()) {
            out.add(valueInfoName(vi));
        }
        return out;
    }

    /**
     * The image input: the one named {@code input}, else the only input; it must be float32 [N,3,S,S] with S fixed.
     */
    public Input imageInput() {
        List<Input> inputs = inputs();
        Input chosen = null;
        for (Input in : inputs) {
            if (in.name().equals("input")) {
                chosen = in;
            }
        }
        if (chosen == null && inputs.size() == 1) {
            chosen = inputs.get(0);
        }
        if (chosen == null) {
            throw new Fer4jException(
                    file,
                    "has " + inputs.size() + " inputs " + inputs
                            + " and none is named 'input'; a backbone needs one image input [N,3,S,S]");
        }
        long[] s = chosen.shape;
        if (s.length != 4 || s[1] != 3 || s[2] < 1 || s[2] != s[3]) {
            throw new Fer4jException(
                    file,
                    "input '" + chosen.name() + "' has shape " + shapeText(s)
                            + "; a backbone needs [N,3,S,S] with a fixed square size S (NCHW RGB); pass an "
                            + "EmotiEffLib-style image model");
        }
        if (chosen.elemType() != ELEM_FLOAT) {
            throw new Fer4jException(
                    file,
                    "input '" + chosen.name() + "' has ONNX element type " + chosen.elemType()
                            + "; a backbone needs float32 input (type 1)");
        }
        return chosen;
    }

    /**
     * The Gemm whose output is a graph output (CONTRACTS §4: "the model's last node is a Gemm"); the first such output
     * in graph order wins.
     */
    public FinalGemm finalGemm() {
        Map<String, UnknownFieldSet> producer = new HashMap<>();
        for (UnknownFieldSet n : nodes) {
            for (ByteString o : n.getField(NODE_OUTPUT).getLengthDelimitedList()) {
                producer.put(o.toStringUtf8(), n);
            }
        }
        List<String> seen = new ArrayList<>();
        for (String out : outputNames()) {
            UnknownFieldSet node = producer.get(out);
            String op = node == null ? "(no node)" : string(node, NODE_OP_TYPE);
            String domain = node == null ? "" : string(node, NODE_DOMAIN);
            if (node != null && op.equals("Gemm") && (domain.isEmpty() || domain.equals("ai.onnx"))) {
                return gemm(node);
            }
            seen.add("'" + out + "' from " + op);
        }
        throw new Fer4jException(
                file,
                "has no final Gemm (graph outputs: " + String.join(", ", seen)
                        + "); fer4j takes the embedding from the input of the last fully connected layer, so the model must "
                        + "end in a Gemm as EmotiEffLib's ONNX models do");
    }

    private FinalGemm gemm(UnknownFieldSet node) {
        List<String> in = strings(node, NODE_INPUT);
        if (in.size() < 2) {
            throw new Fer4jException(file, "final Gemm node has " + in.size() + " inputs; expected A, B[, C]");
        }
        boolean transA = false;
        boolean transB = false;
        float alpha = 1f;
        float beta = 1f;
        for (ByteString a : node.getField(NODE_ATTRIBUTE).getLengthDelimitedList()) {
            UnknownFieldSet attr = parseQuietly(a);
            String name = string(attr, ATTR_NAME);
            List<Long> ints = attr.getField(ATTR_I).getVarintList();
            List<Integer> floats = attr.getField(ATTR_F).getFixed32List();
            switch (name) {
                case "transA" -> transA = !ints.isEmpty() && ints.get(0) != 0;
                case "transB" -> transB = !ints.isEmpty() && ints.get(0) != 0;
                case "alpha" -> alpha = floats.isEmpty() ? 1f : Float.intBitsToFloat(floats.get(0));
                case "beta" -> beta = floats.isEmpty() ? 1f : Float.intBitsToFloat(floats.get(0));
                default -> {}
            }
        }
        String weight = in.get(1);
        String bias = in.size() > 2 ? in.get(2) : null;
        int d = 0;
        int k = 0;
        long[] w = initializerDims(weight);
        if (w != null && w.length == 2) {
            d = (int) (transB ? w[1] : w[0]);
            k = (int) (transB ? w[0] : w[1]);
        }
        String output = strings(node, NODE_OUTPUT).get(0);
        return new FinalGemm(
                string(node, NODE_NAME), in.get(0), output, weight, bias, transA, transB, alpha, beta, d, k);
    }

    /** Dimensions of an initializer, or null when there is none of that name. */
    public long[] initializerDims(String name) {
        ByteString t = initializers.get(name);
        if (t == null) {
            return null;
        }
        try {
            List<Long> dims = new ArrayList<>();
            CodedInputStream cin = t.newCodedInput();
            for (int tag = cin.readTag(); tag != 0; tag = cin.readTag()) {
                int field = WireFormat.getTagFieldNumber(tag);
                int wire = WireFormat.getTagWireType(tag);
                if (field == TENSOR_DIMS && wire == WireFormat.WIRETYPE_VARINT) {
                    dims.add(cin.readInt64());
                } else if (field == TENSOR_DIMS && wire == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    int limit = cin.pushLimit(cin.readRawVarint32());
                    while (cin.getBytesUntilLimit() > 0) {
                        dims.add(cin.readInt64());
                    }
                    cin.popLimit(limit);
                } else {
                    cin.skipField(tag);
                }
            }
            return dims.stream().mapToLong(Long::longValue).toArray();
        } catch (IOException e) {
            throw new Fer4jException(file, "initializer '" + name + "' is corrupt (" + e.getMessage() + ")", e);
        }
    }

    /** Values of a float32 initializer (raw_data or float_data), or null when there is none of that name. */
    public float[] initializerFloats(String name) {
        ByteString t = initializers.get(name);
        if (t == null) {
            return null;
        }
        UnknownFieldSet tensor = parseQuietly(t);
        List<Long> type = tensor.getField(TENSOR_DATA_TYPE).getVarintList();
        if (type.isEmpty() || type.get(0) != ELEM_FLOAT) {
            throw new Fer4jException(file, "initializer '" + name + "' is not float32");
        }
        List<ByteString> raw = tensor.getField(TENSOR_RAW_DATA).getLengthDelimitedList();
        if (!raw.isEmpty()) {
            ByteBuffer b = raw.get(0).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            float[] out = new float[b.remaining() / 4];
            b.asFloatBuffer().get(out);
            return out;
        }
        UnknownFieldSet.Field data = tensor.getField(TENSOR_FLOAT_DATA);
        List<Integer> bits = new ArrayList<>(data.getFixed32List());
        for (ByteString packed : data.getLengthDelimitedList()) {
            ByteBuffer b = packed.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            while (b.remaining() >= 4) {
                bits.add(b.getInt());
            }
        }
        float[] out = new float[bits.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Float.intBitsToFloat(bits.get(i));
        }
        return out;
    }

    /**
     * The model re-serialised with {@code names} appended to the graph outputs (those already outputs are skipped).
     * Each new output is a ValueInfoProto holding only its name: ONNX Runtime infers type and shape.
     */
    public byte[] withExtraOutputs(List<String> names) {
        Set<String> existing = new LinkedHashSet<>(outputNames());
        UnknownFieldSet.Field.Builder added = UnknownFieldSet.Field.newBuilder();
        for (String name : names) {
            if (existing.add(name)) {
                UnknownFieldSet vi = UnknownFieldSet.newBuilder()
                        .addField(
                                VALUE_INFO_NAME,
                                UnknownFieldSet.Field.newBuilder()
                                        .addLengthDelimited(ByteString.copyFromUtf8(name))
                                        .build())
                        .build();
                added.addLengthDelimited(vi.toByteString());
            }
        }
        UnknownFieldSet newGraph =
                graph.toBuilder().mergeField(GRAPH_OUTPUT, added.build()).build();
        return model.toBuilder()
                .addField(
                        MODEL_GRAPH,
                        UnknownFieldSet.Field.newBuilder()
                                .addLengthDelimited(newGraph.toByteString())
                                .build())
                .build()
                .toByteArray();
    }

    private Input valueInfo(ByteString bytes) {
        UnknownFieldSet vi = parseQuietly(bytes);
        String name = string(vi, VALUE_INFO_NAME);
        int elemType = 0;
        long[] shape = new long[0];
        List<ByteString> type = vi.getField(VALUE_INFO_TYPE).getLengthDelimitedList();
        if (!type.isEmpty()) {
            List<ByteString> tensor =
                    parseQuietly(type.get(0)).getField(TYPE_TENSOR).getLengthDelimitedList();
            if (!tensor.isEmpty()) {
                UnknownFieldSet tt = parseQuietly(tensor.get(0));
                List<Long> et = tt.getField(TENSOR_TYPE_ELEM).getVarintList();
                elemType = et.isEmpty() ? 0 : et.get(0).intValue();
                List<ByteString> sh = tt.getField(TENSOR_TYPE_SHAPE).getLengthDelimitedList();
                if (!sh.isEmpty()) {
                    List<ByteString> dims =
                            parseQuietly(sh.get(0)).getField(SHAPE_DIM).getLengthDelimitedList();
                    shape = new long[dims.size()];
                    for (int i = 0; i < shape.length; i++) {
                        List<Long> v =
                                parseQuietly(dims.get(i)).getField(DIM_VALUE).getVarintList();
                        shape[i] = v.isEmpty() ? -1 : v.get(0);
                    }
                }
            }
        }
        return new Input(name, elemType, shape);
    }

    private String valueInfoName(ByteString bytes) {
        return string(parseQuietly(bytes), VALUE_INFO_NAME);
    }

    private static String tensorName(ByteString tensor) {
        try {
            CodedInputStream cin = tensor.newCodedInput();
            for (int tag = cin.readTag(); tag != 0; tag = cin.readTag()) {
                if (WireFormat.getTagFieldNumber(tag) == TENSOR_NAME
                        && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    return cin.readStringRequireUtf8();
                }
                cin.skipField(tag);
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Parses one embedded message of this model; a malformed one fails naming the file. */
    public UnknownFieldSet parseQuietly(ByteString bytes) {
        try {
            return UnknownFieldSet.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new Fer4jException(
                    file,
                    "is not a valid ONNX model (corrupt graph: " + e.getMessage()
                            + "); download it again, or pass another .onnx file",
                    e);
        }
    }

    /** The first string of {@code field}, or "" when absent. */
    public static String string(UnknownFieldSet set, int field) {
        List<ByteString> v = set.getField(field).getLengthDelimitedList();
        return v.isEmpty() ? "" : v.get(0).toStringUtf8();
    }

    /** Every string of {@code field}, in order. */
    public static List<String> strings(UnknownFieldSet set, int field) {
        List<String> out = new ArrayList<>();
        for (ByteString b : set.getField(field).getLengthDelimitedList()) {
            out.add(b.toStringUtf8());
        }
        return out;
    }

    static String shapeText(long[] shape) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i > 0 ? "," : "").append(shape[i] < 0 ? "?" : Long.toString(shape[i]));
        }
        return sb.append(']').toString();
    }

    @Override
    public String toString() {
        return file + ": inputs " + inputs() + ", outputs " + outputNames() + ", " + nodes.size() + " nodes, "
                + initializers.size() + " initializers";
    }
}
