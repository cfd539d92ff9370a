package io.fer4j.modeltools.convert;

import io.fer4j.error.Fer4jException;
import io.fer4j.modeltools.OnnxModelWriter;
import io.fer4j.modeltools.OnnxModelWriter.Attribute;
import io.fer4j.store.AtomicFiles;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts face-api.js's trained FaceRecognitionNet (the 128-d face descriptor), as shipped in the npm tarball
 * {@code @vladmandic/face-api@1.7.15} (MIT, the same tarball as {@code faceapi_expression}), into ONNX: input
 * {@code input} float32 NCHW [N,3,150,150], output {@code descriptor} [N,128]. Two faces are the same person when the
 * Euclidean distance of their descriptors is below 0.6 (face-api.js's {@code FaceMatcher} default).
 *
 * <p>The architecture is face-api's {@code src/faceRecognitionNet} (a ResNet-34-like network after dlib's): a 7×7
 * stride-2 "valid" conv + 3×3 stride-2 max pool, residual blocks at 32, 64, 128 and 256 channels, each conv followed
 * by its bias and a per-channel scale layer ({@code x·w + b}); a down-sampling block adds a 2×2 average pool of its
 * input, zero-padded in channels (and the conv path zero-padded by one row and column at the end where the pool is
 * larger), then a global average and one bias-free fully connected 256→128 layer.
 *
 * <p>Weights: the tarball holds most tensors as TF.js uint8 ({@code float32(q·scale + min)}). To keep the embedded
 * file small (6.6 MB instead of 24 MB of float32) the large ones stay uint8 in the file, dequantized by
 * {@code Cast → Mul(scale) → Add(min)} nodes on constants, which ONNX Runtime folds once when the session opens (a
 * {@code DequantizeLinear} would need an integral zero point, which the scale layers do not have, and Runtime keeps
 * it unfolded for its QDQ fusions). Small vectors (biases, scale layers) and the tensors shipped as float32 are
 * stored as float32, decoded exactly as {@code tf.io.decodeWeights} does. fp16 was not chosen: twice the size and a
 * second rounding of weights that are uint8 anyway. The preprocessing (pad to square, bilinear resize to 150,
 * {@code (RGB − mean) / 255}) stays outside the graph, declared in the registry entry.
 */
public final class FaceApiDescriptorConverter {
    static final String MANIFEST = "package/model/face_recognition_model-weights_manifest.json";
    static final String WEIGHTS = "package/model/face_recognition_model.bin";

    public static final int INPUT_SIZE = 150;
    public static final int DESCRIPTOR_DIM = 128;
    /** Tensors with at least this many uint8 values stay uint8 in the file; smaller ones become float32. */
    private static final int KEEP_QUANTIZED_FROM = 1024;

    private static final int OPSET = 13;
    private static final long ONNX_FLOAT = 1;

    private FaceApiDescriptorConverter() {}

    /** Usage: {@code FaceApiDescriptorConverter TARBALL OUT.onnx} (what {@code tools/faceapi/convert-descriptor.sh} runs). */
    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: FaceApiDescriptorConverter vladmandic-face-api-1.7.15.tgz OUT.onnx");
            System.exit(2);
        }
        try {
            convert(Path.of(args[0]), Path.of(args[1]));
        } catch (Fer4jException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Converts {@code tarball} and writes the ONNX file atomically to {@code out}; returns its bytes. */
    public static byte[] convert(Path tarball, Path out) {
        byte[] onnx = convert(tarball);
        AtomicFiles.writeBytes(out, onnx);
        return onnx;
    }

    /** Checks the tarball's SHA-256, reads the recognition net's files from it and builds the ONNX model. */
    public static byte[] convert(Path tarball) {
        String sha = FaceApiExpressionConverter.checkTarball(tarball);
        Map<String, byte[]> files = FaceApiExpressionConverter.readEntries(tarball, List.of(MANIFEST, WEIGHTS));
        return build(TfjsWeights.read(tarball, files.get(MANIFEST), files.get(WEIGHTS), WEIGHTS), sha);
    }

    private static byte[] build(Map<String, TfjsWeights.Weight> w, String tarballSha) {
        OnnxModelWriter g = new OnnxModelWriter("faceapi_descriptor", OPSET);
        g.input("input", -1, 3, INPUT_SIZE, INPUT_SIZE);
        Net net = new Net(g, w);
        // 150 → conv 7×7/2 valid → 72 → max pool 3/2 valid → 35
        String x = net.convLayer("conv32_down", "input", 7, 2, true, true);
        x = g.node(
                "MaxPool", List.of(x), "pool", Attribute.ints("kernel_shape", 3, 3), Attribute.ints("strides", 2, 2));
        int size = 35;
        int channels = 32;
        x = net.residual("conv32_1", x);
        x = net.residual("conv32_2", x);
        x = net.residual("conv32_3", x);
        String[][] stages = {
            {"conv64_down", "conv64_1", "conv64_2", "conv64_3"},
            {"conv128_down", "conv128_1", "conv128_2"},
            {"conv256_down", "conv256_1", "conv256_2"},
        };
        for (String[] stage : stages) {
            x = net.residualDown(stage[0], x, size, channels);
            size = Net.downSize(size);
            channels *= channels < 256 ? 2 : 1;
            for (int i = 1; i < stage.length; i++) {
                x = net.residual(stage[i], x);
            }
        }
        x = net.residualDown("conv256_down_out", x, size, channels);
        String pooled = g.node("GlobalAveragePool", List.of(x), "global_average");
        String flat = g.node("Flatten", List.of(pooled), "flat", Attribute.of("axis", 1L));
        g.node("MatMul", List.of(flat, net.weight("fc", false)), "descriptor");
        g.output("descriptor", -1, DESCRIPTOR_DIM);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(
                "source",
                "npm " + FaceApiExpressionConverter.PACKAGE + " model/face_recognition_model (FaceRecognitionNet)");
        meta.put("source_sha256", tarballSha);
        meta.put("licence", "MIT (face-api.js, Copyright (c) Vladimir Mandic and Vincent Muehler)");
        meta.put("match_distance", "0.6 (Euclidean; face-api.js FaceMatcher default)");
        meta.put(
                "preprocessing",
                "centred zero-padding to square, bilinear resize to 150 (TF, no half-pixel "
                        + "centres), x = (RGB - [122.782, 117.001, 104.298]) / 255");
        return g.toBytes(
                "fer4j FaceApiDescriptorConverter", "1", "face-api.js FaceRecognitionNet converted by fer4j", meta);
    }

    /** face-api's recognition-net layers as ONNX nodes (NCHW). */
    private record Net(OnnxModelWriter g, Map<String, TfjsWeights.Weight> w) {

        /** A float32 tensor for the weight {@code name}: an initializer, or uint8 + Cast/Mul/Add for large ones. */
        String weight(String name, boolean filter) {
            TfjsWeights.Weight wt = w.get(name);
            if (wt == null) {
                throw new IllegalStateException("the manifest has no weight " + name);
            }
            int[] s = wt.shape();
            long[] dims = filter ? new long[] {s[3], s[2], s[0], s[1]} : toLongs(s);
            if (wt.quantized() == null || wt.count() < KEEP_QUANTIZED_FROM) {
                float[] v = wt.decoded();
                g.initializer(
                        name, filter ? FaceApiExpressionConverter.hwioToOihw(v, s[0], s[1], s[2], s[3]) : v, dims);
                return name;
            }
            byte[] q = filter ? hwioToOihw(wt.quantized(), s[0], s[1], s[2], s[3]) : wt.quantized();
            g.uint8Initializer(name + "/uint8", q, dims);
            g.initializer(name + "/scale", new float[] {(float) wt.scale()});
            g.initializer(name + "/min", new float[] {(float) wt.min()});
            String asFloat = g.node("Cast", List.of(name + "/uint8"), name + "/float", Attribute.of("to", ONNX_FLOAT));
            String scaled = g.node("Mul", List.of(asFloat, name + "/scale"), name + "/scaled");
            return g.node("Add", List.of(scaled, name + "/min"), name);
        }

        /** A per-channel vector shaped [C,1,1] so it broadcasts over NCHW. */
        String channelVector(String name) {
            TfjsWeights.Weight wt = w.get(name);
            g.initializer(name, wt.decoded(), wt.count(), 1, 1);
            return name;
        }

        /** conv (+ bias) → scale layer (x·w + b) → optional relu; "same" (stride 1) or "valid" padding. */
        String convLayer(String prefix, String x, int kernel, int stride, boolean valid, boolean relu) {
            String filters = weight(prefix + "/conv/filters", true);
            String bias = prefix + "/conv/bias";
            g.initializer(bias, w.get(bias).decoded(), w.get(bias).count());
            long pad = valid ? 0 : kernel / 2;
            String conv = g.node(
                    "Conv",
                    List.of(x, filters, bias),
                    prefix + "/conv",
                    Attribute.ints("kernel_shape", kernel, kernel),
                    Attribute.ints("strides", stride, stride),
                    Attribute.ints("pads", pad, pad, pad, pad));
            String scaled = g.node("Mul", List.of(conv, channelVector(prefix + "/scale/weights")), prefix + "/mul");
            String out = g.node("Add", List.of(scaled, channelVector(prefix + "/scale/biases")), prefix + "/scale");
            return relu ? g.node("Relu", List.of(out), prefix + "/relu") : out;
        }

        /** face-api's residual: relu(convNoRelu(conv(x)) + x). */
        String residual(String prefix, String x) {
            String a = convLayer(prefix + "/conv1", x, 3, 1, false, true);
            String b = convLayer(prefix + "/conv2", a, 3, 1, false, false);
            return g.node("Relu", List.of(g.node("Add", List.of(b, x), prefix + "/sum")), prefix + "/out");
        }

        /**
         * face-api's residualDown: the conv path goes 3×3 stride 2 "valid", the shortcut is a 2×2 stride-2 average
         * pool zero-padded in channels; where the pool is one larger, the conv path gets a zero row and column at
         * the end (tf.concat with zeros).
         */
        String residualDown(String prefix, String x, int size, int cin) {
            String a = convLayer(prefix + "/conv1", x, 3, 2, true, true);
            String b = convLayer(prefix + "/conv2", a, 3, 1, false, false);
            int cout = (int) w.get(prefix + "/conv1/conv/bias").count();
            int convSize = (size - 3) / 2 + 1;
            int poolSize = downSize(size);
            if (convSize != poolSize) {
                b = pad(prefix + "/conv_pad", b, 0, poolSize - convSize);
            }
            String pooled = g.node(
                    "AveragePool",
                    List.of(x),
                    prefix + "/pool",
                    Attribute.ints("kernel_shape", 2, 2),
                    Attribute.ints("strides", 2, 2));
            if (cout != cin) {
                pooled = pad(prefix + "/pool_pad", pooled, cout - cin, 0);
            }
            return g.node("Relu", List.of(g.node("Add", List.of(pooled, b), prefix + "/sum")), prefix + "/out");
        }

        /** Zero padding at the end: {@code channels} more channels, {@code pixels} more rows and columns. */
        String pad(String name, String x, long channels, long pixels) {
            g.int64Initializer(name + "/pads", new long[] {0, 0, 0, 0, 0, channels, pixels, pixels}, 8);
            return g.node("Pad", List.of(x, name + "/pads"), name);
        }

        /** Output side of the 2×2 stride-2 "valid" average pool. */
        static int downSize(int size) {
            return (size - 2) / 2 + 1;
        }
    }

    private static long[] toLongs(int[] shape) {
        long[] out = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            out[i] = shape[i];
        }
        return out;
    }

    /** TF filter layout [kh, kw, in, out] → ONNX [out, in, kh, kw], for uint8 values (exact through float). */
    static byte[] hwioToOihw(byte[] src, int kh, int kw, int cin, int cout) {
        float[] values = new float[src.length];
        for (int i = 0; i < src.length; i++) {
            values[i] = src[i] & 0xff;
        }
        float[] moved = FaceApiExpressionConverter.hwioToOihw(values, kh, kw, cin, cout);
        byte[] dst = new byte[src.length];
        for (int i = 0; i < dst.length; i++) {
            dst[i] = (byte) moved[i];
        }
        return dst;
    }
}
