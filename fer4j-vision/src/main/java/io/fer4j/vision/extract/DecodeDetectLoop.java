package io.fer4j.vision.extract;

import io.fer4j.error.Fer4jException;
import io.fer4j.vision.decode.DecodedFrame;
import io.fer4j.vision.decode.VideoSource;
import io.fer4j.vision.detect.FaceDetector;
import io.fer4j.vision.people.FaceDescriptor;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The producer thread of {@link VideoFeatureExtractor}: opens each video, runs {@link FrameVision} on every
 * decoded frame and queues the results. It owns the detector (created on first use, closed when the thread ends)
 * and, unless the caller owns them, the sources: native decoders and detectors are only touched by this thread.
 */
final class DecodeDetectLoop implements Runnable {
    private final List<VideoFeatureExtractor.SourceOpener> sources;
    private final BlockingQueue<PipelineMessage> queue;
    private final boolean callerOwnsSources;
    private final BatchEmbedder embedder;
    private final FaceDetector.Factory detectors;
    private final ExtractionOptions options;
    private final FrameImagePool pool;
    private final BooleanSupplier extractorCancelled;
    /** Set by the inference side when it stops consuming. */
    volatile boolean cancelled;

    private FaceDetector detector;
    private FaceDescriptor descriptor;

    DecodeDetectLoop(
            List<VideoFeatureExtractor.SourceOpener> sources,
            BlockingQueue<PipelineMessage> queue,
            boolean callerOwnsSources,
            BatchEmbedder embedder,
            FaceDetector.Factory detectors,
            ExtractionOptions options,
            FrameImagePool pool,
            BooleanSupplier extractorCancelled) {
        this.sources = sources;
        this.queue = queue;
        this.callerOwnsSources = callerOwnsSources;
        this.embedder = embedder;
        this.detectors = detectors;
        this.options = options;
        this.pool = pool;
        this.extractorCancelled = extractorCancelled;
    }

    private boolean stopping() {
        return cancelled || extractorCancelled.getAsBoolean();
    }

    @Override
    public void run() {
        try {
            for (VideoFeatureExtractor.SourceOpener opener : sources) {
                if (stopping()) {
                    return;
                }
                runOne(opener);
            }
            put(new PipelineMessage.Done());
        } catch (Throwable t) {
            put(new PipelineMessage.Fatal(t));
        } finally {
            if (detector != null) {
                detector.close();
            }
            if (descriptor != null) {
                descriptor.close();
            }
        }
    }

    private void runOne(VideoFeatureExtractor.SourceOpener opener) {
        VideoSource source;
        try {
            source = opener.open();
        } catch (RuntimeException e) {
            put(new PipelineMessage.Failed(opener.id(), e));
            return;
        }
        try {
            put(new PipelineMessage.Start(
                    new VideoInfo(source.id(), source.fps(), source.declaredFrameCount(), source.framesAreFaces())));
            TrackedPeople people;
            try (FrameVision vision = new FrameVision(
                    embedder, options, this::detector, this::descriptor, pool, source.framesAreFaces())) {
                while (!stopping()) {
                    DecodedFrame frame = source.next();
                    if (frame == null) {
                        break;
                    }
                    put(vision.process(frame));
                }
                people = vision.trackedPeople();
            }
            int frameCount = source.framesAreFaces() ? source.declaredFrameCount() : source.framesRead();
            put(new PipelineMessage.End(frameCount, source.warnings(), people));
        } catch (Fer4jException | IllegalArgumentException | java.io.UncheckedIOException e) {
            put(new PipelineMessage.Failed(source.id(), e));
        } finally {
            if (!callerOwnsSources) {
                source.close();
            }
        }
    }

    private FaceDetector detector() {
        if (detector == null) {
            if (detectors == null) {
                throw new IllegalStateException("no face detector configured");
            }
            if (options.detectorThreads() > 0) {
                // process-wide, but detection is OpenCV's only parallel work in fer4j: hold it to the budget
                org.bytedeco.opencv.global.opencv_core.setNumThreads(options.detectorThreads());
            }
            detector = detectors.create();
        }
        return detector;
    }

    private FaceDescriptor descriptor() {
        if (descriptor == null) {
            descriptor = options.people().descriptors().get();
        }
        return descriptor;
    }

    private void put(PipelineMessage m) {
        try {
            while (!queue.offer(m, 50, TimeUnit.MILLISECONDS)) {
                if (cancelled) {
                    if (m instanceof PipelineMessage.Frame f) {
                        pool.release(f);
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
