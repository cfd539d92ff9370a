package io.fer4j.vision.extract;

import io.fer4j.error.Fer4jException;
import io.fer4j.vision.crop.FaceCrops;
import io.fer4j.vision.decode.DecodedFrame;
import io.fer4j.vision.decode.VideoSource;
import io.fer4j.vision.detect.DetectionSchedule;
import io.fer4j.geometry.FaceBox;
import io.fer4j.vision.detect.FaceDetector;
import io.fer4j.vision.track.FaceTracker;
import io.fer4j.vision.track.TrackedFace;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The extraction pipeline: one thread decodes, detects, tracks, crops and preprocesses (producer); the calling thread
 * batches faces through the backbone and hands results to the consumer, in frame order. A bounded queue of frames
 * between them lets decoding/detection of the next frames overlap inference of the current batch and bounds memory.
 *
 * <p>Models are loaded once: one extractor serves any number of videos, one video at a time per call (calls on
 * one instance must not overlap; create one per thread for parallel jobs).
 *
 * <pre>{@code
 * try (VideoSource video = FfmpegVideoSource.open(path, 0)) {
 *     extractor.extract(video, frame -> { FrameFeatures f = frame.mainFace(); ... });
 * }
 * }</pre>
 */
public final class VideoFeatureExtractor {
    private final BatchEmbedder embedder;
    private final FaceDetector.Factory detectors;
    private final ExtractionOptions options;
    /**
     * Frame buffers reused for {@link ExtractionOptions#keepFrameImages()}: a fresh native allocation per 720p frame
     * (2.7 MB: mmap, page faults, munmap) cost {@code fer4j predict} a third of its throughput. Thread-safe, bounded;
     * concurrent runs on one extractor may share it since a buffer is only ever held by one frame at a time.
     */
    private final ConcurrentLinkedDeque<Mat> framePool = new ConcurrentLinkedDeque<>();
    /** How often a consumer waiting for frames looks at {@link #cancel()}. */
    private static final long CANCEL_POLL_MILLIS = 50;
    private volatile boolean cancelled;

    /**
     * @param detectors creates the producer thread's detector; may be null when only face-image folders are read
     */
    public VideoFeatureExtractor(BatchEmbedder embedder, FaceDetector.Factory detectors, ExtractionOptions options) {
        this.embedder = embedder;
        this.detectors = detectors;
        this.options = options;
    }

    public ExtractionOptions options() {
        return options;
    }

    public BatchEmbedder embedder() {
        return embedder;
    }

    /**
     * Asks a running {@link #extract}/{@link #extractAll} (on another thread) to stop, as Ctrl-C does: it throws
     * {@link ExtractionCancelledException} once the backbone call in flight has returned and the decode/detect
     * thread has left FFmpeg and OpenCV, so the caller can then close the native models safely. The current video
     * is aborted (a store removes it on the next run); finished videos are kept. Sticky: later runs stop at once.
     */
    public void cancel() {
        cancelled = true;
    }

    /** Opens one video of a multi-video run (called on the producer thread). */
    public interface SourceOpener {
        /** The video id, for reports when opening fails. */
        String id();

        VideoSource open();

        static SourceOpener of(String id, java.util.function.Supplier<VideoSource> open) {
            return new SourceOpener() {
                @Override
                public String id() {
                    return id;
                }

                @Override
                public VideoSource open() {
                    return open.get();
                }
            };
        }
    }

    /** Outcome of one video in a multi-video run: a summary, or the failure. */
    public record Outcome(String id, VideoSummary summary, RuntimeException failure) {
        public boolean ok() {
            return failure == null;
        }
    }

    /**
     * Streams one already opened source through the pipeline; blocks until its end. The caller keeps ownership of
     * {@code source} (closes it). Failures (decode, detection, the consumer's own) are rethrown.
     */
    public VideoSummary extract(VideoSource source, FrameFeaturesConsumer consumer) {
        List<Outcome> out = run(List.of(new Opened(source)), id -> consumer, true);
        Outcome o = out.get(0);
        if (!o.ok()) {
            throw o.failure();
        }
        return o.summary();
    }

    private record Opened(VideoSource source) implements SourceOpener {
        @Override
        public String id() {
            return source.id();
        }

        @Override
        public VideoSource open() {
            return source;
        }
    }

    /**
     * Streams several videos, overlapping the next video's decoding with the previous one's inference. A video that
     * fails (cannot be opened, corrupt, consumer error) is reported in its {@link Outcome} and the run goes on;
     * failures that concern every video (models, the inference itself) are thrown.
     *
     * @param consumers the consumer for each video, by id (called on this thread at the video's start)
     */
    public List<Outcome> extractAll(List<SourceOpener> sources, Function<VideoInfo, FrameFeaturesConsumer> consumers) {
        return run(sources, info -> consumers.apply(info), false);
    }

    // ---- queue messages ----------------------------------------------------------------------------------------

    private sealed interface Msg permits Start, FrameMsg, End, Failed, Done, Fatal {
    }

    private record Start(VideoInfo info) implements Msg {
    }

    private static final class Face {
        final int trackId;
        final FaceBox box;
        float[] input;
        float[] embedding;
        float[] logits;

        Face(int trackId, FaceBox box, float[] input) {
            this.trackId = trackId;
            this.box = box;
            this.input = input;
        }
    }

    private record FrameMsg(int frameIndex, double timeSeconds, List<Face> faces, Mat image) implements Msg {
    }

    private record End(int frameCount, List<String> warnings) implements Msg {
    }

    private record Failed(String id, RuntimeException error) implements Msg {
    }

    private record Done() implements Msg {
    }

    private record Fatal(Throwable error) implements Msg {
    }

    // ---- the pipeline ------------------------------------------------------------------------------------------

    private List<Outcome> run(List<SourceOpener> sources, Function<VideoInfo, FrameFeaturesConsumer> consumers,
                              boolean callerOwnsSources) {
        BlockingQueue<Msg> queue = new ArrayBlockingQueue<>(options.queueFrames() + 4);
        Producer producer = new Producer(sources, queue, callerOwnsSources);
        Thread thread = new Thread(producer, "fer4j-decode-detect");
        thread.setDaemon(true);
        thread.start();
        List<Outcome> outcomes = new ArrayList<>();
        try {
            consume(queue, consumers, outcomes);
        } finally {
            producer.cancelled = true;
            drain(queue, thread);
        }
        return outcomes;
    }

    /** The inference side: batches faces, runs the backbone, delivers frames in order. */
    private void consume(BlockingQueue<Msg> queue, Function<VideoInfo, FrameFeaturesConsumer> consumers,
                         List<Outcome> outcomes) {
        ArrayDeque<FrameMsg> pending = new ArrayDeque<>();
        List<Face> batch = new ArrayList<>(options.batchSize());
        VideoInfo info = null;
        FrameFeaturesConsumer consumer = null;
        RuntimeException videoError = null;
        int framesWithFace = 0;
        long faces = 0;
        try {
            while (true) {
                Msg msg;
                try {
                    msg = batch.isEmpty() ? takeUnlessCancelled(queue)
                            : queue.poll(options.flushMillis(), TimeUnit.MILLISECONDS);
                    if (cancelled) {
                        if (msg instanceof FrameMsg f) {
                            release(f);
                        }
                        throw new ExtractionCancelledException();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new Fer4jException("extraction interrupted");
                }
                if (msg == null) { // producer is slow: run what we have rather than wait (bounds latency on streams)
                    infer(batch);
                    if (videoError == null) {
                        try {
                            int[] counts = deliver(pending, info, consumer);
                            framesWithFace += counts[0];
                            faces += counts[1];
                        } catch (RuntimeException e) {
                            videoError = e;
                            release(pending);
                        }
                    }
                    continue;
                }
                if (msg instanceof Start s) {
                    info = s.info();
                    videoError = null;
                    framesWithFace = 0;
                    faces = 0;
                    try {
                        consumer = consumers.apply(info);
                        consumer.onStart(info);
                    } catch (RuntimeException e) {
                        videoError = e;
                    }
                } else if (msg instanceof FrameMsg f) {
                    if (videoError != null) {
                        release(f);
                        continue;
                    }
                    pending.add(f);
                    for (Face face : f.faces()) {
                        batch.add(face);
                        if (batch.size() == options.batchSize()) {
                            infer(batch);
                        }
                    }
                    if (!batch.isEmpty() && pending.size() >= options.queueFrames()) {
                        // many face-less frames behind a partial batch: run it so frames (and their images) do not pile up
                        infer(batch);
                    }
                    if (batch.isEmpty()) {
                        try {
                            int[] counts = deliver(pending, info, consumer);
                            framesWithFace += counts[0];
                            faces += counts[1];
                        } catch (RuntimeException e) {
                            videoError = e;
                            release(pending);
                            batch.clear();
                        }
                    }
                } else if (msg instanceof End e) {
                    if (videoError == null) {
                        try {
                            infer(batch);
                            int[] counts = deliver(pending, info, consumer);
                            framesWithFace += counts[0];
                            faces += counts[1];
                            VideoSummary summary = new VideoSummary(info.id(), info.fps(), e.frameCount(),
                                    framesWithFace, faces, e.warnings());
                            consumer.onEnd(summary);
                            outcomes.add(new Outcome(info.id(), summary, null));
                        } catch (RuntimeException ex) {
                            videoError = ex;
                        }
                    }
                    if (videoError != null) {
                        release(pending);
                        batch.clear();
                        abort(consumer, videoError);
                        outcomes.add(new Outcome(info.id(), null, videoError));
                    }
                    info = null;
                    consumer = null;
                } else if (msg instanceof Failed fl) {
                    release(pending);
                    batch.clear();
                    abort(consumer, videoError != null ? videoError : fl.error());
                    outcomes.add(new Outcome(fl.id(), null, videoError != null ? videoError : fl.error()));
                    info = null;
                    consumer = null;
                } else if (msg instanceof Done) {
                    return;
                } else if (msg instanceof Fatal ft) {
                    release(pending);
                    if (ft.error() instanceof RuntimeException re) {
                        throw re;
                    }
                    if (ft.error() instanceof Error er) {
                        throw er;
                    }
                    throw new IllegalStateException(ft.error());
                }
            }
        } catch (RuntimeException | Error e) {
            release(pending);
            if (consumer != null && e instanceof RuntimeException re) {
                abort(consumer, re);
            }
            throw e;
        }
    }

    private static void abort(FrameFeaturesConsumer consumer, RuntimeException error) {
        if (consumer != null) {
            try {
                consumer.onAbort(error);
            } catch (RuntimeException suppressed) {
                error.addSuppressed(suppressed);
            }
        }
    }

    private void infer(List<Face> batch) {
        if (batch.isEmpty()) {
            return;
        }
        float[][] inputs = new float[batch.size()][];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = batch.get(i).input;
        }
        BatchEmbedder.Outputs out = embedder.infer(inputs, inputs.length);
        for (int i = 0; i < inputs.length; i++) {
            Face f = batch.get(i);
            f.embedding = out.embeddings()[i];
            f.logits = out.logits()[i];
            f.input = null;
        }
        batch.clear();
    }

    /** Hands over every leading frame whose faces are all embedded; returns {frames with a face, faces}. */
    private int[] deliver(ArrayDeque<FrameMsg> pending, VideoInfo info, FrameFeaturesConsumer consumer) {
        int withFace = 0;
        int faces = 0;
        while (!pending.isEmpty() && ready(pending.peekFirst())) {
            FrameMsg f = pending.pollFirst();
            try {
                List<FrameFeatures> features = new ArrayList<>(f.faces().size());
                for (Face face : f.faces()) {
                    features.add(new FrameFeatures(f.frameIndex(), f.timeSeconds(), face.box, face.trackId,
                            face.embedding, face.logits));
                }
                if (!features.isEmpty()) {
                    withFace++;
                    faces += features.size();
                }
                consumer.onFrame(new FrameResult(info.id(), f.frameIndex(), f.timeSeconds(), List.copyOf(features),
                        f.image()));
            } finally {
                release(f);
            }
        }
        return new int[] {withFace, faces};
    }

    private static boolean ready(FrameMsg f) {
        for (Face face : f.faces()) {
            if (face.embedding == null) {
                return false;
            }
        }
        return true;
    }

    private void release(FrameMsg f) {
        Mat image = f.image();
        if (image != null) {
            if (framePool.size() < options.queueFrames() + 8) {
                framePool.push(image);
            } else {
                image.close();
            }
        }
    }

    /** A copy of {@code bgr} in a reused buffer (released through {@link #release(FrameMsg)}). */
    private Mat copyFrame(Mat bgr) {
        Mat m = framePool.poll();
        if (m == null) {
            m = new Mat();
        }
        bgr.copyTo(m);
        return m;
    }

    private void release(ArrayDeque<FrameMsg> pending) {
        while (!pending.isEmpty()) {
            release(pending.pollFirst());
        }
    }

    /** {@code queue.take()} that also returns (null) soon after {@link #cancel()}. */
    private Msg takeUnlessCancelled(BlockingQueue<Msg> queue) throws InterruptedException {
        Msg m;
        while ((m = queue.poll(CANCEL_POLL_MILLIS, TimeUnit.MILLISECONDS)) == null && !cancelled) {
            // waiting for the decoder
        }
        return m;
    }

    private void drain(BlockingQueue<Msg> queue, Thread producer) {
        // The producer may be blocked on a full queue: keep emptying it until it has stopped.
        while (producer.isAlive()) {
            releaseAll(queue);
            try {
                producer.join(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        releaseAll(queue);
    }

    private void releaseAll(BlockingQueue<Msg> queue) {
        Msg m;
        while ((m = queue.poll()) != null) {
            if (m instanceof FrameMsg f) {
                release(f);
            }
        }
    }

    /** Decode → detect → track → crop → preprocess, one frame at a time, into the queue. */
    private final class Producer implements Runnable {
        private final List<SourceOpener> sources;
        private final BlockingQueue<Msg> queue;
        private final boolean callerOwnsSources;
        volatile boolean cancelled;
        private FaceDetector detector;
        private int faceFrames; // frames with a face so far in this video (for the stride)

        Producer(List<SourceOpener> sources, BlockingQueue<Msg> queue, boolean callerOwnsSources) {
            this.sources = sources;
            this.queue = queue;
            this.callerOwnsSources = callerOwnsSources;
        }

        @Override
        public void run() {
            try {
                for (SourceOpener opener : sources) {
                    if (cancelled || VideoFeatureExtractor.this.cancelled) {
                        return;
                    }
                    runOne(opener);
                }
                put(new Done());
            } catch (Throwable t) {
                put(new Fatal(t));
            } finally {
                if (detector != null) {
                    detector.close();
                }
            }
        }

        private void runOne(SourceOpener opener) {
            VideoSource source;
            try {
                source = opener.open();
            } catch (RuntimeException e) {
                put(new Failed(opener.id(), e));
                return;
            }
            try {
                put(new Start(new VideoInfo(source.id(), source.fps(), source.declaredFrameCount(),
                        source.framesAreFaces())));
                FaceTracker tracker = new FaceTracker(options.iouThreshold(), options.maxMissedFrames());
                faceFrames = 0;
                try (DetectionSchedule schedule = new DetectionSchedule(options.detectEvery())) {
                    while (!cancelled && !VideoFeatureExtractor.this.cancelled) {
                        DecodedFrame frame = source.next();
                        if (frame == null) {
                            break;
                        }
                        put(process(frame, source.framesAreFaces(), tracker, schedule));
                    }
                }
                int frameCount = source.framesAreFaces() ? source.declaredFrameCount() : source.framesRead();
                put(new End(frameCount, source.warnings()));
            } catch (Fer4jException | IllegalArgumentException | java.io.UncheckedIOException e) {
                put(new Failed(source.id(), e));
            } finally {
                if (!callerOwnsSources) {
                    source.close();
                }
            }
        }

        private FrameMsg process(DecodedFrame frame, boolean frameIsFace, FaceTracker tracker,
                                 DetectionSchedule schedule) {
            Mat bgr = frame.bgr();
            List<Face> faces = new ArrayList<>(1);
            if (frameIsFace) {
                if (sampled()) {
                    FaceBox whole = new FaceBox(0, 0, bgr.cols(), bgr.rows(), 1f);
                    faces.add(new Face(1, whole, embedder.preprocess(bgr, new FaceCrops.PixelBox(0, 0, bgr.cols(), bgr.rows()))));
                }
            } else {
                if (detector == null) {
                    if (detectors == null) {
                        throw new IllegalStateException("no face detector configured");
                    }
                    detector = detectors.create();
                }
                List<TrackedFace> tracked = tracker.update(frame.frameIndex(), schedule.boxes(detector, bgr));
                List<TrackedFace> chosen;
                if (options.allFaces()) {
                    chosen = tracked;
                } else {
                    TrackedFace main = tracker.mainFace(tracked);
                    chosen = main == null ? List.of() : List.of(main);
                }
                List<TrackedFace> kept = new ArrayList<>(chosen.size());
                List<FaceCrops.PixelBox> boxes = new ArrayList<>(chosen.size());
                for (TrackedFace t : chosen) {
                    FaceCrops.PixelBox px = FaceCrops.bounds(t.box(), options.cropMargin(), bgr.cols(), bgr.rows());
                    if (!px.isEmpty()) {
                        kept.add(t);
                        boxes.add(px);
                    }
                }
                // the tracker saw every frame; only every stride-th face frame pays for preprocessing and the backbone
                if (!kept.isEmpty() && sampled()) {
                    for (int i = 0; i < kept.size(); i++) {
                        faces.add(new Face(kept.get(i).trackId(), kept.get(i).box(), embedder.preprocess(bgr, boxes.get(i))));
                    }
                }
            }
            Mat image = options.keepFrameImages() ? copyFrame(bgr) : null;
            return new FrameMsg(frame.frameIndex(), frame.timeSeconds(), faces, image);
        }

        /** Counts a frame with a face; true when it is one the backbone runs on (frames 1, 1+K, 1+2K, ...). */
        private boolean sampled() {
            return faceFrames++ % options.stride() == 0;
        }

        private void put(Msg m) {
            try {
                while (!queue.offer(m, 50, TimeUnit.MILLISECONDS)) {
                    if (cancelled) {
                        if (m instanceof FrameMsg f) {
                            release(f);
                        }
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancelled = true;
            }
        }
    }
}
