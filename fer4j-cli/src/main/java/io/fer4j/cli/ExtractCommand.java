package io.fer4j.cli;

import io.fer4j.engine.Engine;
import io.fer4j.engine.EngineSpec;
import io.fer4j.error.ExitCodes;
import io.fer4j.model.ModelPolicy;
import io.fer4j.store.OutputGuard;
import io.fer4j.vision.decode.VideoFileScanner;
import io.fer4j.vision.extract.ExtractionCancelledException;
import io.fer4j.vision.extract.StoreExtraction;
import io.fer4j.vision.extract.VideoFeatureExtractor;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fer4j extract}: videos or face-image folders → feature store (CONTRACTS §3). See docs/extraction.md. */
@Command(
        name = "extract",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Decode videos, find and track faces, and write backbone embeddings and logits into a feature store.",
            "Resumable: complete videos are skipped, interrupted ones redone. Exit code 3 when some videos failed."
        })
final class ExtractCommand implements Callable<Integer> {
    /** Exit code when the run finished but some videos failed. */
    @Spec
    CommandSpec spec;

    @Option(
            names = "--input",
            required = true,
            paramLabel = "PATH",
            description =
                    "A video file, a directory of videos, or a directory of per-video face-image folders (<video>/00001.jpg).")
    Path input;

    @Option(
            names = "--store",
            required = true,
            paramLabel = "DIR",
            description = "Feature store directory (created when missing).")
    Path store;

    @picocli.CommandLine.Mixin
    PipelineOptions pipeline; // --backbone, --detector, --detect-width, --batch, --threads, --device, --offline

    @picocli.CommandLine.Mixin
    FrameSamplingOptions sampling; // --stride, --detect-every

    @picocli.CommandLine.Mixin
    PeopleOptions people; // --people, --main-person, --max-people

    @Option(names = "--fp16", description = "Store embeddings as float16 (half the disk; logits stay float32).")
    boolean fp16;

    @Option(
            names = "--all-faces",
            description = "One store video per tracked person: <video>_track1, <video>_track2, ...")
    boolean allFaces;

    @Option(
            names = "--score-threshold",
            paramLabel = "P",
            defaultValue = "0.7",
            description = "YuNet score threshold (default: ${DEFAULT-VALUE}).")
    float scoreThreshold;

    @Option(
            names = "--margin",
            paramLabel = "F",
            defaultValue = "0",
            description = "Crop margin as a fraction of the box size on each side (docs/CONTRACTS.md §4 default: 0).")
    float margin;

    @Option(
            names = "--decoder-threads",
            paramLabel = "N",
            defaultValue = "1",
            description = "FFmpeg decoder threads (0 = FFmpeg's choice; default: ${DEFAULT-VALUE}).")
    int decoderThreads;

    @Option(
            names = "--fps",
            paramLabel = "FPS",
            defaultValue = "0",
            description = "Frame rate recorded for face-image folders (default 0 = unknown).")
    double folderFps;

    @picocli.CommandLine.Mixin
    AudioOptions audio; // --audio-model, --audio-only, ... (docs/audio.md)

    @Override
    public Integer call() {
        pipeline.validate(0);
        OptionBounds.requireInt("--decoder-threads", decoderThreads, 0, OptionBounds.MAX_THREADS, "");
        OptionBounds.requireDouble("--margin", margin, 0, 10, "box sizes");
        OptionBounds.requireDouble("--fps", folderFps, 0, 1000, "frames/s");
        OptionBounds.requireDouble("--score-threshold", scoreThreshold, 0, 1, "");
        // a store's backbone is a contract: extract downloads a missing model but never substitutes one
        EngineSpec engineSpec = people.applyTo(
                        sampling.applyTo(pipeline.applyTo(EngineSpec.builder(), ModelPolicy.DOWNLOAD)))
                .scoreThreshold(scoreThreshold)
                .cropMargin(margin)
                .allFaces(allFaces)
                .float16(fp16)
                .decoderThreads(decoderThreads)
                .folderFps(folderFps)
                .build();
        audio.validate();
        // the store is never one of the inputs (a video file, the input folder or a face-image folder)
        OutputGuard.overwriting(false).reading("--input", input).requireFolder("--store", store);
        if (audio.audioOnly()) {
            return audio.runAudioOnly(
                    store, input, pipeline.threads, spec.commandLine().getErr(), ExitCodes.SOME_FAILED);
        }
        List<VideoFileScanner.Item> items = VideoFileScanner.scan(input);
        VideoFileScanner.reading(OutputGuard.overwriting(false), items).requireFolder("--store", store);
        // closed last: Ctrl-C stays a stop request (not a JVM shutdown) until the models are closed
        try (StopRequest stop = StopRequest.install();
                Engine engine = Engine.open(engineSpec, ConsoleProgress.resolver(), items)) {
            VideoFeatureExtractor extractor = engine.storeExtractor();
            stop.onStop(extractor::cancel);
            var err = spec.commandLine().getErr();
            StoreExtraction.Report report;
            try {
                report = engine.extract(extractor, items, store, ConsoleProgress.extraction());
            } catch (ExtractionCancelledException e) {
                err.println("extract: " + e.getMessage() + " (store " + store + ")");
                err.flush();
                return ExitCodes.INTERRUPTED;
            }
            err.printf(
                    Locale.ROOT,
                    "extract: %d extracted, %d skipped (complete), %d failed; store %s%n",
                    report.extracted().size(),
                    report.skipped().size(),
                    report.failed().size(),
                    store);
            boolean audioFailed = AudioOptions.anyFailed(audio.addAudio(
                    store, input, items.stream().map(VideoFileScanner.Item::id).toList(), pipeline.threads, err));
            if (stop.requested()) {
                err.println("extract: interrupted; run again to finish (complete videos are skipped)");
                return ExitCodes.INTERRUPTED;
            }
            if (!report.allOk()) {
                err.println(
                        "extract: some videos failed (listed above); fix or remove them and run again — complete videos are skipped");
                return ExitCodes.SOME_FAILED;
            }
            if (audioFailed) {
                err.println(
                        "extract: audio failed for some videos (listed above); fix the files and run again with --audio-only");
                return ExitCodes.SOME_FAILED;
            }
            return 0;
        }
    }
}
