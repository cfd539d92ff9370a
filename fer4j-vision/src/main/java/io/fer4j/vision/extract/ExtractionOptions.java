package io.fer4j.vision.extract;

/**
 * Pipeline settings.
 *
 * @param batchSize         faces per backbone call
 * @param concurrentBatches backbone calls running at once on worker threads (1 = on the calling thread; see
 *                          {@link ThreadBudget})
 * @param queueFrames       bound of the queue between the decode/detect thread and the inference thread (frames)
 * @param flushMillis       a partial batch runs when no new frame arrived for this long (latency bound for streams)
 * @param cropMargin        margin around the box as a fraction of its size (CONTRACTS §4: default 0)
 * @param allFaces          embed every tracked face instead of the main one
 * @param frameImages       which pixels the consumer gets beside the features (face thumbnails, full frames)
 * @param decoderThreads    FFmpeg decoder threads (0 = FFmpeg's choice)
 * @param detectorThreads   OpenCV threads while detecting (0 = OpenCV's choice, all cores). OpenCV has one pool per
 *                          process: the decode thread sets it when it creates its detector
 * @param folderFps         frame rate recorded for face-image folders (0 = unknown: meta.json fps 0, times NaN)
 * @param iouThreshold      tracking: minimum IoU to continue a track
 * @param maxMissedFrames   tracking: frames a track survives without a detection
 * @param stride            run the backbone on every stride-th frame with a face only (1 = every one); the others
 *                          are delivered without faces and filled like face-less frames (CONTRACTS §7)
 * @param detectEvery       run the detector on every detectEvery-th frame, carrying boxes between
 *                          ({@link io.fer4j.vision.detect.DetectionSchedule}; 1 = every frame)
 * @param people            every person with an identity ({@link io.fer4j.vision.people.PeopleTracker}) instead of
 *                          the main face or {@code allFaces}' tracks, or null
 */
public record ExtractionOptions(
        int batchSize,
        int concurrentBatches,
        int queueFrames,
        int flushMillis,
        float cropMargin,
        boolean allFaces,
        FrameImages frameImages,
        int decoderThreads,
        int detectorThreads,
        double folderFps,
        float iouThreshold,
        int maxMissedFrames,
        int stride,
        int detectEvery,
        io.fer4j.vision.people.PeopleTracking people) {
    public static final int DEFAULT_BATCH = 32;

    public ExtractionOptions {
        if (batchSize < 1
                || concurrentBatches < 1
                || queueFrames < 1
                || flushMillis < 0
                || !(cropMargin >= 0)
                || decoderThreads < 0
                || detectorThreads < 0
                || !(folderFps >= 0)
                || stride < 1
                || detectEvery < 1) {
            throw new IllegalArgumentException("invalid extraction options: batch, concurrent batches, queue, stride "
                    + "and detect-every ≥ 1, margin ≥ 0, fps ≥ 0");
        }
        if (frameImages == null) {
            frameImages = FrameImages.NONE;
        }
    }

    /**
     * Batch 32 on the calling thread, a 64-frame queue, partial batches after 50 ms, no crop margin (CONTRACTS §4), the
     * main face only, no images, FFmpeg's and OpenCV's own thread counts (see {@link ThreadBudget}), tracking IoU
     * 0.3 for 15 missed frames, every face frame, detection on every frame.
     */
    public static ExtractionOptions defaults() {
        return new ExtractionOptions(
                DEFAULT_BATCH, 1, 64, 50, 0f, false, FrameImages.NONE, 0, 0, 0.0, 0.3f, 15, 1, 1, null);
    }

    public ExtractionOptions withBatchSize(int n) {
        return new ExtractionOptions(
                n,
                concurrentBatches,
                queueFrames,
                flushMillis,
                cropMargin,
                allFaces,
                frameImages,
                decoderThreads,
                detectorThreads,
                folderFps,
                iouThreshold,
                maxMissedFrames,
                stride,
                detectEvery,
                people);
    }

    public ExtractionOptions withConcurrentBatches(int n) {
        return new ExtractionOptions(
                batchSize,
                n,
                queueFrames,
                flushMillis,
                cropMargin,
                allFaces,
                frameImages,
                decoderThreads,
                detectorThreads,
                folderFps,
                iouThreshold,
                maxMissedFrames,
                stride,
                detectEvery,
                people);
    }

    public ExtractionOptions withQueueFrames(int frames) {
        return new ExtractionOptions(
                batchSize,
                concurrentBatches,
                frames,
                flushMillis,
                cropMargin,
                allFaces,
                frameImages,
                decoderThreads,
                detectorThreads,
                folderFps,
                iouThreshold,
                maxMissedFrames,
                stride,
                detectEvery,
                people);
    }

    public ExtractionOptions withFlushMillis(int ms) {
        return new ExtractionOptions(
                batchSize,
                concurrentBatches,
                queueFrames,
                ms,
                cropMargin,
                allFaces,
                frameImages,
                decoderThreads,
                detectorThreads,
                folderFps,
                iouThreshold,
                maxMissedFrames,
                stride,
                detectEvery,
                people);
    }

    public ExtractionOptions withCropMargin(float margin) {
        return new ExtractionOptions(
                batchSize,
                concurrentBatches,
                queueFrames,
                flushMillis,
                margin,
                allFaces,
                frameImages,
                decoderThreads,
                detectorThreads,
                folderFps,
                iouThreshold,
                maxMissedFrames,
                stride,
                detectEvery,
                people);
    }

    public ExtractionOptions withAllFaces(boolean on) {
        return new ExtractionOptions(
                batchSize,
                concurrentBatches,
                queueFrames,
                flushMillis,
                cropMargin,
                on,
                frameImages,
                decoderThreads,
                detectorThreads,
                folderFps,
                iouThreshold,
                maxMissedFrames,
                stride,
                detectEvery,
                people);
    }

    public ExtractionOptions withFrameImages(FrameImages images) {
        return new ExtractionOptions(
                batchSize,
                concurrentBatches,
                queueFrames,
                flushMillis,
                cropMargin,
                allFaces,
                images,
                decoderThreads,
                detectorThreads,
                folderFps,
                iouThreshold,
                maxMissedFrames,
                stride,
                detectEvery,
                people);
    }

    public ExtractionOptions withDecoderThreads(int n) {
        return new ExtractionOptions(
                batchSize,
                concurrentBatches,
                queueFrames,
                flushMillis,
                cropMargin,
                allFaces,
                frameImages,
                n,
                detectorThreads,
                folderFps,
                iouThreshold,
                maxMissedFrames,
                stride,
                detectEvery,
                people);
    }

    public ExtractionOptions withDetectorThreads(int n) {
        return new ExtractionOptions(
                batchSize,
                concurrentBatches,
                queueFrames,
                flushMillis,
                cropMargin,
                allFaces,
                frameImages,
                decoderThreads,
                n,
                folderFps,
                iouThreshold,
                maxMissedFrames,
                stride,
                detectEvery,
                people);
    }

    public ExtractionOptions withFolderFps(double fps) {
        return new ExtractionOptions(
                batchSize,
                concurrentBatches,
                queueFrames,
                flushMillis,
                cropMargin,
                allFaces,
                frameImages,
                decoderThreads,
                detectorThreads,
                fps,
                iouThreshold,
                maxMissedFrames,
                stride,
                detectEvery,
                people);
    }

    public ExtractionOptions withStride(int k) {
        return new ExtractionOptions(
                batchSize,
                concurrentBatches,
                queueFrames,
                flushMillis,
                cropMargin,
                allFaces,
                frameImages,
                decoderThreads,
                detectorThreads,
                folderFps,
                iouThreshold,
                maxMissedFrames,
                k,
                detectEvery,
                people);
    }

    public ExtractionOptions withDetectEvery(int k) {
        return new ExtractionOptions(
                batchSize,
                concurrentBatches,
                queueFrames,
                flushMillis,
                cropMargin,
                allFaces,
                frameImages,
                decoderThreads,
                detectorThreads,
                folderFps,
                iouThreshold,
                maxMissedFrames,
                stride,
                k,
                people);
    }

    public ExtractionOptions withPeople(io.fer4j.vision.people.PeopleTracking tracking) {
        return new ExtractionOptions(
                batchSize,
                concurrentBatches,
                queueFrames,
                flushMillis,
                cropMargin,
                allFaces,
                frameImages,
                decoderThreads,
                detectorThreads,
                folderFps,
                iouThreshold,
                maxMissedFrames,
                stride,
                detectEvery,
                tracking);
    }
}
