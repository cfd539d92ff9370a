package io.fer4j.modeltools;

import static io.fer4j.vision.backbone.OnnxProto.*;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.fer4j.vision.backbone.OnnxGraph;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds a small ONNX model (default domain, float32 tensors) and serialises it in protobuf wire format with
 * protobuf-java's {@link CodedOutputStream}, with {@link OnnxGraph}'s onnx.proto field numbers (no generated ONNX
 * classes). Its static {@link #tensor} and {@link #node} encoders also serve {@link QdqQuantizer}'s graph edit.
 * Not thread-safe; use one per model.
 */
public final class OnnxModelWriter {
    private static final long IR_VERSION = 7;

    private final String graphName;
    private final int opset;
    private final List<byte[]> nodes = new ArrayList<>();
    private final List<byte[]> initializers = new ArrayList<>();
    private final List<byte[]> inputs = new ArrayList<>();
    private final List<byte[]> outputs = new ArrayList<>();
    private int nodeCount;

    /** A node attribute: an int, a float or a list of ints. */
    public sealed interface Attribute permits IntAttribute, FloatAttribute, IntsAttribute {
        String name();

        static Attribute of(String name, long value) {
            return new IntAttribute(name, value);
        }

        static Attribute of(String name, float value) {
            return new FloatAttribute(name, value);
        }

        static Attribute ints(String name, long... values) {
            return new IntsAttribute(name, values.clone());
        }
    }

    public record IntAttribute(String name, long value) implements Attribute {}

    public record FloatAttribute(String name, float value) implements Attribute {}

    public record IntsAttribute(String name, long[] values) implements Attribute {}

    public OnnxModelWriter(String graphName, int opset) {
        this.graphName = graphName;
        this.opset = opset;
    }

    /** A float32 graph input or output; a dimension below 0 is symbolic, named {@code N}. */
    public OnnxModelWriter input(String name, long... shape) {
        inputs.add(valueInfo(name, shape));
        return this;
    }

    public OnnxModelWriter output(String name, long... shape) {
        outputs.add(valueInfo(name, shape));
        return this;
    }

    /** A float32 initializer (little-endian raw data). */
    public OnnxModelWriter initializer(String name, float[] values, long... dims) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        if (n != values.length) {
            throw new IllegalArgumentException("initializer " + name + ": " + values.length + " values for shape "
                    + java.util.Arrays.toString(dims));
        }
        initializers.add(tensor(name, dims, ELEM_FLOAT, floatBytes(values)));
        return this;
    }

    /** A uint8 initializer (weights kept quantized in the file, dequantized by nodes of the graph). */
    public OnnxModelWriter uint8Initializer(String name, byte[] values, long... dims) {
        checkCount(name, values.length, dims);
        initializers.add(tensor(name, dims, ELEM_UINT8, values.clone()));
        return this;
    }

    /** An int64 initializer (shape-like operands such as Pad's {@code pads}). */
    public OnnxModelWriter int64Initializer(String name, long[] values, long... dims) {
        checkCount(name, values.length, dims);
        ByteBuffer raw = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        raw.asLongBuffer().put(values);
        initializers.add(tensor(name, dims, ELEM_INT64, raw.array()));
        return this;
    }

    private static void checkCount(String name, int count, long[] dims) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        if (n != count) {
            throw new IllegalArgumentException(
                    "initializer " + name + ": " + count + " values for shape " + java.util.Arrays.toString(dims));
        }
    }

    /** A TensorProto: dims, element type, name, raw (little-endian) data. */
    static byte[] tensor(String name, long[] dims, int elemType, byte[] raw) {
        return message(out -> {
            for (long d : dims) {
                out.writeInt64(TENSOR_DIMS, d);
            }
            out.writeInt32(TENSOR_DATA_TYPE, elemType);
            out.writeString(TENSOR_NAME, name);
            out.writeBytes(TENSOR_RAW_DATA, ByteString.copyFrom(raw));
        });
    }

    /** Little-endian float32 bytes, as TensorProto raw data holds them. */
    static byte[] floatBytes(float[] values) {
        ByteBuffer raw = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        return raw.array();
    }

    /** A default-domain NodeProto with one output. */
    static byte[] node(
            String nodeName, String opType, List<String> nodeInputs, String output, Attribute... attributes) {
        return message(out -> {
            for (String in : nodeInputs) {
                out.writeString(NODE_INPUT, in);
            }
            out.writeString(NODE_OUTPUT, output);
            out.writeString(NODE_NAME, nodeName);
            out.writeString(NODE_OP_TYPE, opType);
            for (Attribute a : attributes) {
                out.writeByteArray(NODE_ATTRIBUTE, attribute(a));
            }
        });
    }

    /** Adds a node of the default domain and returns its (single) output name, {@code output}. */
    public String node(String opType, List<String> nodeInputs, String output, Attribute... attributes) {
        nodes.add(node(opType + "_" + nodeCount++, opType, nodeInputs, output, attributes));
        return output;
    }

    /** The serialised ModelProto, with {@code metadata} as metadata_props (provenance travels with the file). */
    public byte[] toBytes(String producer, String producerVersion, String docString, Map<String, String> metadata) {
        byte[] graph = message(out -> {
            for (byte[] n : nodes) {
                out.writeByteArray(GRAPH_NODE, n);
            }
            out.writeString(GRAPH_NAME, graphName);
            for (byte[] t : initializers) {
                out.writeByteArray(GRAPH_INITIALIZER, t);
            }
            for (byte[] v : inputs) {
                out.writeByteArray(GRAPH_INPUT, v);
            }
            for (byte[] v : outputs) {
                out.writeByteArray(GRAPH_OUTPUT, v);
            }
        });
        return message(out -> {
            out.writeInt64(MODEL_IR_VERSION, IR_VERSION);
            out.writeString(MODEL_PRODUCER_NAME, producer);
            out.writeString(MODEL_PRODUCER_VERSION, producerVersion);
            out.writeString(MODEL_DOC_STRING, docString);
            out.writeByteArray(MODEL_GRAPH, graph);
            out.writeByteArray(MODEL_OPSET_IMPORT, message(o -> o.writeInt64(OPSET_VERSION, opset)));
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                out.writeByteArray(MODEL_METADATA, message(o -> {
                    o.writeString(STRING_ENTRY_KEY, e.getKey());
                    o.writeString(STRING_ENTRY_VALUE, e.getValue());
                }));
            }
        });
    }

    private static byte[] attribute(Attribute a) {
        return message(out -> {
            out.writeString(ATTR_NAME, a.name());
            if (a instanceof IntAttribute i) {
                out.writeInt64(ATTR_I, i.value());
                out.writeInt32(ATTR_TYPE, ATTR_TYPE_INT);
            } else if (a instanceof FloatAttribute f) {
                out.writeFloat(ATTR_F, f.value());
                out.writeInt32(ATTR_TYPE, ATTR_TYPE_FLOAT);
            } else if (a instanceof IntsAttribute l) {
                for (long v : l.values()) {
                    out.writeInt64(ATTR_INTS, v);
                }
                out.writeInt32(ATTR_TYPE, ATTR_TYPE_INTS);
            }
        });
    }

    private static byte[] valueInfo(String name, long[] shape) {
        byte[] dims = message(out -> {
            for (long d : shape) {
                out.writeByteArray(SHAPE_DIM, message(o -> {
                    if (d < 0) {
                        o.writeString(DIM_PARAM, "N");
                    } else {
                        o.writeInt64(DIM_VALUE, d);
                    }
                }));
            }
        });
        byte[] tensorType = message(out -> {
            out.writeInt32(TENSOR_TYPE_ELEM, ELEM_FLOAT);
            out.writeByteArray(TENSOR_TYPE_SHAPE, dims);
        });
        return message(out -> {
            out.writeString(VALUE_INFO_NAME, name);
            out.writeByteArray(VALUE_INFO_TYPE, message(o -> o.writeByteArray(TYPE_TENSOR, tensorType)));
        });
    }

    @FunctionalInterface
    private interface Body {
        void write(CodedOutputStream out) throws IOException;
    }

    private static byte[] message(Body body) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            body.write(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory stream: cannot happen
        }
    }
}
