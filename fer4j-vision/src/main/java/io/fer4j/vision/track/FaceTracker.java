package io.fer4j.vision.track;

import io.fer4j.geometry.FaceBox;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Follows faces across frames by box overlap (greedy IoU matching, highest IoU first) so that a person keeps one id,
 * and picks the main face: the largest face when tracking starts, then the same person for as long as their track
 * lives — a bigger face walking in does not take over, and a missed detection gives an absent frame rather than
 * someone else's face — unless every face of the frame is new (a scene cut), then the largest takes over at once.
 * A track survives up to {@code maxMissedFrames} consecutive frames without a match (it can
 * match again in the frame after them) and dies after that. Not thread-safe.
 */
public final class FaceTracker {
    public static final float DEFAULT_IOU_THRESHOLD = 0.3f;
    public static final int DEFAULT_MAX_MISSED_FRAMES = 15;

    private static final class Track {
        final int id;
        FaceBox box;
        int lastFrame;

        Track(int id, FaceBox box, int lastFrame) {
            this.id = id;
            this.box = box;
            this.lastFrame = lastFrame;
        }
    }

    private final float iouThreshold;
    private final int maxMissedFrames;
    private final List<Track> tracks = new ArrayList<>();
    private int nextId = 1;
    private int mainTrackId = -1;
    private boolean allNewLastUpdate;

    public FaceTracker(float iouThreshold, int maxMissedFrames) {
        if (!(iouThreshold > 0 && iouThreshold <= 1) || maxMissedFrames < 0) {
            throw new IllegalArgumentException("need 0 < iouThreshold <= 1 and maxMissedFrames >= 0");
        }
        this.iouThreshold = iouThreshold;
        this.maxMissedFrames = maxMissedFrames;
    }

    public FaceTracker() {
        this(DEFAULT_IOU_THRESHOLD, DEFAULT_MAX_MISSED_FRAMES);
    }

    /**
     * Assigns this frame's detections to tracks (new tracks for unmatched ones).
     *
     * @param frameIndex 1-based, increasing between calls
     * @return every detection with its track id, largest face first
     */
    public List<TrackedFace> update(int frameIndex, List<FaceBox> detections) {
        tracks.removeIf(t -> frameIndex - t.lastFrame > maxMissedFrames + 1);
        record Pair(int track, int det, float iou) {}
        List<Pair> pairs = new ArrayList<>();
        for (int t = 0; t < tracks.size(); t++) {
            for (int d = 0; d < detections.size(); d++) {
                float iou = tracks.get(t).box.iou(detections.get(d));
                if (iou >= iouThreshold) {
                    pairs.add(new Pair(t, d, iou));
                }
            }
        }
        pairs.sort(Comparator.comparingDouble((Pair p) -> -p.iou()));
        int[] trackOfDet = new int[detections.size()];
        java.util.Arrays.fill(trackOfDet, -1);
        boolean[] trackUsed = new boolean[tracks.size()];
        for (Pair p : pairs) {
            if (!trackUsed[p.track()] && trackOfDet[p.det()] < 0) {
                trackUsed[p.track()] = true;
                trackOfDet[p.det()] = p.track();
            }
        }
        List<TrackedFace> out = new ArrayList<>(detections.size());
        boolean anyMatched = false;
        for (int d = 0; d < detections.size(); d++) {
            anyMatched |= trackOfDet[d] >= 0;
        }
        allNewLastUpdate = !detections.isEmpty() && !anyMatched;
        for (int d = 0; d < detections.size(); d++) {
            FaceBox box = detections.get(d);
            Track t;
            if (trackOfDet[d] >= 0) {
                t = tracks.get(trackOfDet[d]);
                t.box = box;
                t.lastFrame = frameIndex;
            } else {
                t = new Track(nextId++, box, frameIndex);
                tracks.add(t);
            }
            out.add(new TrackedFace(t.id, box));
        }
        out.sort(Comparator.comparingDouble((TrackedFace f) -> -f.box().area()));
        return out;
    }

    /**
     * The main face among this frame's tracked faces (from {@link #update}), or null when the main person is not
     * detected in this frame. When the main person's track has died, the largest face becomes the main one.
     */
    public TrackedFace mainFace(List<TrackedFace> faces) {
        for (TrackedFace f : faces) {
            if (f.trackId() == mainTrackId) {
                return f;
            }
        }
        boolean mainAlive = tracks.stream().anyMatch(t -> t.id == mainTrackId);
        // Every face of this frame is new (none continues a track): a scene cut, not a missed detection of the main
        // person among people we know — waiting for the old track to die would only lose frames.
        if ((mainAlive && !allNewLastUpdate) || faces.isEmpty()) {
            return null;
        }
        TrackedFace largest = faces.get(0); // update() sorts largest first
        for (TrackedFace f : faces) {
            if (f.box().area() > largest.box().area()) {
                largest = f;
            }
        }
        mainTrackId = largest.trackId();
        return largest;
    }
}
