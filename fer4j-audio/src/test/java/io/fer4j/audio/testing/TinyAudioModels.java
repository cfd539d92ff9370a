package io.fer4j.audio.testing;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes tiny ONNX models for the audio tests straight in the protobuf wire format (field numbers from onnx.proto;
 * the ONNX generated classes are not on the classpath). The "wav2vec-like" model is
 * {@code input_values [B, N] → Unsqueeze(1) → Conv1d(1→D, kernel 400, stride 320) → Transpose(0,2,1) →
 * last_hidden_state [B, T, D]} with T = floor((N − 400) / 320) + 1 — wav2vec 2.0's rows-per-sample arithmetic (49
 * rows per 16,000 samples). Its weights are {@link #weight} and {@link #bias}, so tests compute the expected output
 * independently.
 */
public final class TinyAudioModels {
    public static final int KERNEL = 400;
    public static final int STRIDE = 320;

    private TinyAudioModels() {}

    /** Conv weight [d][0][k]: a smooth, channel-dependent pattern. */
    public static float weight(int d, int k) {
        return (float) (Math.sin(0.05 * (k + 1) * (d + 1)) / KERNEL);
    }

    /** Conv bias [d]. */
    public static float bias(int d) {
        return 0.1f * d - 0.05f;
    }

    /** Expected row t of the output for input {@code x} (already normalised / padded as the model sees it). */
    public static float[] expectedRow(float[] x, int t, int dim) {
        float[] out = new float[dim];
        for (int d = 0; d < dim; d++) {
            double s = bias(d);
            for (int k = 0; k < KERNEL; k++) {
                s += (double) weight(d, k) * x[t * STRIDE + k];
            }
            out[d] = (float) s;
        }
        return out;
    }

    /** The wav2vec-like model with {@code dim} output channels, written to {@code file}. */
    public static Path writeConvModel(Path file, int dim) {
        return write(file, convGraph(dim, true, "input_values", "last_hidden_state"));
    }

    /** Same convolution but output [B, D·T] (rank 2, via Flatten): not a valid audio model. */
    public static Path writeRank2Model(Path file, int dim) {
        return write(file, convGraph(dim, false, "input_values", "last_hidden_state"));
    }

    private static Path write(Path file, byte[] graph) {
        Msg opset = new Msg().string(1, "").int64(2, 13);
        byte[] model = new Msg()
                .int64(1, 7)
                .string(2, "fer4j-tests")
                .message(8, opset)
                .bytes(7, graph)
                .build();
        try {
            Files.write(file, model);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static byte[] convGraph(int dim, boolean rank3, String inputName, String outputName) {
        float[] w = new float[dim * KERNEL];
        float[] b = new float[dim];
        for (int d = 0; d < dim; d++) {
            b[d] = bias(d);
            for (int k = 0; k < KERNEL; k++) {
                w[d * KERNEL + k] = weight(d, k);
            }
        }
        Msg g = new Msg().string(2, "tiny_audio");
        g.message(5, floatTensor("W", w, dim, 1, KERNEL));
        g.message(5, floatTensor("B", b, dim));
        g.message(5, int64Tensor("axes", new long[] {1}, 1));
        g.message(1, node("Unsqueeze", new String[] {inputName, "axes"}, "x3", new Msg[0]));
        g.message(1, node("Conv", new String[] {"x3", "W", "B"}, "conv", new Msg[] {
            intsAttr("kernel_shape", KERNEL), intsAttr("strides", STRIDE)
        }));
        if (rank3) {
            g.message(1, node("Transpose", new String[] {"conv"}, outputName, new Msg[] {intsAttr("perm", 0, 2, 1)}));
            g.message(12, valueInfo(outputName, "batch", "frames", Integer.toString(dim)));
        } else {
            g.message(1, node("Flatten", new String[] {"conv"}, outputName, new Msg[] {intAttr("axis", 1)}));
            g.message(12, valueInfo(outputName, "batch", "flat"));
        }
        g.message(11, valueInfo(inputName, "batch", "samples"));
        return g.build();
    }

    private static Msg node(String op, String[] inputs, String output, Msg[] attrs) {
        Msg n = new Msg();
        for (String in : inputs) {
            n.string(1, in);
        }
        n.string(2, output).string(3, op + "_" + output).string(4, op);
        for (Msg a : attrs) {
            n.message(5, a);
        }
        return n;
    }

    private static Msg intsAttr(String name, long... values) {
        Msg a = new Msg().string(1, name);
        for (long v : values) {
            a.int64(8, v);
        }
        return a.int64(20, 7); // AttributeType.INTS
    }

    private static Msg intAttr(String name, long value) {
        return new Msg().string(1, name).int64(3, value).int64(20, 2); // AttributeType.INT
    }

    private static Msg floatTensor(String name, float[] data, long... dims) {
        Msg t = new Msg();
        for (long d : dims) {
            t.int64(1, d);
        }
        ByteBuffer raw = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : data) {
            raw.putFloat(f);
        }
        return t.int64(2, 1).string(8, name).bytes(9, raw.array()); // FLOAT
    }

    private static Msg int64Tensor(String name, long[] data, long... dims) {
        Msg t = new Msg();
        for (long d : dims) {
            t.int64(1, d);
        }
        ByteBuffer raw = ByteBuffer.allocate(data.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : data) {
            raw.putLong(v);
        }
        return t.int64(2, 7).string(8, name).bytes(9, raw.array()); // INT64
    }

    /** A float tensor value-info; a dimension that parses as a number is fixed, otherwise symbolic. */
    private static Msg valueInfo(String name, String... dims) {
        Msg shape = new Msg();
        for (String d : dims) {
            Msg dim = new Msg();
            if (d.chars().allMatch(Character::isDigit)) {
                dim.int64(1, Long.parseLong(d));
            } else {
                dim.string(2, d);
            }
            shape.message(1, dim);
        }
        Msg tensorType = new Msg().int64(1, 1).message(2, shape);
        Msg type = new Msg().message(1, tensorType);
        return new Msg().string(1, name).message(2, type);
    }

    /** A protobuf message under construction. */
    private static final class Msg {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CodedOutputStream out = CodedOutputStream.newInstance(bytes);

        Msg int64(int field, long v) {
            try {
                out.writeInt64(field, v);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Msg string(int field, String s) {
            try {
                out.writeString(field, s);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Msg bytes(int field, byte[] b) {
            try {
                out.writeBytes(field, ByteString.copyFrom(b));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Msg message(int field, Msg m) {
            return bytes(field, m.build());
        }

        byte[] build() {
            try {
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }
    }
}
