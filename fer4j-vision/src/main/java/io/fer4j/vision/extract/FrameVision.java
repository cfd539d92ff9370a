package io.fer4j.vision.extract;

import io.fer4j.geometry.FaceBox;
import io.fer4j.vision.crop.FaceCrops;
import io.fer4j.vision.crop.FaceThumbnails;
import io.fer4j.vision.decode.DecodedFrame;
import io.fer4j.vision.detect.DetectionSchedule;
import io.fer4j.vision.detect.FaceDetector;
import io.fer4j.vision.track.FaceTracker;
import io.fer4j.vision.track.TrackedFace;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The decode thread's work on each frame of one video: detect (on the {@link DetectionSchedule}) → track → choose
 * the faces → crop → preprocess for the backbone, applying the stride, plus the images the consumer asked for.
 * One per video, used by one thread.
 */
final class FrameVision implements AutoCloseable {
    private final BatchEmbedder embedder;
    private final ExtractionOptions options;
    private final Supplier<FaceDetector> detector;
    private final FrameImagePool pool;
    private final boolean framesAreFaces;
    private final FaceTracker tracker;
    private final DetectionSchedule schedule;
    private int faceFrames; // frames with a face so far (for the stride)

    /**
     * @param detector       the thread's detector, created on first use (never called for face-image folders)
     * @param framesAreFaces the source's frames are face crops already (face-image folders): no detection
     */
    FrameVision(
            BatchEmbedder embedder,
            ExtractionOptions options,
            Supplier<FaceDetector> detector,
            FrameImagePool pool,
            boolean framesAreFaces) {
        this.embedder = embedder;
        this.options = options;
        this.detector = detector;
        this.pool = pool;
        this.framesAreFaces = framesAreFaces;
        this.tracker = new FaceTracker(options.iouThreshold(), options.maxMissedFrames());
        this.schedule = new DetectionSchedule(options.detectEvery());
    }

    PipelineMessage.Frame process(DecodedFrame frame) {
        Mat bgr = frame.bgr();
        List<Chosen> chosenFaces = new ArrayList<>(1);
        if (framesAreFaces) {
            chosenFaces.add(new Chosen(
                    1,
                    new FaceBox(0, 0, bgr.cols(), bgr.rows(), 1f),
                    new FaceCrops.PixelBox(0, 0, bgr.cols(), bgr.rows())));
        } else {
            List<TrackedFace> tracked = tracker.update(frame.frameIndex(), schedule.boxes(detector.get(), bgr));
            List<TrackedFace> chosen;
            if (options.allFaces()) {
                chosen = tracked;
            } else {
                TrackedFace main = tracker.mainFace(tracked);
                chosen = main == null ? List.of() : List.of(main);
            }
            for (TrackedFace t : chosen) {
                FaceCrops.PixelBox px = FaceCrops.bounds(t.box(), options.cropMargin(), bgr.cols(), bgr.rows());
                if (!px.isEmpty()) {
                    chosenFaces.add(new Chosen(t.trackId(), t.box(), px));
                }
            }
        }
        List<PendingFace> faces = new ArrayList<>(chosenFaces.size());
        // the tracker saw every frame; only every stride-th face frame pays for preprocessing and the backbone
        if (!chosenFaces.isEmpty() && sampled()) {
            for (Chosen c : chosenFaces) {
                faces.add(new PendingFace(c.trackId(), c.box(), embedder.preprocess(bgr, c.pixels())));
            }
        }
        BufferedImage thumbnail = options.frameImages().thumbnails() && !faces.isEmpty()
                ? FaceThumbnails.crop(bgr, faces.get(0).box, FaceThumbnails.SIZE_PIXELS)
                : null;
        Mat image = options.frameImages().fullFrames() ? pool.copyOf(bgr) : null;
        return new PipelineMessage.Frame(frame.frameIndex(), frame.timeSeconds(), faces, thumbnail, image);
    }

    /** A face kept for this frame: its track, its box and the pixels the backbone's crop is cut from. */
    private record Chosen(int trackId, FaceBox box, FaceCrops.PixelBox pixels) {}

    /** Counts a frame with a face; true when it is one the backbone runs on (frames 1, 1+K, 1+2K, ...). */
    private boolean sampled() {
        return faceFrames++ % options.stride() == 0;
    }

    @Override
    public void close() {
        schedule.close();
    }
}
