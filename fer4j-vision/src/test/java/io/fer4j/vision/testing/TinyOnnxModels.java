package io.fer4j.vision.testing;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Tiny ONNX models with EmotiEffLib's structure — {@code input [N,3,S,S] → Conv 3×3 → Relu → GlobalAveragePool →
 * Flatten → Gemm → logits [N,K]} — written as protobuf bytes by hand (CodedOutputStream, onnx.proto field numbers), so
 * tests need neither Python's onnx nor large fixtures. Shared test utility of fer4j-vision: the vision (extraction)
 * tests use it too — keep it dependency-free and deterministic.
 *
 * <p>{@link Model#reference} computes the same network in plain Java (double precision) so tests check embeddings and
 * logits against independently computed numbers.
 */
public final class TinyOnnxModels {
    private TinyOnnxModels() {}

    /** What to build. Defaults: S=16, D=6 embedding channels, K=8 logits, dynamic batch, seed 1. */
    public record Options(
            int size,
            int channels,
            int outputs,
            long seed,
            long fixedBatch,
            long[] inputShapeOverride,
            boolean softmaxAfterGemm,
            String inputName) {
        public static Options defaults() {
            return new Options(16, 6, 8, 1, -1, null, false, "input");
        }

        public Options withSize(int s) {
            return new Options(s, channels, outputs, seed, fixedBatch, inputShapeOverride, softmaxAfterGemm, inputName);
        }

        public Options withChannels(int c) {
            return new Options(size, c, outputs, seed, fixedBatch, inputShapeOverride, softmaxAfterGemm, inputName);
        }

        public Options withOutputs(int k) {
            return new Options(size, channels, k, seed, fixedBatch, inputShapeOverride, softmaxAfterGemm, inputName);
        }

        public Options withSeed(long s) {
            return new Options(size, channels, outputs, s, fixedBatch, inputShapeOverride, softmaxAfterGemm, inputName);
        }

        /** A fixed batch dimension instead of the symbolic {@code N}. */
        public Options withFixedBatch(long n) {
            return new Options(size, channels, outputs, seed, n, inputShapeOverride, softmaxAfterGemm, inputName);
        }

        /** Declares this input shape (-1 = symbolic) instead of [N,3,S,S] — for bad-input tests. */
        public Options withInputShape(long... shape) {
            return new Options(size, channels, outputs, seed, fixedBatch, shape, softmaxAfterGemm, inputName);
        }

        /** Appends a Softmax after the Gemm, so the model no longer ends in a Gemm — for bad-input tests. */
        public Options withSoftmaxAfterGemm() {
            return new Options(size, channels, outputs, seed, fixedBatch, inputShapeOverride, true, inputName);
        }

        public Options withInputName(String name) {
            return new Options(size, channels, outputs, seed, fixedBatch, inputShapeOverride, softmaxAfterGemm, name);
        }
    }

    /** A built model: its bytes and weights. Conv weight is [C,3,3,3], Gemm weight [K,C] (transB=1). */
    public record Model(
            Options options, byte[] bytes, float[] convWeight, float[] convBias, float[] gemmWeight, float[] gemmBias) {

        public Path write(Path file) {
            try {
                Files.write(file, bytes);
                return file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * The network in plain Java for {@code n} faces of {@code nchw}: returns {embeddings [n·C], logits [n·K]}.
         */
        public float[][] reference(float[] nchw, int n) {
            int s = options.size();
            int c = options.channels();
            int k = options.outputs();
            float[] emb = new float[n * c];
            float[] logits = new float[n * k];
            for (int b = 0; b < n; b++) {
                int base = b * 3 * s * s;
                for (int oc = 0; oc < c; oc++) {
                    double sum = 0;
                    for (int y = 0; y < s; y++) {
                        for (int x = 0; x < s; x++) {
                            double acc = convBias[oc];
                            for (int ic = 0; ic < 3; ic++) {
                                for (int ky = 0; ky < 3; ky++) {
                                    for (int kx = 0; kx < 3; kx++) {
                                        int yy = y + ky - 1;
                                        int xx = x + kx - 1;
                                        if (yy >= 0 && yy < s && xx >= 0 && xx < s) {
                                            acc += convWeight[((oc * 3 + ic) * 3 + ky) * 3 + kx]
                                                    * nchw[base + (ic * s + yy) * s + xx];
                                        }
                                    }
                                }
                            }
                            sum += Math.max(0, acc);
                        }
                    }
                    emb[b * c + oc] = (float) (sum / (s * s));
                }
                for (int j = 0; j < k; j++) {
                    double acc = gemmBias[j];
                    for (int oc = 0; oc < c; oc++) {
                        acc += (double) gemmWeight[j * c + oc] * emb[b * c + oc];
                    }
                    logits[b * k + j] = (float) acc;
                }
            }
            return new float[][] {emb, logits};
        }
    }

    public static Model build() {
        return build(Options.defaults());
    }

    public static Model build(Options o) {
        Random r = new Random(o.seed());
        int c = o.channels();
        int k = o.outputs();
        float[] convW = randoms(r, c * 27, 0.3f);
        float[] convB = randoms(r, c, 0.1f);
        float[] gemmW = randoms(r, k * c, 0.5f);
        float[] gemmB = randoms(r, k, 0.1f);

        List<byte[]> nodes = new ArrayList<>();
        nodes.add(node(
                "conv",
                "Conv",
                List.of(o.inputName(), "conv.weight", "conv.bias"),
                List.of("conv_out"),
                List.of(intsAttr("kernel_shape", 3, 3), intsAttr("pads", 1, 1, 1, 1), intsAttr("strides", 1, 1))));
        nodes.add(node("relu", "Relu", List.of("conv_out"), List.of("relu_out"), List.of()));
        nodes.add(node("pool", "GlobalAveragePool", List.of("relu_out"), List.of("pool_out"), List.of()));
        nodes.add(node("flatten", "Flatten", List.of("pool_out"), List.of("features"), List.of(intAttr("axis", 1))));
        String gemmOut = o.softmaxAfterGemm() ? "gemm_out" : "logits";
        nodes.add(node(
                "classifier",
                "Gemm",
                List.of("features", "classifier.weight", "classifier.bias"),
                List.of(gemmOut),
                List.of(floatAttr("alpha", 1f), floatAttr("beta", 1f), intAttr("transB", 1))));
        if (o.softmaxAfterGemm()) {
            nodes.add(node("softmax", "Softmax", List.of(gemmOut), List.of("logits"), List.of(intAttr("axis", 1))));
        }
        List<byte[]> inits = List.of(
                tensor("conv.weight", new long[] {c, 3, 3, 3}, convW),
                tensor("conv.bias", new long[] {c}, convB),
                tensor("classifier.weight", new long[] {k, c}, gemmW),
                tensor("classifier.bias", new long[] {k}, gemmB));
        long[] inShape = o.inputShapeOverride() != null
                ? o.inputShapeOverride()
                : new long[] {o.fixedBatch(), 3, o.size(), o.size()};
        long batchOut = o.fixedBatch();
        Msg graph = new Msg();
        for (byte[] n : nodes) {
            graph.msg(1, n);
        }
        graph.str(2, "tiny_emotieffnet");
        for (byte[] t : inits) {
            graph.msg(5, t);
        }
        graph.msg(11, valueInfo(o.inputName(), inShape));
        graph.msg(12, valueInfo("logits", new long[] {batchOut, k}));
        Msg model = new Msg()
                .i64(1, 7)
                .str(2, "fer4j-tests")
                .msg(7, graph.bytes())
                .msg(8, new Msg().str(1, "").i64(2, 13).bytes());
        return new Model(o, model.bytes(), convW, convB, gemmW, gemmB);
    }

    private static float[] randoms(Random r, int n, float scale) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (r.nextGaussian() * scale);
        }
        return out;
    }

    private static byte[] node(String name, String op, List<String> in, List<String> out, List<byte[]> attrs) {
        Msg m = new Msg();
        in.forEach(s -> m.str(1, s));
        out.forEach(s -> m.str(2, s));
        m.str(3, name).str(4, op);
        attrs.forEach(a -> m.msg(5, a));
        return m.bytes();
    }

    private static byte[] intsAttr(String name, long... values) {
        Msg m = new Msg().str(1, name);
        for (long v : values) {
            m.i64(8, v);
        }
        return m.i64(20, 7).bytes(); // AttributeType.INTS
    }

    private static byte[] intAttr(String name, long v) {
        return new Msg().str(1, name).i64(3, v).i64(20, 2).bytes(); // INT
    }

    private static byte[] floatAttr(String name, float v) {
        return new Msg().str(1, name).f32(2, v).i64(20, 1).bytes(); // FLOAT
    }

    private static byte[] tensor(String name, long[] dims, float[] values) {
        Msg m = new Msg();
        for (long d : dims) {
            m.i64(1, d);
        }
        ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            raw.putFloat(v);
        }
        return m.i64(2, 1).str(8, name).raw(9, raw.array()).bytes();
    }

    private static byte[] valueInfo(String name, long[] shape) {
        Msg dims = new Msg();
        for (long d : shape) {
            dims.msg(
                    1,
                    d < 0 ? new Msg().str(2, "N").bytes() : new Msg().i64(1, d).bytes());
        }
        byte[] tensorType = new Msg().i64(1, 1).msg(2, dims.bytes()).bytes();
        byte[] type = new Msg().msg(1, tensorType).bytes();
        return new Msg().str(1, name).msg(2, type).bytes();
    }

    /** Minimal protobuf message writer. */
    private static final class Msg {
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        private final CodedOutputStream out = CodedOutputStream.newInstance(buf);

        Msg str(int field, String s) {
            try {
                out.writeString(field, s);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Msg i64(int field, long v) {
            try {
                out.writeInt64(field, v);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Msg f32(int field, float v) {
            try {
                out.writeFloat(field, v);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Msg msg(int field, byte[] bytes) {
            return raw(field, bytes);
        }

        Msg raw(int field, byte[] bytes) {
            try {
                out.writeByteArray(field, bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        byte[] bytes() {
            try {
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return buf.toByteArray();
        }
    }
}
