package io.fer4j.bench.predict;

import io.fer4j.cli.predict.LiveRunner;
import io.fer4j.cli.predict.PredictOutputs;
import io.fer4j.cli.predict.PredictRunner;
import io.fer4j.engine.Engine;
import io.fer4j.engine.EngineSpec;
import io.fer4j.vision.decode.VideoFileScanner;
import io.fer4j.vision.registry.ModelResolver;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * {@code fer4j predict} end to end on ../shared/fixtures/media/video_long.mp4 (900 frames, 1280×720) with the fixture
 * models (random-weight EfficientNet-B0, YuNet), backbone-only mode:
 * <ul>
 *   <li>predict: frames per second (model loading included) and time to the first label (loading + the whole video:
 *   centred smoothing needs every frame before the first label is final);</li>
 *   <li>live (causal, batch 1, the file paced at its 30 fps like a camera): time to the first label and the
 *   frame-in → label-out latency, median and 95th percentile.</li>
 * </ul>
 * Usage: {@code PredictBenchmark [--shared DIR] [--live-frames N] [--threads N]}.
 */
public final class PredictBenchmark {
    private PredictBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path shared = Path.of(System.getProperty("fer4j.shared", "../shared"));
        int liveFrames = 300;
        int threads = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--shared" -> shared = Path.of(args[++i]);
                case "--live-frames" -> liveFrames = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                default ->
                    throw new IllegalArgumentException("unknown argument " + args[i]
                            + "; usage: PredictBenchmark [--shared DIR] [--live-frames N] [--threads N]");
            }
        }
        Path fixtures = shared.resolve("fixtures");
        Path video = fixtures.resolve("media/video_long.mp4");
        Path backbone = fixtures.resolve("models/enet_b0_random.onnx");
        Path detector = fixtures.resolve("models/face_detection_yunet.onnx");
        for (Path p : new Path[] {video, backbone, detector}) {
            if (!Files.isRegularFile(p)) {
                throw new IllegalStateException(p + " is missing; pass --shared DIR holding fixtures/");
            }
        }
        Path work = Files.createTempDirectory("fer4j-predict-bench");
        EngineSpec choice = EngineSpec.builder()
                .backbone(backbone.toString())
                .detector(detector.toString())
                .threads(threads)
                .build();
        System.out.printf(
                Locale.ROOT,
                "predict benchmark: %s, %d cores, backbone-only, fixture models%n",
                video,
                Runtime.getRuntime().availableProcessors());

        long t0 = System.nanoTime();
        PredictRunner.Result batch;
        try (Engine models = Engine.open(choice, ModelResolver.defaults())) {
            double load = (System.nanoTime() - t0) / 1e9;
            Path out = work.resolve("batch");
            PredictOutputs.prepare(out, false);
            batch = new PredictRunner(
                            models, new PredictRunner.Settings(out, false, null), new PrintWriter(new StringWriter()))
                    .run(VideoFileScanner.scan(video), Map.of(), t0);
            System.out.printf(
                    Locale.ROOT,
                    "predict: %d frames in %.1f s = %.1f frames/s (model loading %.1f s "
                            + "included; %.1f frames/s without it); time to first label %.1f s%n",
                    batch.frames(),
                    batch.seconds(),
                    batch.framesPerSecond(),
                    load,
                    batch.frames() / (batch.seconds() - load),
                    batch.secondsToFirstLabel());
        }

        long t1 = System.nanoTime();
        try (Engine models = Engine.open(choice, ModelResolver.defaults())) {
            Path out = work.resolve("live");
            PredictOutputs.prepare(out, false);
            LiveRunner.Result live = new LiveRunner(
                            models,
                            new LiveRunner.Settings(out, null, true, liveFrames, true),
                            new PrintWriter(new StringWriter()))
                    .run(video.toString(), Map.of(), t1);
            double[] lat = live.latencyMillis();
            // the first frames include JIT/ONNX warm-up: report them apart
            System.out.printf(
                    Locale.ROOT,
                    "live (paced 30 fps, batch 1, %d frames): time to first label %.2f s "
                            + "(model loading included); latency frame-in -> label-out median %.1f ms, p95 %.1f ms, "
                            + "max %.1f ms; %.1f frames/s labelled, %d late frames skipped%n",
                    lat.length,
                    live.secondsToFirstLabel(),
                    live.latencyPercentile(0.5),
                    live.latencyPercentile(0.95),
                    live.latencyPercentile(1.0),
                    lat.length / (live.seconds() - live.secondsToFirstLabel()),
                    live.lateFramesSkipped());
        }
        deleteTree(work);
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
