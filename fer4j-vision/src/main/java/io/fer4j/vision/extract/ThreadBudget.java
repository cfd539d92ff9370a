package io.fer4j.vision.extract;

import io.fer4j.vision.backbone.BackboneOptions;

/**
 * How the cores a run may use ({@code --threads}) are shared, so that no pool hides threads behind the count: one
 * decode/detect thread (FFmpeg decoding on 1 thread and OpenCV's YuNet on 1 thread inside it) feeds the backbone,
 * which runs {@code concurrentBatches} batches at once with {@code backboneThreads} ONNX Runtime intra-op threads
 * each.
 *
 * <p>The rule ({@link #forCores}): with 3 or more cores the decode/detect thread gets a core of its own and ONNX
 * Runtime the rest for one batch at a time, spinning while it waits between operators (its default, the fastest
 * when nothing else needs the core). With 1 or 2 cores the backbone needs every core (one thread halves its
 * throughput) and the decode thread must share one: intra-op threads would then all wait at every operator for the
 * one the decoder pre-empted, so each core instead runs a batch of its own on one thread, and a pre-empted batch
 * delays only itself. docs/BENCHMARKS.md ("Threads") has the measurements behind the rule.
 *
 * @param cores             the cores asked for
 * @param concurrentBatches backbone batches running at once (each on its own worker thread when more than 1)
 * @param backboneThreads   ONNX Runtime intra-op threads per batch
 * @param spinning          whether those threads busy-wait between operators
 * @param decoderThreads  FFmpeg decoder threads
 * @param detectorThreads OpenCV threads for detection (OpenCV's pool is process-wide; see
 *                        {@link ExtractionOptions#detectorThreads()})
 */
public record ThreadBudget(
        int cores,
        int concurrentBatches,
        int backboneThreads,
        BackboneOptions.Spinning spinning,
        int decoderThreads,
        int detectorThreads) {
    public ThreadBudget {
        if (cores < 1
                || concurrentBatches < 1
                || backboneThreads < 1
                || decoderThreads < 0
                || detectorThreads < 0
                || spinning == null) {
            throw new IllegalArgumentException(
                    "a thread budget needs cores and backbone threads >= 1, got " + cores + " and " + backboneThreads);
        }
    }

    /** The budget for {@code cores} (0 = every core of this machine), by the rule in the class comment. */
    public static ThreadBudget forCores(int cores) {
        int n = cores > 0 ? cores : BackboneOptions.defaultThreads();
        if (n >= 3) {
            return new ThreadBudget(n, 1, n - 1, BackboneOptions.Spinning.ON, 1, 1);
        }
        return new ThreadBudget(n, n, 1, BackboneOptions.Spinning.OFF, 1, 1);
    }

    /** {@code base} (device, GPU) with this budget's intra-op threads and spinning. */
    public BackboneOptions applyTo(BackboneOptions base) {
        return base.withThreads(backboneThreads).withSpinning(spinning);
    }

    /** {@code base} with this budget's concurrent batches, decoder and detector threads. */
    public ExtractionOptions applyTo(ExtractionOptions base) {
        return base.withConcurrentBatches(concurrentBatches)
                .withDecoderThreads(decoderThreads)
                .withDetectorThreads(detectorThreads);
    }

    /** For logs: e.g. {@code "2 cores: backbone 2 batches × 1 thread, decode/detect 1"}. */
    public String describe() {
        return cores + (cores == 1 ? " core" : " cores") + ": backbone " + concurrentBatches
                + (concurrentBatches == 1 ? " batch" : " batches") + " × " + backboneThreads
                + (backboneThreads == 1 ? " thread" : " threads")
                + (spinning == BackboneOptions.Spinning.OFF && backboneThreads > 1 ? " (no spinning)" : "")
                + ", decode/detect 1";
    }
}
