package io.fer4j.cli.predict;

import io.fer4j.api.pipeline.PredictModels;
import io.fer4j.api.pipeline.VideoCollector;
import io.fer4j.error.Fer4jException;
import io.fer4j.report.FramePrediction;
import io.fer4j.report.PredictedVideo;
import io.fer4j.report.Provenance;
import io.fer4j.report.SummaryJsonWriter;
import io.fer4j.store.FeatureStore;
import io.fer4j.vision.decode.DecodedFrame;
import io.fer4j.vision.decode.VideoFileScanner;
import io.fer4j.vision.decode.VideoSource;
import io.fer4j.vision.extract.ExtractionOptions;
import io.fer4j.vision.extract.FrameImages;
import io.fer4j.vision.extract.FrameFeaturesConsumer;
import io.fer4j.vision.extract.VideoFeatureExtractor;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code fer4j predict} over files: streams each video through extraction (decode → detect → crop → backbone) into a
 * {@link VideoCollector}, post-processes the whole video (DESIGN §7) and writes its CSV, JSON summary and HTML report;
 * with {@code --annotate}, a second decoding pass draws the final labels. The next video's decoding overlaps the
 * current one's inference. A video that fails is reported and skipped.
 */
public final class PredictRunner {
    /** The batch index in {@code --out}: every video of the run, failed ones with their error. */
    public static final String INDEX_FILE = "index.json";

    /** Run settings. {@code annotate} is a file for one video, a directory for several (or null). */
    public record Settings(Path out, boolean keepFeatures, int batchSize, Path annotate, double folderFps,
                           int stride, int detectEvery) {
        /** Backbone on every face frame, detector on every frame (stride and detect-every 1). */
        public Settings(Path out, boolean keepFeatures, int batchSize, Path annotate, double folderFps) {
            this(out, keepFeatures, batchSize, annotate, folderFps, 1, 1);
        }
    }

    /** What a run did, with timings for the benchmark. */
    public record Result(List<PredictedVideo> videos, List<String> failed, long frames, double secondsToFirstLabel,
                         double seconds) {
        public double framesPerSecond() {
            return seconds > 0 ? frames / seconds : 0;
        }
    }

    private final PredictModels models;
    private final Settings settings;
    private final PrintWriter out;
    private final PrintWriter err;
    private final VideoFeatureExtractor extractor;

    /** Progress and {@code FAILED} lines both to {@code out}. */
    public PredictRunner(PredictModels models, Settings settings, PrintWriter out) {
        this(models, settings, out, out);
    }

    /** Progress to {@code out}; {@code FAILED} lines to {@code err} (stderr in the CLI, as {@code extract} does). */
    public PredictRunner(PredictModels models, Settings settings, PrintWriter out, PrintWriter err) {
        this.models = models;
        this.settings = settings;
        this.out = out;
        this.err = err;
        ExtractionOptions opts = models.threadBudget().applyTo(ExtractionOptions.defaults())
                .withBatchSize(settings.batchSize())
                .withFrameImages(FrameImages.FACE_THUMBNAILS).withFolderFps(settings.folderFps()).withStride(settings.stride())
                .withDetectEvery(settings.detectEvery());
        this.extractor = new VideoFeatureExtractor(models.embedder(), models.detectors(), opts);
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
     * @param startNanos when the command started (model loading included in the time to the first label)
     */
    public Result run(List<VideoFileScanner.Item> items, Map<String, Object> runParameters, long startNanos) {
        return run(items, List.of(), runParameters, startNanos);
    }

    /**
     * As {@link #run(List, Map, long)}, resuming: {@code completeEntries} are the index entries of videos an
     * earlier run completed in {@code --out} ({@link PredictResume}); the index lists them before this run's.
     */
    public Result run(List<VideoFileScanner.Item> items, List<Map<String, Object>> completeEntries,
                      Map<String, Object> runParameters, long startNanos) {
        Provenance provenance = models.provenance(runParameters);
        FeatureStore keep = settings.keepFeatures() ? FeatureStore.create(settings.out().resolve("features")) : null;
        Map<String, VideoFileScanner.Item> byId = new HashMap<>();
        List<VideoFeatureExtractor.SourceOpener> openers = new ArrayList<>();
        for (VideoFileScanner.Item it : items) {
            byId.put(it.id(), it);
            openers.add(VideoFeatureExtractor.SourceOpener.of(it.id(), () -> it.open(0, settings.folderFps())));
        }
        List<PredictedVideo> done = new ArrayList<>();
        List<Map<String, Object>> index = new ArrayList<>(completeEntries);
        Map<String, String> annotationFailures = new LinkedHashMap<>();
        long[] firstLabel = {-1};
        long[] frames = {0};
        long[] videoStart = {System.nanoTime()};
        List<VideoFeatureExtractor.Outcome> outcomes = extractor.extractAll(openers, info -> {
            VideoFileScanner.Item item = byId.get(info.id());
            VideoCollector c = new VideoCollector(models, item == null || item.faceFolder() ? null : item.path(),
                    item == null ? info.id() : item.path().toString(), keep);
            return new FrameFeaturesConsumer() {
                @Override
                public void onStart(io.fer4j.vision.extract.VideoInfo v) {
                    videoStart[0] = System.nanoTime();
                    c.onStart(v);
                }

                @Override
                public void onFrame(io.fer4j.vision.extract.FrameResult f) {
                    c.onFrame(f);
                }

                @Override
                public void onEnd(io.fer4j.vision.extract.VideoSummary s) {
                    c.onEnd(s);
                    PredictedVideo v = c.result();
                    if (firstLabel[0] < 0) {
                        firstLabel[0] = System.nanoTime();
                    }
                    index.add(PredictOutputs.write(settings.out(), v, provenance, c.thumbnails(), false));
                    frames[0] += v.frameCount(); // counted once its outputs are written

                    double sec = (System.nanoTime() - videoStart[0]) / 1e9;
                    out.printf(Locale.ROOT, "%s: %d frames, faces in %d, %.1f s (%.1f frames/s) -> %s%n", v.videoId(),
                            v.frameCount(), v.faceFrameCount(), sec, v.frameCount() / Math.max(sec, 1e-9),
                            settings.out().resolve(v.videoId() + ".html"));
                    for (String w : v.warnings()) {
                        out.println("  warning: " + w);
                    }
                    out.flush();
                    if (settings.annotate() != null && item != null) {
                        String failure = annotate(item, v,
                                annotationTarget(settings.annotate(), v.videoId(), items.size()));
                        if (failure != null) {
                            annotationFailures.put(v.videoId(), failure);
                        }
                    }
                    done.add(v);
                }

                @Override
                public void onAbort(RuntimeException error) {
                    c.onAbort(error);
                }
            };
        });
        out.flush();
        Map<String, String> failures = new LinkedHashMap<>();
        for (VideoFeatureExtractor.Outcome o : outcomes) {
            if (!o.ok()) {
                failures.put(o.id(), o.failure().getMessage());
            } else if (annotationFailures.containsKey(o.id())) {
                failures.put(o.id(), "annotation failed: " + annotationFailures.get(o.id()));
            }
        }
        for (Map.Entry<String, String> f : failures.entrySet()) {
            err.println(f.getKey() + ": FAILED: " + f.getValue());
            // a video whose outputs were written but whose annotation failed keeps its entry, marked failed
            Map<String, Object> entry = index.stream().filter(e -> f.getKey().equals(e.get("video"))).findFirst()
                    .orElseGet(() -> {
                        Map<String, Object> e = new LinkedHashMap<>();
                        e.put("video", f.getKey());
                        index.add(e);
                        return e;
                    });
            entry.put("status", "failed");
            entry.put("error", f.getValue());
        }
        err.flush();
        List<String> failed = List.copyOf(failures.keySet());
        Path indexFile = settings.out().resolve(INDEX_FILE);
        // a stale index from an earlier run (--force) would list videos this run did not write: always rewrite it
        if (index.size() > 1 || !failed.isEmpty() || java.nio.file.Files.exists(indexFile)) {
            PredictOutputs.createDirectory(settings.out()); // when every video failed, nothing created it yet
            SummaryJsonWriter.writeIndex(indexFile, index);
        }
        long end = System.nanoTime();
        return new Result(done, failed, frames[0], firstLabel[0] < 0 ? Double.NaN : (firstLabel[0] - startNanos) / 1e9,
                (end - startNanos) / 1e9);
    }

    /**
     * Where {@code --annotate} puts video {@code id}: the path itself for one video, {@code <dir>/<id>.mp4} for
     * several (or when the path is an existing folder).
     */
    public static Path annotationTarget(Path annotate, String id, int videoCount) {
        boolean dir = videoCount > 1 || java.nio.file.Files.isDirectory(annotate);
        return dir ? annotate.resolve(id + ".mp4") : annotate;
    }

    /** Second pass: decode again and draw the final (centred, smoothed) labels. Returns the failure, or null. */
    private String annotate(VideoFileScanner.Item item, PredictedVideo v, Path target) {
        try (VideoSource src = item.open(0, settings.folderFps()); Annotator a = new Annotator(target, v.fps())) {
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
