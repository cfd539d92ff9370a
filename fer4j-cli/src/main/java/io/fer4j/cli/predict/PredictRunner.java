package io.fer4j.cli.predict;

import io.fer4j.engine.Engine;
import io.fer4j.error.Fer4jException;
import io.fer4j.prediction.FramePrediction;
import io.fer4j.prediction.PredictedVideo;
import io.fer4j.prediction.PredictionProvenance;
import io.fer4j.report.SummaryJsonWriter;
import io.fer4j.report.Thumbnail;
import io.fer4j.store.FeatureStore;
import io.fer4j.vision.decode.DecodedFrame;
import io.fer4j.vision.decode.VideoFileScanner;
import io.fer4j.vision.decode.VideoSource;
import io.fer4j.vision.extract.FrameImages;
import io.fer4j.vision.extract.VideoFeatureExtractor;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code fer4j predict} over files: the engine streams each video (decode → detect → crop → backbone) and
 * post-processes it whole (CONTRACTS §7); this runner writes its CSV, JSON summary and HTML report, the batch index and,
 * with {@code --annotate}, a second decoding pass that draws the final labels. The next video's decoding overlaps the
 * current one's inference. A video that fails is reported and skipped.
 */
public final class PredictRunner {
    /** The batch index in {@code --out}: every video of the run, failed ones with their error. */
    public static final String INDEX_FILE = "index.json";

    /** Run settings. {@code annotate} is a file for one video, a directory for several (or null). */
    public record Settings(Path out, boolean keepFeatures, Path annotate) {}

    /** What a run did, with timings for the benchmark. */
    public record Result(
            List<PredictedVideo> videos, List<String> failed, long frames, double secondsToFirstLabel, double seconds) {
        public double framesPerSecond() {
            return seconds > 0 ? frames / seconds : 0;
        }
    }

    private final Engine engine;
    private final Settings settings;
    private final PrintWriter out;
    private final PrintWriter err;
    private final VideoFeatureExtractor extractor;

    /** Progress and {@code FAILED} lines both to {@code out}. */
    public PredictRunner(Engine engine, Settings settings, PrintWriter out) {
        this(engine, settings, out, out);
    }

    /** Progress to {@code out}; {@code FAILED} lines to {@code err} (stderr in the CLI, as {@code extract} does). */
    public PredictRunner(Engine engine, Settings settings, PrintWriter out, PrintWriter err) {
        this.engine = engine;
        this.settings = settings;
        this.out = out;
        this.err = err;
        this.extractor = engine.predictExtractor(FrameImages.FACE_THUMBNAILS);
    }

    /**
     * Stops {@link #run} from another thread (Ctrl-C): it throws
     * {@link io.fer4j.vision.extract.ExtractionCancelledException} once no native call of the run is in flight;
     * the outputs of the videos finished so far are kept.
     */
    public void cancel() {
        extractor.cancel();
    }

    /**
     * @param runParameters the run settings for the provenance ({@link Engine#runParameters})
     * @param startNanos    when the command started (model loading included in the time to the first label)
     */
    public Result run(List<VideoFileScanner.Item> items, Map<String, Object> runParameters, long startNanos) {
        return run(items, List.of(), runParameters, startNanos);
    }

    /**
     * As {@link #run(List, Map, long)}, resuming: {@code completeEntries} are the index entries of videos an
     * earlier run completed in {@code --out} ({@link PredictResume}); the index lists them before this run's.
     */
    public Result run(
            List<VideoFileScanner.Item> items,
            List<Map<String, Object>> completeEntries,
            Map<String, Object> runParameters,
            long startNanos) {
        FeatureStore keep =
                settings.keepFeatures() ? FeatureStore.create(settings.out().resolve("features")) : null;
        Outputs outputs = new Outputs(engine.provenance(runParameters), items.size(), completeEntries);
        List<VideoFeatureExtractor.Outcome> outcomes = engine.predictAll(extractor, items, keep, outputs);
        out.flush();
        List<String> failed = reportFailures(outcomes, outputs);
        Path indexFile = settings.out().resolve(INDEX_FILE);
        // a stale index from an earlier run (--force) would list videos this run did not write: always rewrite it
        if (outputs.index.size() > 1 || !failed.isEmpty() || Files.exists(indexFile)) {
            PredictOutputs.createDirectory(settings.out()); // when every video failed, nothing created it yet
            SummaryJsonWriter.writeIndex(indexFile, outputs.index);
        }
        long end = System.nanoTime();
        return new Result(
                outputs.done,
                failed,
                outputs.frames,
                outputs.firstLabelNanos < 0 ? Double.NaN : (outputs.firstLabelNanos - startNanos) / 1e9,
                (end - startNanos) / 1e9);
    }

    /** Each finished video's files, progress line and annotation, on the inference thread in input order. */
    private final class Outputs implements Engine.VideoSink {
        final PredictionProvenance provenance;
        final int videoCount;
        final List<PredictedVideo> done = new ArrayList<>();
        final List<Map<String, Object>> index;
        final Map<String, String> annotationFailures = new LinkedHashMap<>();
        long firstLabelNanos = -1;
        long frames;
        long videoStartNanos = System.nanoTime();

        Outputs(PredictionProvenance provenance, int videoCount, List<Map<String, Object>> completeEntries) {
            this.provenance = provenance;
            this.videoCount = videoCount;
            this.index = new ArrayList<>(completeEntries);
        }

        @Override
        public void started(String videoId) {
            videoStartNanos = System.nanoTime();
        }

        @Override
        public void finished(VideoFileScanner.Item item, PredictedVideo v, List<Thumbnail> thumbnails) {
            finished(item, v, thumbnails, Map.of());
        }

        @Override
        public void finished(
                VideoFileScanner.Item item,
                PredictedVideo v,
                List<Thumbnail> thumbnails,
                Map<Integer, Thumbnail> personThumbnails) {
            if (firstLabelNanos < 0) {
                firstLabelNanos = System.nanoTime();
            }
            index.add(PredictOutputs.writeAll(settings.out(), v, provenance, thumbnails, personThumbnails));
            frames += v.frameCount(); // counted once its outputs are written
            double sec = (System.nanoTime() - videoStartNanos) / 1e9;
            out.printf(
                    Locale.ROOT,
                    "%s: %d frames, faces in %d, %.1f s (%.1f frames/s) -> %s%n",
                    v.videoId(),
                    v.frameCount(),
                    v.faceFrameCount(),
                    sec,
                    v.frameCount() / Math.max(sec, 1e-9),
                    settings.out().resolve(v.videoId() + ".html"));
            for (String w : v.warnings()) {
                out.println("  warning: " + w);
            }
            out.flush();
            if (settings.annotate() != null && item != null) {
                String failure = annotate(item, v, annotationTarget(settings.annotate(), v.videoId(), videoCount));
                if (failure != null) {
                    annotationFailures.put(v.videoId(), failure);
                }
            }
            done.add(v);
        }
    }

    /** Prints each failed video and marks it in the index; returns the failed ids in input order. */
    private List<String> reportFailures(List<VideoFeatureExtractor.Outcome> outcomes, Outputs outputs) {
        Map<String, String> failures = new LinkedHashMap<>();
        for (VideoFeatureExtractor.Outcome o : outcomes) {
            if (!o.ok()) {
                failures.put(o.id(), o.failure().getMessage());
            } else if (outputs.annotationFailures.containsKey(o.id())) {
                failures.put(o.id(), "annotation failed: " + outputs.annotationFailures.get(o.id()));
            }
        }
        for (Map.Entry<String, String> f : failures.entrySet()) {
            err.println(f.getKey() + ": FAILED: " + f.getValue());
            // a video whose outputs were written but whose annotation failed keeps its entry, marked failed
            Map<String, Object> entry = outputs.index.stream()
                    .filter(e -> f.getKey().equals(e.get("video")))
                    .findFirst()
                    .orElseGet(() -> {
                        Map<String, Object> e = new LinkedHashMap<>();
                        e.put("video", f.getKey());
                        outputs.index.add(e);
                        return e;
                    });
            entry.put("status", "failed");
            entry.put("error", f.getValue());
        }
        err.flush();
        return List.copyOf(failures.keySet());
    }

    /**
     * Where {@code --annotate} puts video {@code id}: the path itself for one video, {@code <dir>/<id>.mp4} for
     * several (or when the path is an existing folder).
     */
    public static Path annotationTarget(Path annotate, String id, int videoCount) {
        boolean dir = videoCount > 1 || Files.isDirectory(annotate);
        return dir ? annotate.resolve(id + ".mp4") : annotate;
    }

    /** Second pass: decode again and draw the final (centred, smoothed) labels. Returns the failure, or null. */
    private String annotate(VideoFileScanner.Item item, PredictedVideo v, Path target) {
        try (VideoSource src = item.open(0, engine.spec().folderFps(true));
                Annotator a = new Annotator(target, v.fps())) {
            DecodedFrame f;
            while ((f = src.next()) != null && f.frameIndex() <= v.frameCount()) {
                FramePrediction p = v.frames().get(f.frameIndex() - 1);
                a.write(f.bgr(), p.box(), p.label(), Annotator.percent(p.probability(p.label())));
            }
            a.finish();
            out.println("  annotated video -> " + target);
            return null;
        } catch (Fer4jException e) {
            out.println("  annotation failed: " + e.getMessage());
            return e.getMessage();
        }
    }
}
