package io.fer4j.vision.backbone;

/**
 * Field numbers and enum values of onnx.proto, the one place both the reader ({@link OnnxGraph}) and the writers in
 * fer4j-modeltools take them from (no generated ONNX classes).
 */
public final class OnnxProto {
    private OnnxProto() {}

    public static final int MODEL_IR_VERSION = 1;
    public static final int MODEL_GRAPH = 7;
    public static final int MODEL_METADATA = 14;
    public static final int GRAPH_NODE = 1;
    public static final int GRAPH_INITIALIZER = 5;
    public static final int GRAPH_INPUT = 11;
    public static final int GRAPH_OUTPUT = 12;
    public static final int NODE_INPUT = 1;
    public static final int NODE_OUTPUT = 2;
    public static final int NODE_NAME = 3;
    public static final int NODE_OP_TYPE = 4;
    public static final int NODE_ATTRIBUTE = 5;
    public static final int NODE_DOMAIN = 7;
    public static final int ATTR_NAME = 1;
    public static final int ATTR_F = 2;
    public static final int ATTR_I = 3;
    public static final int VALUE_INFO_NAME = 1;
    public static final int VALUE_INFO_TYPE = 2;
    public static final int TYPE_TENSOR = 1;
    public static final int TENSOR_TYPE_ELEM = 1;
    public static final int TENSOR_TYPE_SHAPE = 2;
    public static final int SHAPE_DIM = 1;
    public static final int DIM_VALUE = 1;
    public static final int TENSOR_DIMS = 1;
    public static final int TENSOR_DATA_TYPE = 2;
    public static final int TENSOR_FLOAT_DATA = 4;
    public static final int TENSOR_NAME = 8;
    public static final int TENSOR_RAW_DATA = 9;
    public static final int ELEM_FLOAT = 1;
    // used by the writers in fer4j-modeltools (OnnxModelWriter, QdqQuantizer)
    public static final int MODEL_PRODUCER_NAME = 2;
    public static final int MODEL_PRODUCER_VERSION = 3;
    public static final int MODEL_DOC_STRING = 6;
    public static final int MODEL_OPSET_IMPORT = 8;
    public static final int OPSET_DOMAIN = 1;
    public static final int OPSET_VERSION = 2;
    public static final int STRING_ENTRY_KEY = 1;
    public static final int STRING_ENTRY_VALUE = 2;
    public static final int GRAPH_NAME = 2;
    public static final int GRAPH_VALUE_INFO = 13;
    public static final int ATTR_INTS = 8;
    public static final int ATTR_TYPE = 20;
    public static final int ATTR_TYPE_FLOAT = 1;
    public static final int ATTR_TYPE_INT = 2;
    public static final int ATTR_TYPE_INTS = 7;
    public static final int DIM_PARAM = 2;
    public static final int ELEM_UINT8 = 2;
    public static final int ELEM_INT8 = 3;
    public static final int ELEM_INT32 = 6;
    public static final int ELEM_INT64 = 7;
}
