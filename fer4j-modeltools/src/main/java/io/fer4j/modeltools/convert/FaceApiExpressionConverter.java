package io.fer4j.modeltools.convert;

import io.fer4j.error.Fer4jException;
import io.fer4j.modeltools.OnnxModelWriter;
import io.fer4j.modeltools.OnnxModelWriter.Attribute;
import io.fer4j.store.AtomicFiles;
import io.fer4j.store.Sha256;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Converts face-api.js's trained FaceExpressionNet, as shipped in the npm tarball {@code @vladmandic/face-api@1.7.15}
 * (MIT), into an ONNX backbone in fer4j's layout: input {@code input} float32 NCHW [N,3,112,112], the 256-d pooled
 * embedding {@code embedding}, and one final Gemm 256→7 producing {@code logits} (face-api order: neutral, happy, sad,
 * angry, fearful, disgusted, surprised).
 *
 * <p>The architecture is face-api's {@code FaceFeatureExtractor} ({@code src/faceFeatureExtractor}): four
 * {@code denseBlock4}s (the first starts with a plain 3×3 conv, the others with a depthwise-separable conv, all stride 2,
 * TF "same" padding), then {@code avgPool(7×7, stride 2, valid)}, then {@code FaceProcessor}'s fully connected layer.
 * Weights are TF.js's uint8-quantized entries, dequantized as {@code tf.io.decodeWeights} does
 * ({@code float32(q·scale + min)}), and transposed from TF's HWIO to ONNX's OIHW. The preprocessing (pad to square,
 * bilinear resize, {@code (RGB − mean) / 255}) stays outside the graph, declared in the registry entry.
 *
 * <p>Written by hand rather than with tf2onnx because nothing of Python is available to the build, and the graph is
 * small enough (49 nodes) to state exactly; the test against face-api.js's own forward pass is the proof.
 */
public final class FaceApiExpressionConverter {
    /** The npm tarball this converter is written for: {@code npm pack @vladmandic/face-api@1.7.15}. */
    public static final String PACKAGE = "@vladmandic/face-api@1.7.15";

    public static final String TARBALL_NAME = "vladmandic-face-api-1.7.15.tgz";
    public static final String TARBALL_SHA256 = "0d77fffeef362ef9c0939cf6c567f3a2e8e177f114fa257a3270cbd2e509b031";

    static final String MANIFEST = "package/model/face_expression_model-weights_manifest.json";
    static final String WEIGHTS = "package/model/face_expression_model.bin";
    static final String LICENCE = "package/LICENSE";

    public static final int INPUT_SIZE = 112;
    public static final int EMBEDDING_DIM = 256;
    public static final List<String> CLASSES =
            List.of("neutral", "happy", "sad", "angry", "fearful", "disgusted", "surprised");
    private static final int OPSET = 13;

    private FaceApiExpressionConverter() {}

    /** What the conversion produced: the ONNX bytes and the package's licence text. */
    public record Result(byte[] onnx, String licence) {}

    /** Converts {@code tarball} and writes the ONNX file atomically to {@code out}. */
    public static Result convert(Path tarball, Path out) {
        Result r = convert(tarball);
        AtomicFiles.writeBytes(out, r.onnx());
        return r;
    }

    /** Checks the tarball's SHA-256, reads the model files from it and builds the ONNX model in memory. */
    public static Result convert(Path tarball) {
        String sha = checkTarball(tarball);
        Map<String, byte[]> files = readEntries(tarball, List.of(MANIFEST, WEIGHTS, LICENCE));
        Map<String, float[]> weights = decodeWeights(tarball, files.get(MANIFEST), files.get(WEIGHTS));
        byte[] onnx = build(weights, sha);
        return new Result(onnx, new String(files.get(LICENCE), java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The tarball's SHA-256 once it is known to be exactly {@link #PACKAGE}'s (else a Fer4jException saying why). */
    static String checkTarball(Path tarball) {
        if (!Files.isRegularFile(tarball)) {
            throw new Fer4jException(
                    tarball,
                    "npm tarball not found; fetch it with `npm pack " + PACKAGE + "` (it is written as " + TARBALL_NAME
                            + ") and pass its path");
        }
        String sha = Sha256.of(tarball);
        if (!sha.equals(TARBALL_SHA256)) {
            throw new Fer4jException(
                    tarball,
                    "is not the npm tarball of " + PACKAGE + " (sha256 " + sha + ", expected " + TARBALL_SHA256
                            + "); fetch exactly that version with `npm pack " + PACKAGE + "`");
        }
        return sha;
    }

    static Map<String, byte[]> readEntries(Path tarball, List<String> wanted) {
        Map<String, byte[]> found = new HashMap<>();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(tarball));
                TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(raw))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (wanted.contains(e.getName())) {
                    found.put(e.getName(), tar.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new Fer4jException(
                    tarball,
                    "cannot read the npm tarball (" + e.getMessage() + "); fetch it again " + "with `npm pack "
                            + PACKAGE + "`",
                    e);
        }
        for (String w : wanted) {
            if (!found.containsKey(w)) {
                throw new Fer4jException(
                        tarball, "has no " + w + "; fetch the tarball again with `npm pack " + PACKAGE + "`");
            }
        }
        return found;
    }

    /** TF.js weights manifest + binary → float32 tensors by name, in TF layout, as {@code tf.io.decodeWeights}. */
    static Map<String, float[]> decodeWeights(Path tarball, byte[] manifestJson, byte[] bin) {
        Map<String, float[]> out = new LinkedHashMap<>();
        TfjsWeights.read(tarball, manifestJson, bin, WEIGHTS).forEach((name, w) -> out.put(name, w.decoded()));
        return out;
    }

    private static byte[] build(Map<String, float[]> w, String tarballSha) {
        OnnxModelWriter g = new OnnxModelWriter("faceapi_expression", OPSET);
        g.input("input", -1, 3, INPUT_SIZE, INPUT_SIZE);
        Net net = new Net(g, w);
        String x = "input";
        int size = INPUT_SIZE;
        int channels = 3;
        int[] widths = {32, 64, 128, 256};
        for (int b = 0; b < 4; b++) {
            x = net.denseBlock4("dense" + b, x, size, channels, widths[b], b == 0);
            size /= 2;
            channels = widths[b];
        }
        // avgPool([7,7], [2,2], 'valid') on the 7x7 map: one output per channel
        String pooled = g.node(
                "AveragePool",
                List.of(x),
                "pooled",
                Attribute.ints("kernel_shape", 7, 7),
                Attribute.ints("strides", 2, 2));
        String embedding = g.node("Flatten", List.of(pooled), "embedding", Attribute.of("axis", 1L));
        g.initializer("fc/weights", w.get("fc/weights"), EMBEDDING_DIM, CLASSES.size());
        g.initializer("fc/bias", w.get("fc/bias"), CLASSES.size());
        g.node("Gemm", List.of(embedding, "fc/weights", "fc/bias"), "logits");
        g.output("logits", -1, CLASSES.size());
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("source", "npm " + PACKAGE + " model/face_expression_model (FaceExpressionNet)");
        meta.put("source_sha256", tarballSha);
        meta.put("licence", "MIT (face-api.js, Copyright (c) Vladimir Mandic and Vincent Muehler)");
        meta.put("classes", String.join(",", CLASSES));
        meta.put(
                "preprocessing",
                "centred zero-padding to square, bilinear resize to 112 (TF, no half-pixel "
                        + "centres), x = (RGB - [122.782, 117.001, 104.298]) / 255");
        return g.toBytes(
                "fer4j FaceApiExpressionConverter", "1", "face-api.js FaceExpressionNet converted by fer4j", meta);
    }

    /** face-api's building blocks as ONNX nodes (NCHW). */
    private record Net(OnnxModelWriter g, Map<String, float[]> w) {

        /** face-api's denseBlock4 with isScaleDown = true: output is input size / 2. */
        String denseBlock4(String prefix, String x, int size, int cin, int cout, boolean firstLayer) {
            String c0 = prefix + "/conv0";
            String out1 = firstLayer ? conv(c0, x, size, 2, cin, cout) : separable(c0, x, size, 2, cin, cout);
            out1 = relu(prefix + "/out1", out1);
            int s = size / 2;
            String out2 = separable(prefix + "/conv1", out1, s, 1, cout, cout);
            String in3 = relu(prefix + "/in3", add(prefix + "/sum3", out1, out2));
            String out3 = separable(prefix + "/conv2", in3, s, 1, cout, cout);
            String in4 = relu(prefix + "/in4", add(prefix + "/sum4", out1, add(prefix + "/sum4b", out2, out3)));
            String out4 = separable(prefix + "/conv3", in4, s, 1, cout, cout);
            // same association as face-api: out1 + (out2 + (out3 + out4))
            String sum = add(prefix + "/sum5", out1, add(prefix + "/sum5b", out2, add(prefix + "/sum5c", out3, out4)));
            return relu(prefix + "/out", sum);
        }

        /** tf.conv2d(x, filters, stride, 'same') + bias. */
        String conv(String name, String x, int size, int stride, int cin, int cout) {
            g.initializer(name + "/filters", hwioToOihw(w.get(name + "/filters"), 3, 3, cin, cout), cout, cin, 3, 3);
            g.initializer(name + "/bias", w.get(name + "/bias"), cout);
            return g.node(
                    "Conv",
                    List.of(x, name + "/filters", name + "/bias"),
                    name,
                    Attribute.ints("kernel_shape", 3, 3),
                    Attribute.ints("strides", stride, stride),
                    Attribute.ints("pads", samePads(size, stride)));
        }

        /** tf.separableConv2d(x, depthwise, pointwise, stride, 'same') + bias: depthwise Conv then 1×1 Conv. */
        String separable(String name, String x, int size, int stride, int cin, int cout) {
            float[] dw = w.get(name + "/depthwise_filter"); // [3,3,cin,1]
            g.initializer(name + "/depthwise_filter", hwioToOihw(dw, 3, 3, cin, 1), cin, 1, 3, 3);
            float[] pw = w.get(name + "/pointwise_filter"); // [1,1,cin,cout]
            g.initializer(name + "/pointwise_filter", hwioToOihw(pw, 1, 1, cin, cout), cout, cin, 1, 1);
            g.initializer(name + "/bias", w.get(name + "/bias"), cout);
            String depthwise = g.node(
                    "Conv",
                    List.of(x, name + "/depthwise_filter"),
                    name + "/depthwise",
                    Attribute.ints("kernel_shape", 3, 3),
                    Attribute.ints("strides", stride, stride),
                    Attribute.ints("pads", samePads(size, stride)),
                    Attribute.of("group", (long) cin));
            return g.node(
                    "Conv",
                    List.of(depthwise, name + "/pointwise_filter", name + "/bias"),
                    name,
                    Attribute.ints("kernel_shape", 1, 1));
        }

        String relu(String name, String x) {
            return g.node("Relu", List.of(x), name);
        }

        String add(String name, String a, String b) {
            return g.node("Add", List.of(a, b), name);
        }
    }

    /** TF "same" padding of a 3×3 kernel as ONNX pads [top, left, bottom, right]: the odd pixel goes at the end. */
    static long[] samePads(int size, int stride) {
        int out = (size + stride - 1) / stride;
        int total = Math.max((out - 1) * stride + 3 - size, 0);
        long before = total / 2;
        long after = total - before;
        return new long[] {before, before, after, after};
    }

    /** TF filter layout [kh, kw, in, out] → ONNX [out, in, kh, kw] (for depthwise filters "out" is 1, "in" the group). */
    static float[] hwioToOihw(float[] src, int kh, int kw, int cin, int cout) {
        float[] dst = new float[src.length];
        for (int h = 0; h < kh; h++) {
            for (int x = 0; x < kw; x++) {
                for (int i = 0; i < cin; i++) {
                    for (int o = 0; o < cout; o++) {
                        dst[((o * cin + i) * kh + h) * kw + x] = src[((h * kw + x) * cin + i) * cout + o];
                    }
                }
            }
        }
        return dst;
    }
}
