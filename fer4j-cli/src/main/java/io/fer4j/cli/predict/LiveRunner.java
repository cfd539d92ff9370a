package io.fer4j.cli.predict;

import io.fer4j.engine.Engine;
import io.fer4j.prediction.FramePrediction;
import io.fer4j.prediction.PredictedVideo;
import io.fer4j.prediction.PredictionProvenance;
import io.fer4j.report.FrameCsvWriter;
import io.fer4j.report.ThumbnailSampler;
import io.fer4j.report.WholeRowCsvFile;
import io.fer4j.vision.decode.VideoSource;
import io.fer4j.vision.extract.FrameFeatures;
import io.fer4j.vision.extract.FrameImages;
import io.fer4j.vision.extract.FrameResult;
import io.fer4j.vision.extract.VideoInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code fer4j predict --live}: frame by frame with the causal post-processing of CONTRACTS §7 (smoothing over the last
 * 2δ+1 frames, gate on the causal mean), printing each label as soon as its frame is through the backbone (batch 1:
 * no waiting for a batch to fill). The CSV grows as frames come; the JSON summary and the HTML report are written
 * when the stream ends, is stopped (Ctrl-C) or drops — what was received is kept in every case.
 */
public final class LiveRunner {
    /**
     * @param pace      deliver a file at its frame rate, as a camera would (files only; streams come at their rate)
     * @param maxFrames stop after this many frames (0 = until the stream ends)
     * @param quiet     do not print a line per frame
     */
    public record Settings(
            Path out, Path annotate, boolean pace, int maxFrames, boolean quiet, java.time.Duration streamTimeout) {
        /** FFmpeg's open/read timeout on network streams unless --stream-timeout says otherwise. */
        public static final java.time.Duration DEFAULT_STREAM_TIMEOUT = java.time.Duration.ofSeconds(10);

        /** With the default stream timeout. */
        public Settings(Path out, Path annotate, boolean pace, int maxFrames, boolean quiet) {
            this(out, annotate, pace, maxFrames, quiet, DEFAULT_STREAM_TIMEOUT);
        }
    }

    /** What the run did; latencies are frame-in (decoded) → label-out, in milliseconds. */
    public record Result(
            PredictedVideo video,
            boolean dropped,
            String dropMessage,
            double[] latencyMillis,
            double secondsToFirstLabel,
            double seconds,
            int lateFramesSkipped) {
        public double latencyPercentile(double q) {
            if (latencyMillis.length == 0) {
                return Double.NaN;
            }
            double[] s = latencyMillis.clone();
            Arrays.sort(s);
            int i = (int) Math.ceil(q * s.length) - 1;
            return s[Math.max(0, Math.min(s.length - 1, i))];
        }
    }

    private final Engine engine;
    private final Settings settings;
    private final PrintWriter out;
    private volatile LiveSource running;
    private volatile Outputs runningOutputs;
    private volatile boolean stopRequested;
    private volatile Runnable afterStalledStop;

    /**
     * How long a stop waits for the decoder before it writes what was received without it: FFmpeg cannot be woken
     * from a read on a silent stream (JavaCV 1.5.11 gives no interrupt callback before the stream opens) and may
     * block until {@code --stream-timeout}.
     */
    static final long STALL_GRACE_MILLIS = 300;

    /** @param engine the models; runs on its live view (the causal path {@code Fer4j.newSession} also takes) */
    public LiveRunner(Engine engine, Settings settings, PrintWriter out) {
        this.engine = engine.live();
        this.settings = settings;
        this.out = out;
    }

    /**
     * Ends the stream cleanly from another thread (Ctrl-C): no new frame is read, the frames in flight are labelled
     * and every output is written. The decoder is closed only after its thread has left FFmpeg.
     */
    public void stop() {
        stopRequested = true;
        LiveSource s = running;
        if (s != null) {
            s.stop();
        }
        Outputs o = runningOutputs;
        if (o != null) {
            Thread t = new Thread(o::finishIfStalled, "fer4j-live-stop");
            t.setDaemon(true);
            t.start();
        }
    }

    /**
     * Runs after a stop found the stream stalled and wrote every output of the frames received (CSV, JSON, HTML)
     * without the decoder, which may stay blocked in FFmpeg until {@code --stream-timeout}. The CLI ends the process
     * there (nothing native is freed by a halt, so nothing is freed under a running call); a library caller can let
     * {@link #run} return when FFmpeg gives up, with the same result.
     */
    public void onStalledStop(Runnable action) {
        afterStalledStop = action;
    }

    /** Whether {@code e}, thrown by {@link #run}, is a stop (Ctrl-C) that came while the stream was opening. */
    public static boolean stoppedWhileOpening(RuntimeException e) {
        return e instanceof BoundedOpen.StoppedWhileOpening;
    }

    /** Opens {@code input} (camera, URL or file) and runs until it ends. */
    public Result run(String input, Map<String, Object> runParameters, long startNanos) {
        boolean file = LiveSource.isFile(input);
        // a network URL opens on its own thread: bounded by --stream-timeout, and Ctrl-C ends the wait at once
        VideoSource raw = file || input.startsWith("/dev/video")
                ? LiveSource.open(input, settings.streamTimeout())
                : BoundedOpen.open(
                        input,
                        () -> LiveSource.open(input, settings.streamTimeout()),
                        settings.streamTimeout(),
                        () -> stopRequested);
        boolean pace = settings.pace() && file;
        try (LiveSource source = new LiveSource(raw, pace, pace || !file, settings.maxFrames())) {
            return run(source, input, runParameters, startNanos);
        }
    }

    Result run(LiveSource source, String input, Map<String, Object> runParameters, long startNanos) {
        PredictionProvenance provenance = engine.provenance(runParameters);
        FrameImages images = settings.annotate() != null ? FrameImages.FULL_FRAMES : FrameImages.FACE_THUMBNAILS;
        LiveConsumer consumer = new LiveConsumer(source, PredictOutputs.csv(settings.out(), source.id()), startNanos);
        Outputs outputs = new Outputs(source, consumer, input, provenance, startNanos);
        running = source;
        runningOutputs = outputs;
        if (stopRequested) {
            stop();
        }
        boolean dropped = false;
        String dropMessage = null;
        try {
            try {
                engine.live(source, images, consumer);
            } catch (RuntimeException e) {
                if (consumer.frames.isEmpty()) {
                    throw e; // nothing received: a plain failure to open/decode
                }
                dropped = true;
                dropMessage = e.getMessage();
                out.println("stream dropped after frame " + consumer.frames.size() + ": " + e.getMessage()
                        + " — keeping the " + consumer.frames.size() + " frames received");
            }
            return outputs.finish(dropped, dropMessage);
        } finally {
            running = null;
            runningOutputs = null;
            outputs.done.countDown();
            synchronized (consumer) {
                consumer.closeQuietly();
            }
        }
    }

    /** The end of a run: every output written once, by the run's thread or by a stop that found the stream stalled. */
    private final class Outputs {
        final LiveSource source;
        final LiveConsumer consumer;
        final String input;
        final PredictionProvenance provenance;
        final long startNanos;
        final java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        private Result result; // guarded by consumer

        Outputs(
                LiveSource source,
                LiveConsumer consumer,
                String input,
                PredictionProvenance provenance,
                long startNanos) {
            this.source = source;
            this.consumer = consumer;
            this.input = input;
            this.provenance = provenance;
            this.startNanos = startNanos;
        }

        /** On the stop's thread: when the run has not ended within the grace, writes the outputs now. */
        void finishIfStalled() {
            try {
                if (done.await(STALL_GRACE_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            Result r = finish(false, null);
            out.println("live: the stream is stalled; wrote the " + r.video().frameCount() + " frames received "
                    + "without waiting for it");
            out.flush();
            Runnable a = afterStalledStop;
            if (a != null) {
                a.run();
            }
        }

        Result finish(boolean dropped, String dropMessage) {
            synchronized (consumer) {
                if (result != null) {
                    return result;
                }
                consumer.finished = true; // frames arriving later (a stream resuming after the stop) are dropped
                consumer.closeCsv();
                List<String> warnings = new ArrayList<>();
                if (dropped) {
                    warnings.add("the stream dropped after frame " + consumer.frames.size() + ": " + dropMessage);
                }
                if (source.droppedFrames() > 0) {
                    warnings.add(
                            source.droppedFrames() + " frames were skipped because they arrived while the pipeline "
                                    + "was behind real time (bounded latency); frame numbers count the frames labelled");
                }
                warnings.add("live mode: labels use causal smoothing over the last 2δ+1 = "
                        + (2 * engine.models().config().deltaFrames() + 1)
                        + " frames (docs/CONTRACTS.md §7), not the centred "
                        + "window");
                PredictedVideo video = new PredictedVideo(source.id(), input, source.fps(), consumer.frames, warnings);
                PredictOutputs.writeSummaryAndReport(settings.out(), video, provenance, consumer.thumbs.thumbnails());
                if (consumer.annotator != null) {
                    consumer.annotator.finish();
                }
                double[] lat = consumer.latencies.stream()
                        .mapToDouble(Double::doubleValue)
                        .toArray();
                Result r = new Result(
                        video,
                        dropped,
                        dropMessage,
                        lat,
                        consumer.firstLabelNanos < 0 ? Double.NaN : (consumer.firstLabelNanos - startNanos) / 1e9,
                        (System.nanoTime() - startNanos) / 1e9,
                        source.droppedFrames());
                out.printf(
                        Locale.ROOT,
                        "live: %d frames labelled, %d skipped as late; latency frame-in -> label-out "
                                + "median %.1f ms, p95 %.1f ms; report %s%n",
                        video.frameCount(),
                        source.droppedFrames(),
                        r.latencyPercentile(0.5),
                        r.latencyPercentile(0.95),
                        settings.out().resolve(video.videoId() + ".html"));
                out.flush();
                result = r;
                return r;
            }
        }
    }

    private final class LiveConsumer implements Engine.LiveSink {
        final LiveSource source;
        final List<FramePrediction> frames = new ArrayList<>();
        final List<Double> latencies = new ArrayList<>();
        final ThumbnailSampler thumbs =
                new ThumbnailSampler(Engine.THUMBNAIL_CAPACITY, io.fer4j.vision.crop.FaceThumbnails.SIZE_PIXELS);
        final Path csvFile;
        final long startNanos;
        final StringBuilder line = new StringBuilder(256);
        WholeRowCsvFile csv;
        Annotator annotator;
        long firstLabelNanos = -1;
        boolean finished; // guarded by this

        LiveConsumer(LiveSource source, Path csvFile, long startNanos) {
            this.source = source;
            this.csvFile = csvFile;
            this.startNanos = startNanos;
        }

        @Override
        public void started(VideoInfo video) {
            try {
                csv = WholeRowCsvFile.create(csvFile, String.join(",", FrameCsvWriter.columns()) + "\n");
            } catch (IOException e) {
                throw csvFailed(e);
            }
            if (settings.annotate() != null) {
                annotator = new Annotator(settings.annotate(), video.fps());
            }
        }

        @Override
        public synchronized void labelled(FrameResult frame, FramePrediction p) {
            if (finished) {
                source.labelled();
                return;
            }
            FrameFeatures f = frame.mainFace();
            io.fer4j.geometry.FaceBox box = p.box();
            long now = System.nanoTime();
            latencies.add((now - source.enteredNanos(frame.frameIndex())) / 1e6);
            source.labelled();
            if (firstLabelNanos < 0) {
                firstLabelNanos = now;
            }
            if (!settings.quiet()) {
                out.printf(
                        Locale.ROOT,
                        "%6d %9.2fs  %-9s %s%s%n",
                        p.frameIndex(),
                        p.timeSeconds(),
                        io.fer4j.label.AbawClass.of(p.label()).displayName(),
                        Annotator.percent(p.probability(p.label())),
                        f == null ? "  (no face)" : "");
                out.flush();
            }
            try {
                line.setLength(0);
                FrameCsvWriter.row(line, p, engine.models().embedder().name());
                csv.append(line); // whole rows, straight to disk: a stream can end at any moment
            } catch (IOException e) {
                throw csvFailed(e);
            }
            frames.add(p); // after its row: the JSON and HTML count the frames the CSV holds
            if (f != null) {
                thumbs.offer(p.frameIndex(), p.timeSeconds(), frame.faceThumbnail());
            }
            if (annotator != null && frame.image() != null) {
                annotator.write(frame.image(), box, p.label(), Annotator.percent(p.probability(p.label())));
            }
        }

        void closeCsv() {
            if (csv != null) {
                try {
                    csv.close();
                } catch (IOException e) {
                    throw csvFailed(e);
                }
                csv = null;
            }
        }

        /**
         * The CSV cannot be written (disk full): the run must end now. The extractor drops this video's remaining
         * frames without labelling them, so the source, which reads a frame only when one is labelled, is stopped:
         * otherwise its thread and the run's would wait for each other forever.
         */
        private UncheckedIOException csvFailed(IOException e) {
            source.stop();
            return new UncheckedIOException(
                    csvFile + ": cannot write the CSV (" + e.getMessage() + "); free space or choose another --out", e);
        }

        @Override
        public void aborted(RuntimeException error) {
            source.stop(); // any failure of the video ends the stream, as above
        }

        void closeQuietly() {
            try {
                closeCsv();
            } catch (UncheckedIOException ignored) {
                // already reported or irrelevant after a failure
            }
            if (annotator != null) {
                annotator.close();
            }
        }
    }
}
