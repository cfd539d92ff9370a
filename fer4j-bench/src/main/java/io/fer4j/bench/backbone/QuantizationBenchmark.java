package io.fer4j.bench.backbone;

import io.fer4j.modeltools.BackboneComparison;
import io.fer4j.modeltools.QdqQuantizer;
import io.fer4j.vision.backbone.Backbone;
import io.fer4j.vision.backbone.BackboneOptions;
import io.fer4j.vision.backbone.BackboneSpec;
import io.fer4j.vision.backbone.FacePreprocessor;
import io.fer4j.vision.detect.FaceDetector;
import io.fer4j.vision.detect.YuNetDetector;
import io.fer4j.vision.extract.ExtractionOptions;
import io.fer4j.vision.extract.FaceSampler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * int8 (QDQ) backbone against its float32 original in one run: faces/s at batch 1 and 32 on 1 and 2 intra-op threads
 * (float32 and int8 runs interleaved, medians), then embedding cosine (raw and mean-centred, mean and minimum) and
 * top-1 agreement of the mapped ABAW argmax on real face crops — faces of {@code --faces} found by the extract
 * pipeline on frames disjoint from the calibration frames.
 *
 * <p>Options: {@code --model FILE} (fixture B0), {@code --int8 FILE} (default: quantize in-process, calibrating on
 * 100 faces of {@code --calibrate}, default video_long.mp4), {@code --faces PATH} (video_long.mp4), {@code --eval N}
 * (200), {@code --mean r,g,b --std r,g,b} (preprocessing on the [0,1] scale, default inferred from the model),
 * {@code --runs R} (3), {@code --images N} (96 per run).
 */
public final class QuantizationBenchmark {
    private QuantizationBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path shared = Path.of(System.getProperty("fer4j.shared", "../shared"));
        Path model = shared.resolve("fixtures/models/enet_b0_random.onnx");
        Path yunet = shared.resolve("fixtures/models/face_detection_yunet.onnx");
        Path calibrate = shared.resolve("fixtures/media/video_long.mp4");
        Path facesPath = calibrate;
        Path int8 = null;
        double[] mean = null;
        double[] std = null;
        int eval = 200;
        int runs = 3;
        int images = 96;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--model" -> model = Path.of(args[++i]);
                case "--int8" -> int8 = Path.of(args[++i]);
                case "--calibrate" -> calibrate = Path.of(args[++i]);
                case "--faces" -> facesPath = Path.of(args[++i]);
                case "--eval" -> eval = Integer.parseInt(args[++i]);
                case "--mean" -> mean = doubles(args[++i]);
                case "--std" -> std = doubles(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--images" -> images = Integer.parseInt(args[++i]);
                default ->
                    throw new IllegalArgumentException("unknown option " + args[i] + "; known: --model FILE "
                            + "--int8 FILE --calibrate PATH --faces PATH --eval N --mean r,g,b --std r,g,b --runs R "
                            + "--images N");
            }
        }
        BackboneSpec spec = Backbone.inspect(model)
                .inferredSpec(model.getFileName().toString().replaceFirst("\\.onnx$", ""));
        if (mean != null || std != null) {
            spec = new BackboneSpec(
                    spec.name(),
                    spec.inputSize(),
                    mean != null ? mean : spec.mean(),
                    std != null ? std : spec.std(),
                    spec.classSpace(),
                    0,
                    null);
        }
        FacePreprocessor pre = new FacePreprocessor(spec);
        FaceDetector.Factory det = YuNetDetector.factory(yunet, 320, 0.7f);
        System.out.printf(
                Locale.ROOT,
                "java %s | %d cores | model %s | spec %s%n",
                System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(),
                model,
                spec);
        if (int8 == null) {
            List<float[]> calibration = FaceSampler.sample(calibrate, pre, det, ExtractionOptions.defaults(), 100, 0);
            long t0 = System.nanoTime();
            QdqQuantizer.Quantized q = QdqQuantizer.quantize(model, null, calibration, 2);
            int8 = Files.createTempFile("fer4j-int8-", ".onnx");
            int8.toFile().deleteOnExit();
            Files.write(int8, q.bytes());
            System.out.printf(Locale.ROOT, "quantized in %.1f s: %s%n", (System.nanoTime() - t0) / 1e9, q.summary());
        }
        List<String> summary = new ArrayList<>();
        for (int threads : new int[] {1, 2}) {
            BackboneOptions o = BackboneOptions.cpu(threads);
            try (Backbone a = Backbone.open(model, spec, o);
                    Backbone b = Backbone.open(int8, spec, o)) {
                for (int batch : new int[] {1, 32}) {
                    float[] input = new float[batch * pre.sliceLength()];
                    java.util.Random r = new java.util.Random(1);
                    for (int i = 0; i < input.length; i++) {
                        input[i] = (float) r.nextGaussian();
                    }
                    double[] fa = new double[runs];
                    double[] fb = new double[runs];
                    a.run(input, batch);
                    b.run(input, batch);
                    for (int run = 0; run < runs; run++) { // interleaved: drift in machine load hits both alike
                        fa[run] = rate(a, input, batch, images);
                        fb[run] = rate(b, input, batch, images);
                    }
                    double ma = median(fa);
                    double mb = median(fb);
                    summary.add(String.format(
                            Locale.ROOT,
                            "threads %d batch %2d: fp32 %6.1f faces/s, int8 %6.1f "
                                    + "faces/s, ratio %.2fx  (runs fp32 %s int8 %s)",
                            threads,
                            batch,
                            ma,
                            mb,
                            mb / ma,
                            fmt(fa),
                            fmt(fb)));
                    System.out.println(summary.get(summary.size() - 1));
                }
            }
        }
        List<float[]> faces = FaceSampler.sample(facesPath, pre, det, ExtractionOptions.defaults(), eval, 1);
        try (Backbone a = Backbone.open(model, spec, BackboneOptions.cpu(2));
                Backbone b = Backbone.open(int8, spec, BackboneOptions.cpu(2))) {
            summary.add("real faces (" + facesPath.getFileName() + ", frames disjoint from calibration): "
                    + BackboneComparison.compare(a, b, faces, 32));
        }
        System.out.println("--- summary (medians of " + runs + " interleaved runs)");
        summary.forEach(System.out::println);
    }

    private static double rate(Backbone b, float[] input, int batch, int images) {
        int calls = Math.max(1, images / batch);
        long t0 = System.nanoTime();
        for (int c = 0; c < calls; c++) {
            b.run(input, batch);
        }
        return calls * batch / ((System.nanoTime() - t0) / 1e9);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static String fmt(double[] v) {
        StringBuilder sb = new StringBuilder();
        for (double x : v) {
            sb.append(sb.length() == 0 ? "" : "/").append(String.format(Locale.ROOT, "%.0f", x));
        }
        return sb.toString();
    }

    private static double[] doubles(String csv) {
        return Arrays.stream(csv.split(","))
                .mapToDouble(x -> Double.parseDouble(x.trim()))
                .toArray();
    }
}
