package io.fer4j.cli;

import io.fer4j.api.pipeline.PredictModels;
import io.fer4j.vision.decode.VideoInputs;
import io.fer4j.vision.extract.ConsoleExtractProgress;
import io.fer4j.vision.extract.ExtractionOptions;
import io.fer4j.vision.extract.StoreExtraction;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fer4j extract}: videos or face-image folders → feature store (DESIGN §3). See docs/extraction.md. */
@Command(name = "extract", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Decode videos, find and track faces, and write backbone embeddings and logits into a feature store.",
                "Resumable: complete videos are skipped, interrupted ones redone. Exit code 3 when some videos failed."})
final class ExtractCommand implements Callable<Integer> {
    /** Exit code when the run finished but some videos failed. */
    static final int SOME_FAILED_EXIT = 3;

    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "PATH",
            description = "A video file, a directory of videos, or a directory of per-video face-image folders (<video>/00001.jpg).")
    Path input;

    @Option(names = "--store", required = true, paramLabel = "DIR", description = "Feature store directory (created when missing).")
    Path store;

    @Option(names = "--backbone", paramLabel = "NAME|FILE", defaultValue = "enet_b0_8_best_vgaf",
            description = "Registry name or ONNX file (default: ${DEFAULT-VALUE}); see `fer4j models list`.")
    String backbone;

    @Option(names = "--detector", paramLabel = "yunet|haar|FILE", defaultValue = "yunet",
            description = "Face detector: yunet (default), haar (offline, from the OpenCV jar), or a YuNet-compatible ONNX file.")
    String detector;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "32", description = "Faces per backbone call (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "ONNX Runtime intra-op threads (default 0 = all cores; decoding/detection run on one more thread).")
    int threads;

    @Option(names = "--fp16", description = "Store embeddings as float16 (half the disk; logits stay float32).")
    boolean fp16;

    @Option(names = "--all-faces", description = "One store video per tracked person: <video>_track1, <video>_track2, ...")
    boolean allFaces;

    @Option(names = "--detect-width", paramLabel = "PX", defaultValue = "320",
            description = "Detect on frames downscaled to this width; crops come from full resolution (0 = full resolution; default: ${DEFAULT-VALUE}).")
    int detectWidth;

    @Option(names = "--score-threshold", paramLabel = "P", defaultValue = "0.7", description = "YuNet score threshold (default: ${DEFAULT-VALUE}).")
    float scoreThreshold;

    @Option(names = "--margin", paramLabel = "F", defaultValue = "0",
            description = "Crop margin as a fraction of the box size on each side (DESIGN §4 default: 0).")
    float margin;

    @Option(names = "--device", paramLabel = "cpu|cuda[:N]", defaultValue = "cpu",
            description = "Backbone execution provider (cuda needs onnxruntime_gpu; see docs/models.md).")
    String device;

    @Option(names = "--decoder-threads", paramLabel = "N", defaultValue = "1",
            description = "FFmpeg decoder threads (0 = FFmpeg's choice; default: ${DEFAULT-VALUE}).")
    int decoderThreads;

    @Option(names = "--fps", paramLabel = "FPS", defaultValue = "0",
            description = "Frame rate recorded for face-image folders (default 0 = unknown).")
    double folderFps;

    @picocli.CommandLine.Mixin
    AudioOptions audio; // --audio-model, --audio-only, ... (docs/audio.md)

    @Override
    public Integer call() {
        if (batch < 1 || threads < 0 || detectWidth < 0 || decoderThreads < 0 || !(margin >= 0) || !(folderFps >= 0)) {
            throw new IllegalArgumentException("--batch must be ≥ 1; --threads, --detect-width, --decoder-threads, --margin and --fps ≥ 0");
        }
        audio.validate();
        if (audio.audioOnly()) {
            return audio.runAudioOnly(store, input, threads, spec.commandLine().getErr(), SOME_FAILED_EXIT);
        }
        List<VideoInputs.Item> items = VideoInputs.scan(input);
        io.fer4j.api.Fer4j.Builder builder = io.fer4j.api.Fer4j.builder().backbone(backbone).detector(detector).detectWidth(detectWidth)
                .scoreThreshold(scoreThreshold).threads(threads).device(device).batchSize(batch);
        try (io.fer4j.api.Fer4j fer4j = builder.build()) {
            ExtractionOptions options = ExtractionOptions.defaults().withBatchSize(batch).withAllFaces(allFaces)
                    .withCropMargin(margin).withDecoderThreads(decoderThreads).withFolderFps(folderFps);
            Map<String, Object> extras = new LinkedHashMap<>();
            extras.put("detector", fer4j.withModels(PredictModels::detectorName));
            extras.put("detect_width", detectWidth);
            extras.put("crop_margin", margin);
            extras.put("all_faces", allFaces);
            StoreExtraction.Report report = fer4j.extract(input, store, options,
                    new StoreExtraction.Settings(fp16, extras), ConsoleExtractProgress.stderr());
            var err = spec.commandLine().getErr();
            err.printf(Locale.ROOT, "extract: %d extracted, %d skipped (complete), %d failed; store %s%n",
                    report.extracted().size(), report.skipped().size(), report.failed().size(), store);
            boolean audioFailed = AudioOptions.anyFailed(audio.addAudio(store, input,
                    items.stream().map(VideoInputs.Item::id).toList(), threads, err));
            if (!report.allOk()) {
                err.println("extract: some videos failed (listed above); fix or remove them and run again — complete videos are skipped");
                return SOME_FAILED_EXIT;
            }
            if (audioFailed) {
                err.println("extract: audio failed for some videos (listed above); fix the files and run again with --audio-only");
                return SOME_FAILED_EXIT;
            }
            return 0;
        }
    }
}
