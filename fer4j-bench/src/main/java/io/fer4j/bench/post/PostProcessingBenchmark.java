package io.fer4j.bench.post;

import io.fer4j.postprocess.PostProcessingConfig;
import io.fer4j.postprocess.VideoInputs;
import io.fer4j.postprocess.VideoPostProcessor;
import io.fer4j.postprocess.VideoPrediction;
import io.fer4j.tuning.TuningVideo;
import java.util.List;
import java.util.Locale;

/**
 * Post-processing throughput (issue 2: fill + smooth + gate, frames per second per core). Runs
 * {@link VideoPostProcessor} on one thread over synthetic videos without audio (no fusion) at the paper's δ = 50,
 * p0 = 0.8, after warm-up passes, and prints each measured pass and the median frames/s.
 *
 * <p>Options: {@code --videos N} (70), {@code --frames F} per video (4000), {@code --runs R} (9),
 * {@code --warmup W} (5), {@code --delta D} (50), {@code --audio} (also fuse with w = 0.6).
 */
public final class PostProcessingBenchmark {
    private PostProcessingBenchmark() {}

    public static void main(String[] args) {
        int videos = 70;
        int frames = 4000;
        int runs = 9;
        int warmup = 5;
        int delta = 50;
        boolean audio = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--videos" -> videos = Integer.parseInt(args[++i]);
                case "--frames" -> frames = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--delta" -> delta = Integer.parseInt(args[++i]);
                case "--audio" -> audio = true;
                default ->
                    throw new IllegalArgumentException("unknown option " + args[i]
                            + "; known: --videos N --frames F --runs R --warmup W --delta D --audio");
            }
        }
        List<VideoInputs> inputs = SyntheticValidationSet.generate(videos, frames, 0.1, audio, 7).stream()
                .map(TuningVideo::inputs)
                .toList();
        VideoPostProcessor processor = new VideoPostProcessor(
                new PostProcessingConfig(delta, 0.8, audio ? 0.6 : 1.0), new float[] {1, 0, 0, 0, 0, 0, 0, 0});
        long totalFrames = (long) videos * frames;
        System.out.printf(
                Locale.ROOT,
                "java %s | 1 thread | %d videos × %d frames | δ=%d p0=0.8 | fusion: %s%n",
                System.getProperty("java.version"),
                videos,
                frames,
                delta,
                audio);
        long sink = 0;
        for (int w = 0; w < warmup; w++) {
            sink += pass(processor, inputs);
        }
        // Wall time and this thread's CPU time: on a shared machine frames per CPU-second is the per-core figure.
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        double[] fps = new double[runs];
        double[] cpuFps = new double[runs];
        for (int r = 0; r < runs; r++) {
            long c0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            sink += pass(processor, inputs);
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpuSeconds = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
            fps[r] = totalFrames / seconds;
            cpuFps[r] = totalFrames / cpuSeconds;
            System.out.printf(
                    Locale.ROOT,
                    "run %d: %.3f s wall (%.2f M frames/s), %.3f s CPU (%.2f M frames/CPU-s)%n",
                    r + 1,
                    seconds,
                    fps[r] / 1e6,
                    cpuSeconds,
                    cpuFps[r] / 1e6);
        }
        System.out.printf(
                Locale.ROOT,
                "post-processing (fill + %ssmooth + gate) median %.2f M frames/s wall, %.2f M frames per CPU-second, one thread (%d runs; checksum %d)%n",
                audio ? "fuse + " : "",
                SyntheticValidationSet.median(fps) / 1e6,
                SyntheticValidationSet.median(cpuFps) / 1e6,
                runs,
                sink);
    }

    private static long pass(VideoPostProcessor processor, List<VideoInputs> inputs) {
        long gated = 0;
        for (VideoInputs in : inputs) {
            VideoPrediction p = processor.process(in);
            gated += p.label(1);
        }
        return gated;
    }
}
