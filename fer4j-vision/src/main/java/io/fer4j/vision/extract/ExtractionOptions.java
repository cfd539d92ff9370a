package io.fer4j.vision.extract;

/**
 * Pipeline settings.
 *
 * @param batchSize         faces per backbone call
 * @param queueFrames       bound of the queue between the decode/detect thread and the inference thread (frames)
 * @param flushMillis       a partial batch runs when no new frame arrived for this long (latency bound for streams)
 * @param cropMargin        margin around the box as a fraction of its size (DESIGN §4: default 0)
 * @param allFaces          embed every tracked face instead of the main one
 * @param keepFrameImages   hand each frame's image to the consumer ({@link FrameResult#image()})
 * @param decoderThreads    FFmpeg decoder threads (0 = FFmpeg's choice)
 * @param folderFps         frame rate recorded for face-image folders (0 = unknown: meta.json fps 0, times NaN)
 * @param iouThreshold      tracking: minimum IoU to continue a track
 * @param maxMissedFrames   tracking: frames a track survives without a detection
 */
public record ExtractionOptions(int batchSize, int queueFrames, int flushMillis, float cropMargin, boolean allFaces,
                                boolean keepFrameImages, int decoderThreads, double folderFps, float iouThreshold,
                                int maxMissedFrames) {
    public static final int DEFAULT_BATCH = 32;

    public ExtractionOptions {
        if (batchSize < 1 || queueFrames < 1 || flushMillis < 0 || !(cropMargin >= 0) || decoderThreads < 0
                || !(folderFps >= 0)) {
            throw new IllegalArgumentException("invalid extraction options: batch and queue ≥ 1, margin ≥ 0, fps ≥ 0");
        }
    }

    public static ExtractionOptions defaults() {
        return new ExtractionOptions(DEFAULT_BATCH, 64, 50, 0f, false, false, 0, 0.0, 0.3f, 15);
    }

    public ExtractionOptions withBatchSize(int n) {
        return new ExtractionOptions(n, queueFrames, flushMillis, cropMargin, allFaces, keepFrameImages, decoderThreads,
                folderFps, iouThreshold, maxMissedFrames);
    }

    public ExtractionOptions withAllFaces(boolean on) {
        return new ExtractionOptions(batchSize, queueFrames, flushMillis, cropMargin, on, keepFrameImages, decoderThreads,
                folderFps, iouThreshold, maxMissedFrames);
    }

    public ExtractionOptions withKeepFrameImages(boolean on) {
        return new ExtractionOptions(batchSize, queueFrames, flushMillis, cropMargin, allFaces, on, decoderThreads,
                folderFps, iouThreshold, maxMissedFrames);
    }

    public ExtractionOptions withCropMargin(float margin) {
        return new ExtractionOptions(batchSize, queueFrames, flushMillis, margin, allFaces, keepFrameImages,
                decoderThreads, folderFps, iouThreshold, maxMissedFrames);
    }

    public ExtractionOptions withDecoderThreads(int n) {
        return new ExtractionOptions(batchSize, queueFrames, flushMillis, cropMargin, allFaces, keepFrameImages, n,
                folderFps, iouThreshold, maxMissedFrames);
    }

    public ExtractionOptions withFlushMillis(int ms) {
        return new ExtractionOptions(batchSize, queueFrames, ms, cropMargin, allFaces, keepFrameImages, decoderThreads,
                folderFps, iouThreshold, maxMissedFrames);
    }

    public ExtractionOptions withFolderFps(double fps) {
        return new ExtractionOptions(batchSize, queueFrames, flushMillis, cropMargin, allFaces, keepFrameImages,
                decoderThreads, fps, iouThreshold, maxMissedFrames);
    }
}
