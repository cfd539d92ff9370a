package io.fer4j.bench.predict;

import io.fer4j.bench.extract.ExtractBenchmark;
import io.fer4j.cli.predict.PredictOutputs;
import io.fer4j.cli.predict.PredictRunner;
import io.fer4j.engine.Engine;
import io.fer4j.engine.EngineSpec;
import io.fer4j.vision.backbone.Backbone;
import io.fer4j.vision.backbone.BackboneOptions;
import io.fer4j.vision.decode.VideoFileScanner;
import io.fer4j.vision.extract.BackboneEmbedder;
import io.fer4j.vision.registry.ModelResolver;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The embedded {@code faceapi_expression} (112 px) against EmotiEffNet-B0's architecture ({@code enet_b0_random.onnx}:
 * the same network and cost as {@code enet_b0_8_best_vgaf}, random weights), measured side by side in one run:
 * whole {@code predict} on video_long.mp4 (900 frames, 1280×720, one face per frame; model loading included),
 * interleaved over {@code --runs} repetitions, medians; then each model's backbone-only faces/s (batch 32) and the
 * decode + YuNet frames/s (one thread), from which the share of a face frame's compute spent in detection vs the
 * network follows. Usage: {@code EmbeddedModelBenchmark [--shared DIR] [--runs 3] [--threads N]}.
 */
public final class EmbeddedModelBenchmark {
    private EmbeddedModelBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path shared = Path.of(System.getProperty("fer4j.shared", "../shared"));
        int runs = 3;
        int threads = Runtime.getRuntime().availableProcessors();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--shared" -> shared = Path.of(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                default ->
                    throw new IllegalArgumentException("unknown argument " + args[i]
                            + "; usage: EmbeddedModelBenchmark [--shared DIR] [--runs 3] [--threads N]");
            }
        }
        Path video = shared.resolve("fixtures/media/video_long.mp4");
        Path enet = shared.resolve("fixtures/models/enet_b0_random.onnx");
        Path yunet = shared.resolve("fixtures/models/face_detection_yunet.onnx");
        for (Path p : List.of(video, enet, yunet)) {
            if (!Files.isRegularFile(p)) {
                throw new IllegalStateException(p + " is missing; pass --shared DIR holding fixtures/");
            }
        }
        ModelResolver resolver = ModelResolver.defaults();
        Map<String, String> models = new LinkedHashMap<>();
        models.put("faceapi_expression", "faceapi_expression");
        models.put("enet_b0 (EmotiEffNet-B0 architecture)", enet.toString());
        System.out.printf(
                Locale.ROOT,
                "embedded-model benchmark: %s, %d cores, ORT threads %d, batch 32, %d runs%n",
                video.getFileName(),
                Runtime.getRuntime().availableProcessors(),
                threads,
                runs);

        Map<String, List<Double>> fps = new LinkedHashMap<>();
        models.keySet().forEach(k -> fps.put(k, new ArrayList<>()));
        Path work = Files.createTempDirectory("fer4j-embedded-bench");
        for (int r = 0; r < runs; r++) {
            for (Map.Entry<String, String> m : models.entrySet()) {
                double f = predict(
                        m.getValue(),
                        yunet,
                        video,
                        threads,
                        work.resolve(r + "-" + fps.get(m.getKey()).size() + "-"
                                + m.getKey().replaceAll("[^a-z0-9_]", "")),
                        resolver);
                fps.get(m.getKey()).add(f);
                System.out.printf(Locale.ROOT, "  run %d %-40s predict %.1f frames/s%n", r + 1, m.getKey(), f);
            }
        }
        System.out.println(
                "detection alone (decode + YuNet 320 px, 1 thread): width | frames with a face | faces/frame | frames/s");
        double detect = ExtractBenchmark.detectOnly(video, yunet, 320, 1);
        Map<String, Double> median = new LinkedHashMap<>();
        for (Map.Entry<String, String> m : models.entrySet()) {
            ModelResolver.ResolvedBackbone resolved = resolver.resolveBackbone(m.getValue());
            Path file = resolved.file();
            double faces;
            try (Backbone b = resolved.open(BackboneOptions.cpu(threads));
                    BackboneEmbedder e = BackboneEmbedder.borrowing(b)) {
                float[][] crops = ExtractBenchmark.preCrop(video, yunet, 320, e, 4 * 32);
                ExtractBenchmark.backboneOnly(e, crops, 32);
                faces = ExtractBenchmark.backboneOnly(e, crops, 32);
            }
            double med = ExtractBenchmark.median(fps.get(m.getKey()));
            median.put(m.getKey(), med);
            double detectMs = 1000 / detect;
            double netMs = 1000 / faces;
            System.out.printf(
                    Locale.ROOT,
                    "%-40s predict median %.1f frames/s | network alone %.1f faces/s | per face "
                            + "frame: detection %.2f ms (%.0f%%), network %.2f ms (%.0f%%)   [%s]%n",
                    m.getKey(),
                    med,
                    faces,
                    detectMs,
                    100 * detectMs / (detectMs + netMs),
                    netMs,
                    100 * netMs / (detectMs + netMs),
                    file.getFileName());
        }
        List<Double> meds = new ArrayList<>(median.values());
        System.out.printf(
                Locale.ROOT,
                "RESULT faceapi_expression predict is %.2fx EmotiEffNet-B0's (%.1f vs %.1f frames/s, "
                        + "medians of %d interleaved runs)%n",
                meds.get(0) / meds.get(1),
                meds.get(0),
                meds.get(1),
                runs);
    }

    private static double predict(
            String backbone, Path yunet, Path video, int threads, Path out, ModelResolver resolver) {
        long t0 = System.nanoTime();
        EngineSpec choice = EngineSpec.builder()
                .backbone(backbone)
                .detector(yunet.toString())
                .threads(threads)
                .modelPolicy(io.fer4j.model.ModelPolicy.DOWNLOAD)
                .build();
        try (Engine models = Engine.open(choice, resolver)) {
            PredictOutputs.prepare(out, false);
            PredictRunner.Result r = new PredictRunner(
                            models, new PredictRunner.Settings(out, false, null), new PrintWriter(new StringWriter()))
                    .run(VideoFileScanner.scan(video), Map.of(), t0);
            return r.frames() / ((System.nanoTime() - t0) / 1e9);
        }
    }
}
