package io.fer4j.bench.backbone;

import io.fer4j.vision.backbone.Backbone;
import io.fer4j.vision.backbone.BackboneOptions;
import io.fer4j.vision.backbone.FacePreprocessor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Backbone-only throughput (faces/s) on pre-cropped, pre-processed batches — ONNX Runtime inference of the edited
 * graph (embeddings + logits) and the output copy, nothing else — for each batch size × intra-op thread count; plus
 * the preprocessing rate (crop → resize → normalise) on one thread. Defaults to the fixture EfficientNet-B0
 * ({@code ../shared/fixtures/models/enet_b0_random.onnx}). Prints every run and the median per configuration.
 *
 * <p>Options: {@code --model FILE}, {@code --batches 1,8,32}, {@code --threads 1,2}, {@code --images N} (96 per run),
 * {@code --runs R} (3), {@code --device cpu|cuda[:N]}.
 */
public final class BackboneBenchmark {
    private BackboneBenchmark() {}

    public static void main(String[] args) {
        Path shared = Path.of(System.getProperty("fer4j.shared", "../shared"));
        Path model = shared.resolve("fixtures/models/enet_b0_random.onnx");
        int[] batches = {1, 8, 32};
        int[] threads = {1, 2};
        int images = 96;
        int runs = 3;
        String device = "cpu";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--model" -> model = Path.of(args[++i]);
                case "--batches" -> batches = ints(args[++i]);
                case "--threads" -> threads = ints(args[++i]);
                case "--images" -> images = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--device" -> device = args[++i];
                default ->
                    throw new IllegalArgumentException("unknown option " + args[i] + "; known: --model FILE "
                            + "--batches 1,8,32 --threads 1,2 --images N --runs R --device cpu|cuda[:N]");
            }
        }
        if (!Files.isRegularFile(model)) {
            throw new IllegalArgumentException("missing " + model + "; pass --model, or run from the repository root "
                    + "with ../shared/fixtures present");
        }
        System.out.printf(
                Locale.ROOT,
                "java %s | %d cores visible | model %s | device %s | %d images per run%n",
                System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(),
                model,
                device,
                images);
        List<String> summary = new ArrayList<>();
        for (int t : threads) {
            BackboneOptions options = new BackboneOptions(
                    t, BackboneOptions.Device.parse(device), BackboneOptions.Device.ordinal(device));
            try (Backbone backbone = Backbone.open(model, options)) {
                int slice = backbone.preprocessor().sliceLength();
                for (int b : batches) {
                    float[] input = new float[b * slice];
                    Random r = new Random(1);
                    for (int i = 0; i < input.length; i++) {
                        input[i] = (float) r.nextGaussian();
                    }
                    backbone.run(input, b); // warm-up: first runs allocate ONNX Runtime's arenas
                    backbone.run(input, b);
                    int calls = Math.max(1, images / b);
                    double[] rates = new double[runs];
                    for (int run = 0; run < runs; run++) {
                        long t0 = System.nanoTime();
                        for (int c = 0; c < calls; c++) {
                            backbone.run(input, b);
                        }
                        double s = (System.nanoTime() - t0) / 1e9;
                        rates[run] = calls * b / s;
                        System.out.printf(
                                Locale.ROOT,
                                "threads %d batch %2d run %d: %7.1f faces/s (%.2f s)%n",
                                t,
                                b,
                                run + 1,
                                rates[run],
                                s);
                    }
                    Arrays.sort(rates);
                    summary.add(String.format(
                            Locale.ROOT, "threads %d batch %2d: median %7.1f faces/s", t, b, rates[runs / 2]));
                }
            }
        }
        summary.add(preprocessRate(224));
        System.out.println("--- medians");
        summary.forEach(System.out::println);
    }

    /** Preprocessing alone: a 150×170 RGB crop to S×S, normalised, on one thread. */
    private static String preprocessRate(int s) {
        FacePreprocessor p =
                new FacePreprocessor(s, new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225});
        byte[] crop = new byte[150 * 170 * 3];
        new Random(2).nextBytes(crop);
        float[] out = new float[p.sliceLength()];
        for (int i = 0; i < 200; i++) {
            p.preprocess(crop, 150, 170, FacePreprocessor.ChannelOrder.RGB, out, 0);
        }
        int n = 2000;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            p.preprocess(crop, 150, 170, FacePreprocessor.ChannelOrder.RGB, out, 0);
        }
        double sec = (System.nanoTime() - t0) / 1e9;
        return String.format(Locale.ROOT, "preprocess 150x170 -> %dx%d, 1 thread: %.0f crops/s", s, s, n / sec);
    }

    private static int[] ints(String csv) {
        return Arrays.stream(csv.split(","))
                .mapToInt(x -> Integer.parseInt(x.trim()))
                .toArray();
    }
}
