package io.fer4j.cli;

import io.fer4j.engine.EngineSpec;
import io.fer4j.model.ModelPolicy;
import picocli.CommandLine.Option;

/**
 * The model and pipeline options every command that runs the engine shares ({@code predict}, {@code extract}):
 * {@code --backbone}, {@code --detector}, {@code --detect-width}, {@code --batch}, {@code --threads},
 * {@code --device}, {@code --offline}. Declared once, applied to an {@link EngineSpec.Builder}.
 */
final class PipelineOptions {
    @Option(
            names = "--backbone",
            paramLabel = "NAME|FILE",
            description = "Registry name or ONNX file (default: " + "the bundle's backbone, else "
                    + EngineSpec.DEFAULT_BACKBONE + "; see `fer4j models list`).")
    String backbone;

    @Option(
            names = "--detector",
            paramLabel = "yunet|haar|FILE",
            defaultValue = EngineSpec.DEFAULT_DETECTOR,
            description = "Face detector: yunet (default), haar (offline, from the OpenCV jar), or a YuNet-compatible "
                    + "ONNX file.")
    String detector;

    @Option(
            names = "--detect-width",
            paramLabel = "PX",
            defaultValue = "" + EngineSpec.DEFAULT_DETECT_WIDTH,
            description = "Detect on frames downscaled to this width; boxes map back to full resolution and crops "
                    + "come from it (default: ${DEFAULT-VALUE}).")
    int detectWidth;

    @Option(
            names = "--batch",
            paramLabel = "N",
            description = "Faces per backbone call (default: " + EngineSpec.DEFAULT_BATCH + "; " + EngineSpec.LIVE_BATCH
                    + " with --live for the lowest latency).")
    Integer batch;

    @Option(
            names = "--threads",
            paramLabel = "N",
            defaultValue = "0",
            description = "Cores to use (default 0 = all): decoding and detection take one thread, the backbone the "
                    + "rest (with 1-2 cores one batch per core at once; see docs/BENCHMARKS.md).")
    int threads;

    @Option(
            names = "--device",
            paramLabel = "cpu|cuda[:N]",
            defaultValue = "cpu",
            description = "Where the backbone runs (cuda needs ONNX Runtime's GPU build; default: ${DEFAULT-VALUE}).")
    String device;

    @Option(
            names = "--offline",
            description = "Never download a model: use files, the model cache and the "
                    + "embedded models only, and never substitute one.")
    boolean offline;

    /** Range checks in the user's words; {@code minDetectWidth} is the command's smallest useful width. */
    void validate(int minDetectWidth) {
        if (batch != null) {
            OptionBounds.requireInt("--batch", batch, 1, 4096, "faces");
        }
        OptionBounds.requireInt("--detect-width", detectWidth, minDetectWidth, 16384, "pixels");
        OptionBounds.requireInt("--threads", threads, 0, OptionBounds.MAX_THREADS, "");
    }

    /** These options on {@code spec}; {@code online} is the command's policy unless {@code --offline}. */
    EngineSpec.Builder applyTo(EngineSpec.Builder spec, ModelPolicy online) {
        return spec.backbone(backbone)
                .detector(detector)
                .detectWidth(detectWidth)
                .batchSize(batch)
                .threads(threads)
                .device(device)
                .modelPolicy(offline ? ModelPolicy.OFFLINE : online);
    }
}
