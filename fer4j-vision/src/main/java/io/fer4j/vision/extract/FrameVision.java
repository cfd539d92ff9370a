package io.fer4j.vision.extract;

import io.fer4j.geometry.FaceBox;
import io.fer4j.vision.backbone.FacePreprocessor;
import io.fer4j.vision.crop.FaceCrops;
import io.fer4j.vision.crop.FaceThumbnails;
import io.fer4j.vision.decode.DecodedFrame;
import io.fer4j.vision.detect.DetectionSchedule;
import io.fer4j.vision.detect.FaceDetector;
import io.fer4j.vision.detect.SceneChange;
import io.fer4j.vision.people.FaceDescriptor;
import io.fer4j.vision.people.PeopleTracker;
import io.fer4j.vision.track.FaceTracker;
import io.fer4j.vision.track.TrackedFace;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

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
    private final PeopleTracker people; // people mode, else null
    private final Supplier<FaceDescriptor> descriptor;
    private final SceneChange scene; // people mode: cuts make the tracker check identities
    private final Map<Integer, Integer> framesOfTrack = new HashMap<>(); // people mode: for thumbnail sampling
    private long trackingNanos;
    private long descriptorNanos;
    private int faceFrames; // frames with a face so far (for the stride)

    /**
     * @param detector       the thread's detector, created on first use (never called for face-image folders)
     * @param descriptor     the thread's face descriptor, opened on first use (people mode only)
     * @param framesAreFaces the source's frames are face crops already (face-image folders): no detection
     */
    FrameVision(
            BatchEmbedder embedder,
            ExtractionOptions options,
            Supplier<FaceDetector> detector,
            Supplier<FaceDescriptor> descriptor,
            FrameImagePool pool,
            boolean framesAreFaces) {
        this.embedder = embedder;
        this.options = options;
        this.detector = detector;
        this.pool = pool;
        this.framesAreFaces = framesAreFaces;
        this.tracker = new FaceTracker(options.iouThreshold(), options.maxMissedFrames());
        this.schedule = new DetectionSchedule(options.detectEvery());
        this.people = options.people() == null || framesAreFaces
                ? null
                : options.people().newTracker();
        this.descriptor = descriptor;
        this.scene = people == null ? null : new SceneChange();
    }

    PipelineMessage.Frame process(DecodedFrame frame) {
        Mat bgr = frame.bgr();
        List<Chosen> chosenFaces = new ArrayList<>(1);
        List<PersonInFrame> persons = List.of();
        if (framesAreFaces) {
            chosenFaces.add(new Chosen(
                    1,
                    new FaceBox(0, 0, bgr.cols(), bgr.rows(), 1f),
                    new FaceCrops.PixelBox(0, 0, bgr.cols(), bgr.rows())));
        } else if (people != null) {
            persons = trackPeople(frame, chosenFaces);
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
        return new PipelineMessage.Frame(frame.frameIndex(), frame.timeSeconds(), faces, thumbnail, image, persons);
    }

    /** People mode: every person of the frame, largest face first; their crops are added to {@code chosen}. */
    private List<PersonInFrame> trackPeople(DecodedFrame frame, List<Chosen> chosen) {
        Mat bgr = frame.bgr();
        List<FaceBox> boxes = schedule.boxes(detector.get(), bgr);
        if (scene.cutFromPrevious(bgr)) {
            people.sceneCut();
        }
        long describedBefore = descriptorNanos;
        long t0 = System.nanoTime();
        List<PeopleTracker.PersonFace> tracked = people.update(frame.frameIndex(), boxes, box -> describe(bgr, box));
        trackingNanos += System.nanoTime() - t0 - (descriptorNanos - describedBefore);
        List<PersonInFrame> persons = new ArrayList<>(tracked.size());
        boolean thumbnails = options.frameImages().thumbnails();
        for (PeopleTracker.PersonFace t : tracked) {
            FaceCrops.PixelBox px = FaceCrops.bounds(t.box(), options.cropMargin(), bgr.cols(), bgr.rows());
            if (px.isEmpty()) {
                continue;
            }
            chosen.add(new Chosen(t.trackId(), t.box(), px));
            int seen = framesOfTrack.merge(t.trackId(), 1, Integer::sum);
            BufferedImage thumb = thumbnails && (seen - 1) % PersonInFrame.THUMBNAIL_EVERY_FRAMES == 0
                    ? FaceThumbnails.crop(bgr, t.box(), FaceThumbnails.SIZE_PIXELS)
                    : null;
            persons.add(new PersonInFrame(t.trackId(), t.personId(), t.box(), thumb));
        }
        return persons;
    }

    /** The descriptor of one face: the detector's box without margin, the crop the tracker's threshold was set on. */
    private float[] describe(Mat bgr, FaceBox box) {
        FaceCrops.PixelBox p = FaceCrops.bounds(box, 0f, bgr.cols(), bgr.rows());
        if (p.isEmpty()) {
            return null;
        }
        long t0 = System.nanoTime();
        try (Rect rect = new Rect(p.x0(), p.y0(), p.width(), p.height())) {
            return descriptor.get().describe(bgr, rect, FacePreprocessor.ChannelOrder.BGR);
        } finally {
            descriptorNanos += System.nanoTime() - t0;
        }
    }

    /** What people mode found so far (call after the last frame), or null outside people mode. */
    TrackedPeople trackedPeople() {
        return people == null ? null : new TrackedPeople(people.summary(), trackingNanos, descriptorNanos);
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
        if (scene != null) {
            scene.close();
        }
    }
}
