package io.fer4j.cli;

import io.fer4j.cli.predict.Annotator;
import io.fer4j.cli.predict.LiveRunner;
import io.fer4j.cli.predict.LiveSource;
import io.fer4j.cli.predict.PredictOutputs;
import io.fer4j.cli.predict.PredictResume;
import io.fer4j.cli.predict.PredictRunner;
import io.fer4j.engine.Engine;
import io.fer4j.engine.EngineSpec;
import io.fer4j.engine.FrameNumberBound;
import io.fer4j.engine.LoadedModels;
import io.fer4j.engine.PostProcessingChoice;
import io.fer4j.error.ExitCodes;
import io.fer4j.error.Fer4jException;
import io.fer4j.model.ModelPolicy;
import io.fer4j.store.OutputGuard;
import io.fer4j.vision.decode.FaceImageFolderSource;
import io.fer4j.vision.decode.VideoFileScanner;
import io.fer4j.vision.extract.ExtractionCancelledException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fer4j predict}: per-frame expression labels, a summary and an HTML report for any video. */
@Command(
        name = "predict",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Label every frame of a video (or of every video in a directory) with an ABAW expression and "
                    + "write <id>.csv (per frame), <id>.json (share of time per expression, segments) and <id>.html "
                    + "(timeline, shares, faces, provenance) into --out.",
            "With --bundle: the full method (head + logit adjustment + fill/smooth/gate with the bundle's δ/p0/w, "
                    + "docs/CONTRACTS.md §7). Without: BACKBONE-ONLY mode — the pretrained backbone's probabilities mapped "
                    + "to ABAW and smoothed (δ = " + PostProcessingChoice.BACKBONE_ONLY_DELTA_FRAMES + " frames).",
            "Features stream from the decoder through the backbone to the labels; nothing is stored unless "
                    + "--keep-features.",
            "Exit codes: 0 ok; 2 bad input; " + ExitCodes.SOME_FAILED + " some videos failed (others "
                    + "written); " + ExitCodes.STREAM_DROPPED + " the live stream dropped (what was "
                    + "received is written)."
        })
final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "VIDEO|DIR|URL",
            description = "A video file, a directory of videos or face-image folders; with --live also a camera "
                    + "(/dev/video0) or a stream URL (rtsp://, http://, file:...).")
    String input;

    @Option(
            names = "--bundle",
            paramLabel = "BUNDLE",
            description = "Trained bundle (fer4j train). Without it: " + "backbone-only mode.")
    Path bundle;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            defaultValue = "fer4j-predictions",
            description = "Output directory; must not exist unless --force (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--force", description = "Write into an existing --out, overwriting fer4j's files there.")
    boolean force;

    @Option(
            names = "--keep-features",
            description = "Also write the feature store (docs/CONTRACTS.md §3) to --out/features.")
    boolean keepFeatures;

    @Option(
            names = "--audio-model",
            paramLabel = "FILE",
            description = "wav2vec 2.0 / HuBERT ONNX file, for bundles "
                    + "with an audio head (fused with weight w); not used in live mode.")
    Path audioModel;

    @picocli.CommandLine.Mixin
    PipelineOptions pipeline; // --backbone, --detector, --detect-width, --batch, --threads, --device, --offline

    @picocli.CommandLine.Mixin
    FrameSamplingOptions sampling; // --stride, --detect-every

    @picocli.CommandLine.Mixin
    PeopleOptions people; // --people, --main-person, --max-people

    @Option(names = "--delta", paramLabel = "FRAMES", description = "Override δ (smoothing half-window in frames).")
    Integer delta;

    @Option(names = "--p0", paramLabel = "P", description = "Override the gate threshold p0 (≥ 1 turns the gate off).")
    Double p0;

    @Option(
            names = "--folder-fps",
            paramLabel = "FPS",
            defaultValue = "30",
            description = "Frame rate assumed for face-image folders (default: ${DEFAULT-VALUE}).")
    double folderFps;

    @Option(names = "--live", description = "Live mode: causal smoothing, labels printed as they come.")
    boolean live;

    @Option(
            names = "--pace",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "With --live on a file: deliver frames at the file's frame rate, as a camera would "
                    + "(default: on; --no-pace runs as fast as possible).")
    boolean pace = true;

    @Option(
            names = "--max-frames",
            paramLabel = "N",
            defaultValue = "0",
            description = "With --live: stop after N frames (default: until the stream ends or Ctrl-C).")
    int maxFrames;

    @Option(names = "--quiet", description = "With --live: do not print a line per frame.")
    boolean quiet;

    @Option(
            names = "--stream-timeout",
            paramLabel = "SECONDS",
            defaultValue = "10",
            description = "With --live on a network URL: give up opening, or end the stream as dropped, after this "
                    + "long without data (FFmpeg's rw_timeout/timeout; default: ${DEFAULT-VALUE}).")
    double streamTimeoutSeconds;

    @Option(
            names = "--annotate",
            paramLabel = "FILE|DIR",
            description = "Also write the video with boxes and labels "
                    + "drawn (MPEG-4); a directory (<id>.mp4 inside) when predicting several videos.")
    Path annotate;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        PrintWriter o = spec.commandLine().getOut();
        checkNumbers();
        // fer4j predict's documented model choice: download when possible, else the embedded backbone with a NOTE
        EngineSpec engineSpec = people.applyTo(
                        sampling.applyTo(pipeline.applyTo(EngineSpec.builder(), ModelPolicy.DOWNLOAD_OR_EMBEDDED)))
                .bundle(bundle)
                .audioModel(audioModel)
                .deltaFrames(delta)
                .p0(p0)
                .folderFps(folderFps)
                .delivery(live ? EngineSpec.Delivery.LIVE : EngineSpec.Delivery.FILES)
                .build();
        if (keepFeatures && engineSpec.people() == EngineSpec.People.EVERY_PERSON) {
            throw new IllegalArgumentException("--keep-features stores one face per frame and --people follows every "
                    + "person: drop one of them, or run `fer4j extract --people` to store each person's features");
        }
        if (live && keepFeatures) {
            throw new IllegalArgumentException("--keep-features is not available with --live (a stream has no end to "
                    + "commit a store video at); run fer4j extract on a recording instead");
        }
        // Everything is checked before models load and before --out is created, so an early error leaves nothing
        // behind and the corrected rerun is not refused with "already exists".
        List<VideoFileScanner.Item> items = live ? List.of() : VideoFileScanner.scan(Path.of(input));
        checkOutputs(items);
        // Ctrl-C is a stop request handled below (not a JVM shutdown) until the models are closed
        try (StopRequest stop = StopRequest.install();
                Engine engine = live
                        ? Engine.open(engineSpec, ConsoleProgress.resolver())
                        : Engine.open(engineSpec, ConsoleProgress.resolver(), items)) {
            // live streams its CSV from the first frame; a batch creates --out with its first output and resumes
            PredictResume resume = live ? null : PredictResume.plan(out, items, force);
            if (live) {
                PredictOutputs.prepare(out, force);
            }
            LoadedModels models = engine.models();
            models.fallbackReason().ifPresent(why -> o.println("predict: NOTE " + why + "."));
            o.println(
                    models.backboneOnly()
                            ? "predict: BACKBONE-ONLY mode (no --bundle): pretrained " + models.classSpace()
                                    + " probabilities mapped to ABAW, smoothed with δ="
                                    + models.config().deltaFrames()
                            : "predict: bundle " + bundle + " (" + models.config() + ")");
            o.flush();
            Map<String, Object> params = engine.runParameters(input);
            return live ? runLive(engine, stop, params, start) : runFiles(engine, stop, items, resume, params, start);
        }
    }

    private int runLive(Engine engine, StopRequest stop, Map<String, Object> params, long start) {
        PrintWriter o = spec.commandLine().getOut();
        engine.requireVisualBundle();
        LiveRunner runner = new LiveRunner(
                engine,
                new LiveRunner.Settings(
                        out,
                        annotate,
                        pace,
                        maxFrames,
                        quiet,
                        Duration.ofMillis(Math.round(streamTimeoutSeconds * 1000))),
                o);
        // a stalled stream keeps FFmpeg blocked until --stream-timeout: once the stop has written every
        // output of what was received, end here (a halt frees nothing native, so nothing under a running call)
        runner.onStalledStop(() -> {
            o.flush();
            Runtime.getRuntime().halt(ExitCodes.INTERRUPTED);
        });
        stop.onStop(runner::stop);
        LiveRunner.Result r;
        try {
            r = runner.run(input, params, start);
        } catch (RuntimeException e) {
            if (!LiveRunner.stoppedWhileOpening(e)) {
                throw e;
            }
            spec.commandLine().getErr().println("predict: " + e.getMessage());
            return ExitCodes.INTERRUPTED;
        }
        return r.dropped() ? ExitCodes.STREAM_DROPPED : stop.requested() ? ExitCodes.INTERRUPTED : ExitCodes.OK;
    }

    private int runFiles(
            Engine engine,
            StopRequest stop,
            List<VideoFileScanner.Item> items,
            PredictResume resume,
            Map<String, Object> params,
            long start) {
        PrintWriter o = spec.commandLine().getOut();
        PredictRunner runner = new PredictRunner(
                engine,
                new PredictRunner.Settings(out, keepFeatures, annotate),
                o,
                spec.commandLine().getErr());
        stop.onStop(runner::cancel);
        if (!resume.complete().isEmpty()) {
            o.println("predict: " + resume.complete().size() + " of " + items.size() + " video(s) already complete "
                    + "in " + out + ", kept (--force redoes them)");
            if (resume.remaining().isEmpty()) {
                o.flush();
                return ExitCodes.OK;
            }
        }
        PredictRunner.Result r;
        try {
            r = runner.run(resume.remaining(), resume.complete(), params, start);
        } catch (ExtractionCancelledException e) {
            spec.commandLine().getErr().println("predict: " + e.getMessage() + " (outputs in " + out + ")");
            return ExitCodes.INTERRUPTED;
        }
        // counts what it says: written videos and their frames; failed ones (outputs removed) apart
        o.printf(
                java.util.Locale.ROOT,
                "predict: %d video(s) written%s, %d frames in %.1f s (%.1f frames/s); " + "outputs in %s%n",
                r.videos().stream()
                        .filter(v -> !r.failed().contains(v.videoId()))
                        .count(),
                r.failed().isEmpty() ? "" : ", " + r.failed().size() + " failed",
                r.frames(),
                r.seconds(),
                r.framesPerSecond(),
                out);
        o.flush();
        return r.failed().isEmpty() ? ExitCodes.OK : ExitCodes.SOME_FAILED;
    }

    private void checkNumbers() {
        pipeline.validate(32);
        if (delta != null) {
            OptionBounds.requireInt("--delta", delta, 0, OptionBounds.MAX_DELTA_FRAMES, "frames");
        }
        if (p0 != null) {
            OptionBounds.requireDouble("--p0", p0, 0, 1e6, "(≥ 1 turns the gate off)");
        }
        OptionBounds.requireDouble("--folder-fps", folderFps, 0.001, 1000, "frames/s");
        OptionBounds.requireInt("--max-frames", maxFrames, 0, Integer.MAX_VALUE, "");
        OptionBounds.requireDouble("--stream-timeout", streamTimeoutSeconds, 0.1, 3600, "seconds");
    }

    /** Outputs before anything runs: never an input (real paths), an existing file only with --force. */
    private void checkOutputs(List<VideoFileScanner.Item> items) {
        OutputGuard guard = OutputGuard.overwriting(force)
                .reading("--bundle", bundle)
                .reading("--audio-model", audioModel)
                .reading("--backbone", existingFile(pipeline.backbone))
                .reading("--detector", existingFile(pipeline.detector));
        guard = VideoFileScanner.reading(guard, items);
        for (VideoFileScanner.Item it : items) {
            if (it.faceFolder()) {
                try (FaceImageFolderSource folder = FaceImageFolderSource.open(it.path(), folderFps)) {
                    FrameNumberBound.requireWithin(it.path(), folder.declaredFrameCount());
                }
            }
        }
        if (live && LiveSource.isFile(input)) {
            guard = guard.reading("VIDEO", Path.of(input.startsWith("file:") ? input.substring(5) : input));
        }
        guard.requireFolder("--out", out);
        if (live && Files.exists(out) && !force) {
            throw new Fer4jException(
                    out,
                    "the output directory already exists; pass --force to overwrite the "
                            + "fer4j outputs in it, or choose another --out");
        }
        if (!live && !force) {
            PredictResume.requireResumable(out, items); // a batch resumes in its own earlier --out
        }
        List<String> ids = live
                ? List.of(LiveSource.idOf(input))
                : items.stream().map(VideoFileScanner.Item::id).toList();
        for (String id : ids) {
            for (String ext : List.of(".csv", ".json", ".html")) {
                guard.requireNotAnInput("--out", out.resolve(id + ext));
            }
        }
        guard.requireNotAnInput("--out", out.resolve(PredictRunner.INDEX_FILE));
        if (annotate != null) {
            for (String id : ids) {
                Path target = live ? annotate : PredictRunner.annotationTarget(annotate, id, ids.size());
                guard.requireFile("--annotate", target);
                Annotator.requireMuxable(target);
            }
        }
    }

    private static Path existingFile(String nameOrFile) {
        if (nameOrFile == null) {
            return null;
        }
        try {
            Path p = Path.of(nameOrFile);
            return Files.isRegularFile(p) ? p : null;
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
    }
}
