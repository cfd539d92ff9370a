package io.fer4j.vision.extract;

import io.fer4j.vision.crop.FaceCrops;
import io.fer4j.vision.crop.FaceThumbnails;
import io.fer4j.vision.decode.DecodedFrame;
import io.fer4j.vision.detect.DetectionSchedule;
import io.fer4j.geometry.FaceBox;
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
    FrameVision(BatchEmbedder embedder, ExtractionOptions options, Supplier<FaceDetector> detector,
                FrameImagePool pool, boolean framesAreFaces) {
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
        List<FaceBox> boxes = new ArrayList<>(1);
        List<FaceCrops.PixelBox> pixels = new ArrayList<>(1);
        List<Integer> trackIds = new ArrayList<>(1);
        if (framesAreFaces) {
            boxes.add(new FaceBox(0, 0, bgr.cols(), bgr.rows(), 1f));
            pixels.add(new FaceCrops.PixelBox(0, 0, bgr.cols(), bgr.rows()));
            trackIds.add(1);
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
                    boxes.add(t.box());
                    pixels.add(px);
                    trackIds.add(t.trackId());
                }
            }
        }
        List<PendingFace> faces = new ArrayList<>(boxes.size());
        // the tracker saw every frame; only every stride-th face frame pays for preprocessing and the backbone
        if (!boxes.isEmpty() && sampled()) {
            for (int i = 0; i < boxes.size(); i++) {
                faces.add(new PendingFace(trackIds.get(i), boxes.get(i), embedder.preprocess(bgr, pixels.get(i))));
            }
        }
        BufferedImage thumbnail = options.frameImages().thumbnails() && !faces.isEmpty()
                ? FaceThumbnails.crop(bgr, faces.get(0).box, FaceThumbnails.SIZE_PIXELS) : null;
        Mat image = options.frameImages().fullFrames() ? pool.copyOf(bgr) : null;
        return new PipelineMessage.Frame(frame.frameIndex(), frame.timeSeconds(), faces, thumbnail, image);
    }

    /** Counts a frame with a face; true when it is one the backbone runs on (frames 1, 1+K, 1+2K, ...). */
    private boolean sampled() {
        return faceFrames++ % options.stride() == 0;
    }

    @Override
    public void close() {
        schedule.close();
    }
}
