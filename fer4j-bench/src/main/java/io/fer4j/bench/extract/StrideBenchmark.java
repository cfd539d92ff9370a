package io.fer4j.bench.extract;

import io.fer4j.cli.Fer4jCommand;
import io.fer4j.evaluation.SyntheticStore;
import io.fer4j.store.AtomicFiles;
import io.fer4j.store.FeatureStore;
import io.fer4j.store.StoreVideoWriter;
import io.fer4j.store.StoredVideo;
import io.fer4j.vision.backbone.Backbone;
import io.fer4j.vision.backbone.BackboneOptions;
import io.fer4j.vision.extract.BackboneEmbedder;
import io.fer4j.vision.extract.ExtractionOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code --stride K} buys and costs, one command. Throughput: {@code extract} end to end on video_long.mp4 at
 * K = 1, 2, 3 (runs interleaved, medians). Accuracy: a synthetic store (io.fer4j.evaluation.SyntheticStore) is
 * trained on once; its validation videos are then copied keeping every K-th face row, exactly the rows
 * {@code --stride K} would have computed, and {@code fer4j evaluate} re-runs the method (fill, smooth, gate) on each
 * copy: macro-F1 at K = 1..5.
 *
 * <p>Options: {@code --video FILE --model FILE --detector FILE --runs R (3) --no-throughput}.
 */
public final class StrideBenchmark {
    private StrideBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path shared = Path.of(System.getProperty("fer4j.shared", "../shared"));
        Path video = shared.resolve("fixtures/media/video_long.mp4");
        Path model = shared.resolve("fixtures/models/enet_b0_random.onnx");
        Path yunet = shared.resolve("fixtures/models/face_detection_yunet.onnx");
        int runs = 3;
        boolean throughput = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--video" -> video = Path.of(args[++i]);
                case "--model" -> model = Path.of(args[++i]);
                case "--detector" -> yunet = Path.of(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--no-throughput" -> throughput = false;
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; see the class comment");
            }
        }
        List<String> summary = new ArrayList<>();
        if (throughput) {
            int[] strides = {1, 2, 3};
            Map<Integer, List<Double>> rates = new LinkedHashMap<>();
            try (Backbone backbone = Backbone.open(model, BackboneOptions.defaults());
                    BackboneEmbedder embedder = BackboneEmbedder.borrowing(backbone)) {
                for (int r = 0; r < runs; r++) {
                    for (int k : strides) { // interleaved: load drift hits every K alike
                        double fps = ExtractBenchmark.endToEnd(
                                embedder,
                                video,
                                yunet,
                                320,
                                ExtractionOptions.defaults().withStride(k));
                        rates.computeIfAbsent(k, x -> new ArrayList<>()).add(fps);
                        System.out.printf(Locale.ROOT, "run %d stride %d: %.1f frames/s%n", r + 1, k, fps);
                    }
                }
            }
            double base = ExtractBenchmark.median(rates.get(1));
            for (Map.Entry<Integer, List<Double>> e : rates.entrySet()) {
                double m = ExtractBenchmark.median(e.getValue());
                summary.add(String.format(
                        Locale.ROOT,
                        "extract %s --stride %d: median %.1f frames/s (%.2fx stride " + "1) runs %s",
                        video.getFileName(),
                        e.getKey(),
                        m,
                        m / base,
                        e.getValue()));
            }
        }
        Path root = Files.createTempDirectory("fer4j-stride-bench");
        try {
            SyntheticStore.Layout data = new SyntheticStore(11, 16, 0, 1.6f).write(root.resolve("data"), 8, 6, 0, 400);
            Path bundle = root.resolve("bundle.fer4j.json");
            cli(
                    "train",
                    "--store",
                    data.store().toString(),
                    "--annotations",
                    data.annotations().toString(),
                    "--out",
                    bundle.toString(),
                    "--epochs",
                    "8",
                    "--threads",
                    "2",
                    "--seed",
                    "1");
            for (int k = 1; k <= 5; k++) {
                Path store = k == 1 ? data.store() : strided(data.store(), k, root.resolve("stride" + k));
                String out = cli(
                        "evaluate",
                        "--bundle",
                        bundle.toString(),
                        "--store",
                        store.toString(),
                        "--annotations",
                        data.annotations().toString());
                summary.add(String.format(Locale.ROOT, "synthetic store, validation, --stride %d: %s", k, scores(out)));
            }
        } finally {
            AtomicFiles.deleteQuietly(root);
        }
        System.out.println("--- summary");
        summary.forEach(System.out::println);
    }

    /** A copy of every video of {@code store} keeping face rows 0, K, 2K, ... (what {@code --stride K} computes). */
    static Path strided(Path store, int k, Path out) {
        FeatureStore in = FeatureStore.open(store);
        FeatureStore dst = FeatureStore.create(out);
        for (String id : in.completeVideoIds()) {
            StoredVideo v = in.video(id);
            int d = v.embeddingDim();
            int kl = v.logitsDim();
            float[] logits = v.logits();
            float[] row = new float[d];
            try (StoreVideoWriter w = dst.beginVideo(id, d, kl, false)) {
                int[] frames = v.frames();
                for (int i = 0; i < frames.length; i += k) {
                    v.embeddings().readRow(i, row, 0);
                    w.appendFrame(frames[i], row, 0, logits, i * kl);
                }
                w.commit(v.meta().withExtra("stride", k));
            }
        }
        return out;
    }

    private static String scores(String evaluateOutput) {
        Matcher m = Pattern.compile("macro-F1 ([0-9.]+)\\s+accuracy ([0-9.]+)").matcher(evaluateOutput);
        StringBuilder sb = new StringBuilder();
        if (m.find()) {
            sb.append("macro-F1 ")
                    .append(m.group(1))
                    .append(" accuracy ")
                    .append(m.group(2))
                    .append(" (the bundle's δ/p0/w)");
        }
        Matcher h =
                Pattern.compile("honest k-fold-by-video .*?macro-F1 ([0-9.]+)").matcher(evaluateOutput);
        if (h.find()) {
            sb.append(", honest k-fold macro-F1 ").append(h.group(1));
        }
        return sb.toString();
    }

    private static String cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        picocli.CommandLine cl = Fer4jCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        if (code != 0) {
            throw new IllegalStateException("fer4j " + String.join(" ", args) + " failed (" + code + "): " + err);
        }
        return out.toString();
    }
}
