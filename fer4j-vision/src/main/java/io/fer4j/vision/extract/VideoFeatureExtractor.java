package io.fer4j.vision.extract;

import io.fer4j.error.Fer4jException;
import io.fer4j.vision.decode.VideoSource;
import io.fer4j.vision.detect.FaceDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The extraction pipeline: one thread decodes, detects, tracks, crops and preprocesses ({@link DecodeDetectLoop},
 * {@link FrameVision}); the calling thread batches faces through the backbone ({@link FaceBatcher}) and hands
 * results to the consumer in frame order ({@link OrderedDelivery}). A bounded queue of frames
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
    /** Frame buffers for {@link FrameImages#FULL_FRAMES}, shared by this extractor's runs. */
    private final FrameImagePool framePool;
    /** How often a consumer waiting for frames looks at {@link #cancel()}. */
    private static final long CANCEL_POLL_MILLIS = 50;
    /** How often the inference thread looks for finished batches while nothing else arrives. */
    private static final long RUNNING_BATCH_POLL_MILLIS = 2;

    private volatile boolean cancelled;

    /**
     * @param detectors creates the producer thread's detector; may be null when only face-image folders are read
     */
    public VideoFeatureExtractor(BatchEmbedder embedder, FaceDetector.Factory detectors, ExtractionOptions options) {
        this.embedder = embedder;
        this.detectors = detectors;
        this.options = options;
        this.framePool = new FrameImagePool(options.queueFrames() + 8);
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

    // ---- the pipeline ------------------------------------------------------------------------------------------

    private List<Outcome> run(
            List<SourceOpener> sources,
            Function<VideoInfo, FrameFeaturesConsumer> consumers,
            boolean callerOwnsSources) {
        BlockingQueue<PipelineMessage> queue = new ArrayBlockingQueue<>(options.queueFrames() + 4);
        DecodeDetectLoop producer = new DecodeDetectLoop(
                sources, queue, callerOwnsSources, embedder, detectors, options, framePool, () -> cancelled);
        Thread thread = new Thread(producer, "fer4j-decode-detect");
        thread.setDaemon(true);
        thread.start();
        List<Outcome> outcomes = new ArrayList<>();
        // closing the batcher waits for the batches in flight: the caller may close the backbone once this returns
        try (FaceBatcher batch = new FaceBatcher(embedder, options.batchSize(), options.concurrentBatches())) {
            new Inference(consumers, outcomes, batch).consume(queue);
        } finally {
            producer.cancelled = true;
            drain(queue, thread);
        }
        return outcomes;
    }

    /**
     * The inference side's protocol: per video, batch faces through the backbone and deliver frames in order; a
     * video that fails is aborted and reported while the run goes on.
     */
    private final class Inference {
        private final Function<VideoInfo, FrameFeaturesConsumer> consumers;
        private final List<Outcome> outcomes;
        private final OrderedDelivery delivery = new OrderedDelivery(framePool);
        private final FaceBatcher batch;
        private VideoInfo info;
        private FrameFeaturesConsumer consumer;
        /** The current video's failure; its remaining frames are dropped until its End. */
        private RuntimeException videoError;

        Inference(Function<VideoInfo, FrameFeaturesConsumer> consumers, List<Outcome> outcomes, FaceBatcher batch) {
            this.consumers = consumers;
            this.outcomes = outcomes;
            this.batch = batch;
        }

        void consume(BlockingQueue<PipelineMessage> queue) {
            try {
                while (true) {
                    PipelineMessage msg = next(queue);
                    if (msg == null) {
                        // a partial batch waited flushMillis for frames: run and finish it (bounds stream latency);
                        // otherwise only take the batches that finished on workers
                        boolean partial = !batch.isEmpty();
                        batch.run();
                        batch.collect(partial);
                        deliver();
                    } else if (msg instanceof PipelineMessage.Start s) {
                        start(s.info());
                    } else if (msg instanceof PipelineMessage.Frame f) {
                        frame(f);
                    } else if (msg instanceof PipelineMessage.End e) {
                        end(e);
                    } else if (msg instanceof PipelineMessage.Failed fl) {
                        fail(fl.id(), videoError != null ? videoError : fl.error());
                    } else if (msg instanceof PipelineMessage.Done) {
                        return;
                    } else if (msg instanceof PipelineMessage.Fatal ft) {
                        throw unchecked(ft.error());
                    }
                }
            } catch (RuntimeException | Error e) {
                delivery.discard();
                if (consumer != null && e instanceof RuntimeException re) {
                    abort(consumer, re);
                }
                throw e;
            }
        }

        /**
         * The next message; null when a partial batch has waited {@code flushMillis} for more frames, or soon, to
         * collect finished batches, while some run on workers.
         */
        private PipelineMessage next(BlockingQueue<PipelineMessage> queue) {
            PipelineMessage msg;
            try {
                msg = !batch.isEmpty()
                        ? queue.poll(options.flushMillis(), TimeUnit.MILLISECONDS)
                        : batch.running()
                                ? queue.poll(RUNNING_BATCH_POLL_MILLIS, TimeUnit.MILLISECONDS)
                                : takeUnlessCancelled(queue);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Fer4jException("extraction interrupted");
            }
            if (cancelled) {
                if (msg instanceof PipelineMessage.Frame f) {
                    framePool.release(f);
                }
                throw new ExtractionCancelledException();
            }
            return msg;
        }

        private void start(VideoInfo video) {
            info = video;
            videoError = null;
            delivery.resetCounts();
            try {
                consumer = consumers.apply(info);
                consumer.onStart(info);
            } catch (RuntimeException e) {
                videoError = e;
            }
        }

        private void frame(PipelineMessage.Frame f) {
            if (videoError != null) {
                framePool.release(f);
                return;
            }
            delivery.add(f);
            for (PendingFace face : f.faces()) {
                batch.add(face);
            }
            if (!batch.isEmpty() && delivery.size() >= options.queueFrames()) {
                // many face-less frames behind a partial batch: run it so frames (and their images) do not pile up
                batch.run();
            }
            batch.collect(false);
            deliver();
        }

        /** Delivers the ready frames; a consumer failure fails the video. */
        private void deliver() {
            if (videoError != null) {
                return;
            }
            try {
                delivery.deliverReady(info.id(), consumer);
            } catch (RuntimeException e) {
                videoError = e;
                delivery.discard();
                batch.clear();
            }
        }

        private void end(PipelineMessage.End e) {
            if (videoError == null) {
                try {
                    batch.run();
                    batch.collect(true);
                    delivery.deliverReady(info.id(), consumer);
                    VideoSummary summary = new VideoSummary(
                            info.id(),
                            info.fps(),
                            e.frameCount(),
                            delivery.framesWithFace(),
                            delivery.faces(),
                            e.warnings(),
                            e.people());
                    consumer.onEnd(summary);
                    outcomes.add(new Outcome(info.id(), summary, null));
                } catch (RuntimeException ex) {
                    videoError = ex;
                }
            }
            if (videoError != null) {
                fail(info.id(), videoError);
            }
            info = null;
            consumer = null;
        }

        private void fail(String id, RuntimeException error) {
            delivery.discard();
            batch.clear();
            abort(consumer, error);
            outcomes.add(new Outcome(id, null, error));
            info = null;
            consumer = null;
        }
    }

    private static RuntimeException unchecked(Throwable error) {
        if (error instanceof RuntimeException re) {
            return re;
        }
        if (error instanceof Error er) {
            throw er;
        }
        return new IllegalStateException(error);
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

    /** {@code queue.take()} that also returns (null) soon after {@link #cancel()}. */
    private PipelineMessage takeUnlessCancelled(BlockingQueue<PipelineMessage> queue) throws InterruptedException {
        PipelineMessage m;
        while ((m = queue.poll(CANCEL_POLL_MILLIS, TimeUnit.MILLISECONDS)) == null && !cancelled) {
            // waiting for the decoder
        }
        return m;
    }

    private void drain(BlockingQueue<PipelineMessage> queue, Thread producer) {
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

    private void releaseAll(BlockingQueue<PipelineMessage> queue) {
        PipelineMessage m;
        while ((m = queue.poll()) != null) {
            if (m instanceof PipelineMessage.Frame f) {
                framePool.release(f);
            }
        }
    }
}
