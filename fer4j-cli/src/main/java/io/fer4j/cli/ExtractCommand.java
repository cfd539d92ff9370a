package io.fer4j.cli;

import io.fer4j.error.ExitCodes;
import io.fer4j.store.OutputGuard;
import io.fer4j.vision.backbone.Backbone;
import io.fer4j.vision.backbone.BackboneOptions;
import io.fer4j.vision.decode.VideoFileScanner;
import io.fer4j.vision.detect.FaceDetector;
import io.fer4j.vision.extract.BackboneEmbedder;
import io.fer4j.vision.extract.ConsoleExtractProgress;
import io.fer4j.vision.extract.ExtractionCancelledException;
import io.fer4j.vision.extract.ExtractionOptions;
import io.fer4j.vision.extract.ThreadBudget;
import io.fer4j.vision.extract.StoreExtraction;
import io.fer4j.vision.extract.VideoFeatureExtractor;
import io.fer4j.vision.registry.ModelResolver;
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
            description = "Cores to use (default 0 = all): decoding and detection take one thread, the backbone the "
                    + "rest (with 1-2 cores one batch per core at once; see docs/BENCHMARKS.md).")
    int threads;

    @picocli.CommandLine.Mixin
    FrameSamplingOptions sampling; // --stride, --detect-every

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
        sampling.validate();
        OptionBounds.requireInt("--batch", batch, 1, 4096, "faces");
        OptionBounds.requireInt("--threads", threads, 0, OptionBounds.MAX_THREADS, "");
        OptionBounds.requireInt("--detect-width", detectWidth, 0, 16384, "pixels");
        OptionBounds.requireInt("--decoder-threads", decoderThreads, 0, OptionBounds.MAX_THREADS, "");
        OptionBounds.requireDouble("--margin", margin, 0, 10, "box sizes");
        OptionBounds.requireDouble("--fps", folderFps, 0, 1000, "frames/s");
        OptionBounds.requireDouble("--score-threshold", scoreThreshold, 0, 1, "");
        audio.validate();
        // the store is never one of the inputs (a video file, the input folder or a face-image folder)
        OutputGuard.overwriting(false).reading("--input", input).requireFolder("--store", store);
        if (audio.audioOnly()) {
            return audio.runAudioOnly(store, input, threads, spec.commandLine().getErr(), ExitCodes.SOME_FAILED);
        }
        List<VideoFileScanner.Item> items = VideoFileScanner.scan(input);
        VideoFileScanner.reading(OutputGuard.overwriting(false), items).requireFolder("--store", store);
        ModelResolver resolver = ModelResolver.defaults();
        FaceDetector.Factory detectors = null;
        String detectorName = detector;
        if (items.stream().anyMatch(i -> !i.faceFolder())) {
            ModelResolver.ResolvedDetector d = resolver.detector(detector, detectWidth, scoreThreshold);
            detectors = d.factory();
            detectorName = d.name();
        }
        ThreadBudget budget = ThreadBudget.forCores(threads);
        BackboneOptions bo = budget.applyTo(new BackboneOptions(0, BackboneOptions.Device.parse(device),
                BackboneOptions.Device.ordinal(device)));
        ModelResolver.ResolvedBackbone rb = resolver.resolveBackbone(backbone);
        // closed last: Ctrl-C stays a stop request (not a JVM shutdown) until the models are closed
        try (StopRequest stop = StopRequest.install(); Backbone net = rb.open(bo);
             BackboneEmbedder embedder = BackboneEmbedder.borrowing(net)) {
            ExtractionOptions options = sampling.applyTo(budget.applyTo(ExtractionOptions.defaults())
                    .withBatchSize(batch).withAllFaces(allFaces).withCropMargin(margin)
                    .withDecoderThreads(decoderThreads).withFolderFps(folderFps));
            VideoFeatureExtractor extractor = new VideoFeatureExtractor(embedder, detectors, options);
            stop.onStop(extractor::cancel);
            Map<String, Object> extras = new LinkedHashMap<>();
            extras.put("detector", detectorName);
            extras.put("detect_width", detectWidth);
            extras.put("crop_margin", margin);
            extras.put("all_faces", allFaces);
            sampling.recordIn(extras);
            var err = spec.commandLine().getErr();
            StoreExtraction.Report report;
            try {
                report = StoreExtraction.run(extractor, items, store, new StoreExtraction.Settings(fp16, extras),
                        ConsoleExtractProgress.stderr());
            } catch (ExtractionCancelledException e) {
                err.println("extract: " + e.getMessage() + " (store " + store + ")");
                err.flush();
                return ExitCodes.INTERRUPTED;
            }
            err.printf(Locale.ROOT, "extract: %d extracted, %d skipped (complete), %d failed; store %s%n",
                    report.extracted().size(), report.skipped().size(), report.failed().size(), store);
            boolean audioFailed = AudioOptions.anyFailed(audio.addAudio(store, input,
                    items.stream().map(VideoFileScanner.Item::id).toList(), threads, err));
            if (stop.requested()) {
                err.println("extract: interrupted; run again to finish (complete videos are skipped)");
                return ExitCodes.INTERRUPTED;
            }
            if (!report.allOk()) {
                err.println("extract: some videos failed (listed above); fix or remove them and run again — complete videos are skipped");
                return ExitCodes.SOME_FAILED;
            }
            if (audioFailed) {
                err.println("extract: audio failed for some videos (listed above); fix the files and run again with --audio-only");
                return ExitCodes.SOME_FAILED;
            }
            return 0;
        }
    }
}
