package io.fer4j.vision.people;

import io.fer4j.geometry.FaceBox;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every person in a video, online: detections → ByteTrack-style association → re-identification by face descriptor.
 * Engine-independent (boxes and a descriptor callback in, person ids out); one instance per video, not thread-safe.
 *
 * <p>Each frame:
 * <ol>
 *   <li>every live track predicts its box with a constant-velocity model (centre and size move by their smoothed
 *       per-frame change times the frames since last seen);</li>
 *   <li>high-confidence detections ({@code score ≥ highScore}) are matched to all live tracks by IoU with the
 *       prediction, greedily, highest IoU first, above {@code matchIou};</li>
 *   <li>low-confidence detections ({@code lowScore ≤ score < highScore}: a partly occluded face) are matched the
 *       same way to the tracks still unmatched, above {@code lowMatchIou} — they keep a track alive but never start
 *       one;</li>
 *   <li>an unmatched high-confidence detection starts a track; its descriptor is compared with the gallery of
 *       every person who has no live track in this frame, and the nearest below {@code reidDistance} (face-api.js's
 *       0.6 by default) gets the track: the person who left, was occluded past {@code maxLostFrames} or lost at a
 *       cut keeps their id;</li>
 *   <li>a new track that is not re-identified stays tentative until it has been matched {@code minTrackFrames}
 *       frames in a row; it is then described again, re-identified or given the next id. A tentative track that
 *       misses a frame is dropped and counted ({@link Summary#droppedTracks()}): a spurious detection never takes
 *       an id, so ids are 1, 2, 3… in order of first appearance (ties in the same frame: left to right).</li>
 * </ol>
 * Descriptors are computed when a track starts, is confirmed, or is found again after being lost, and every
 * {@code describeEveryFrames} frames for each confirmed track (to grow its person's gallery), never for every face of
 * every frame. With more than {@code maxPeople} detections in a frame only the largest faces are tracked (counted in
 * {@link Summary#facesOverMaxPeople()}), which bounds the work and memory on crowds.
 *
 * <p>Rows seen while a track was tentative carry person 0 in {@link #update}'s result; offline callers relabel them
 * with {@link Summary#personOfTrack()} once the video ends.
 */
public final class PeopleTracker {
    /** The descriptor of a face of the current frame, or null when it cannot be computed (empty crop). */
    @FunctionalInterface
    public interface Describer {
        float[] describe(FaceBox box);
    }

    /** One tracked face of a frame: {@code personId} 0 while its track is tentative. */
    public record PersonFace(int trackId, int personId, FaceBox box) {
    }

    /**
     * What happened over the video.
     *
     * @param personOfTrack      every confirmed track's person (tracks of one person that came back share it)
     * @param people             persons found (ids 1..people)
     * @param droppedTracks      tentative tracks dropped (seen fewer than {@code minTrackFrames} frames in a row)
     * @param droppedFaces       detections that belonged to dropped tracks
     * @param facesOverMaxPeople detections not tracked because the frame had more than {@code maxPeople}
     * @param descriptorCalls    descriptors computed
     */
    public record Summary(Map<Integer, Integer> personOfTrack, int people, int droppedTracks, int droppedFaces,
                          long facesOverMaxPeople, long descriptorCalls) {
        public Summary {
            personOfTrack = Map.copyOf(personOfTrack);
        }
    }

    private static final int GALLERY_PER_PERSON = 16;
    private static final double VELOCITY_SMOOTHING = 0.5;

    private final Builder config;
    private final List<Track> tracks = new ArrayList<>();
    private final Map<Integer, List<float[]>> gallery = new HashMap<>();
    private final Map<Integer, Integer> personOfTrack = new HashMap<>();
    private int nextTrackId = 1;
    private int nextPersonId = 1;
    private int droppedTracks;
    private int droppedFaces;
    private long facesOverMaxPeople;
    private long descriptorCalls;
    private int lastFrame = Integer.MIN_VALUE;

    private static final class Track {
        final int id;
        final int firstFrame;
        final float firstX;
        int personId;
        FaceBox box;
        int lastSeenFrame;
        int hits;
        int lastDescribedFrame;
        float[] lastDescriptor;
        // smoothed per-frame change of centre x, centre y, width, height
        double vx;
        double vy;
        double vw;
        double vh;

        Track(int id, FaceBox box, int frame) {
            this.id = id;
            this.firstFrame = frame;
            this.firstX = box.centerX();
            this.box = box;
            this.lastSeenFrame = frame;
            this.hits = 1;
            this.lastDescribedFrame = frame;
        }

        boolean confirmed() {
            return personId > 0;
        }

        FaceBox predicted(int frame) {
            int dt = frame - lastSeenFrame;
            double cx = box.centerX() + vx * dt;
            double cy = box.centerY() + vy * dt;
            double w = Math.max(1, box.width() + vw * dt);
            double h = Math.max(1, box.height() + vh * dt);
            return new FaceBox((float) (cx - w / 2), (float) (cy - h / 2), (float) w, (float) h, box.score());
        }

        void see(FaceBox next, int frame) {
            int dt = Math.max(1, frame - lastSeenFrame);
            double a = VELOCITY_SMOOTHING;
            vx = a * (next.centerX() - box.centerX()) / dt + (1 - a) * vx;
            vy = a * (next.centerY() - box.centerY()) / dt + (1 - a) * vy;
            vw = a * (next.width() - box.width()) / dt + (1 - a) * vw;
            vh = a * (next.height() - box.height()) / dt + (1 - a) * vh;
            box = next;
            hits = frame == lastSeenFrame + 1 ? hits + 1 : hits;
            lastSeenFrame = frame;
        }
    }

    private PeopleTracker(Builder config) {
        this.config = config.copy();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Tracks one frame.
     *
     * @param frameIndex frame number, increasing between calls (gaps allowed: frames without detection run)
     * @param detections this frame's faces with their detector confidence
     * @param describer  computes a descriptor of one of these faces when the tracker asks for it
     * @return the tracked faces of this frame, largest first
     */
    public List<PersonFace> update(int frameIndex, List<FaceBox> detections, Describer describer) {
        if (frameIndex <= lastFrame) {
            throw new IllegalArgumentException("frame " + frameIndex + " after frame " + lastFrame);
        }
        lastFrame = frameIndex;
        List<FaceBox> dets = new ArrayList<>();
        for (FaceBox d : detections) {
            if (d.score() >= config.lowScore && d.area() > 0) {
                dets.add(d);
            }
        }
        dets.sort(Comparator.comparingDouble((FaceBox b) -> -b.area()));
        if (dets.size() > config.maxPeople) {
            facesOverMaxPeople += dets.size() - config.maxPeople;
            dets = new ArrayList<>(dets.subList(0, config.maxPeople));
        }
        Track[] trackOfDet = new Track[dets.size()];
        List<Track> unmatched = new ArrayList<>(tracks);
        match(frameIndex, dets, trackOfDet, unmatched, true, config.matchIou);
        match(frameIndex, dets, trackOfDet, unmatched, false, config.lowMatchIou);

        List<Track> started = new ArrayList<>();
        for (int d = 0; d < dets.size(); d++) {
            Track t = trackOfDet[d];
            FaceBox box = dets.get(d);
            if (t != null) {
                boolean refound = frameIndex - t.lastSeenFrame > 1;
                t.see(box, frameIndex);
                if (refound && t.confirmed()) {
                    reidentify(t, describe(t, describer, frameIndex));
                }
            } else if (box.score() >= config.highScore) {
                t = new Track(nextTrackId++, box, frameIndex);
                tracks.add(t);
                started.add(t);
                trackOfDet[d] = t;
                reidentify(t, describe(t, describer, frameIndex));
            }
        }
        // tentative tracks that missed this frame are spurious; lost confirmed tracks die after maxLostFrames
        tracks.removeIf(t -> {
            if (!t.confirmed() && t.lastSeenFrame != frameIndex) {
                droppedTracks++;
                droppedFaces += t.hits;
                return true;
            }
            return frameIndex - t.lastSeenFrame > config.maxLostFrames;
        });
        confirmReady(frameIndex, describer);
        for (Track t : tracks) {
            if (t.confirmed() && t.lastSeenFrame == frameIndex
                    && frameIndex - t.lastDescribedFrame >= config.describeEveryFrames) {
                float[] d = describe(t, describer, frameIndex);
                if (d != null && distanceTo(t.personId, d) < config.reidDistance) {
                    remember(t.personId, d);
                }
            }
        }
        List<PersonFace> out = new ArrayList<>();
        for (Track t : trackOfDet) {
            if (t != null && tracks.contains(t)) {
                out.add(new PersonFace(t.id, t.personId, t.box));
            }
        }
        return out;
    }

    /** Greedy IoU matching of high- or low-confidence detections against the still unmatched tracks. */
    private void match(int frame, List<FaceBox> dets, Track[] trackOfDet, List<Track> unmatched, boolean high,
                       float minIou) {
        record Pair(Track track, int det, float iou) {
        }
        List<Pair> pairs = new ArrayList<>();
        for (Track t : unmatched) {
            FaceBox p = t.predicted(frame);
            for (int d = 0; d < dets.size(); d++) {
                boolean isHigh = dets.get(d).score() >= config.highScore;
                if (trackOfDet[d] == null && isHigh == high) {
                    float iou = p.iou(dets.get(d));
                    if (iou >= minIou) {
                        pairs.add(new Pair(t, d, iou));
                    }
                }
            }
        }
        pairs.sort(Comparator.comparingDouble((Pair p) -> -p.iou()).thenComparingInt(p -> p.track().id));
        for (Pair p : pairs) {
            if (trackOfDet[p.det()] == null && unmatched.contains(p.track())) {
                trackOfDet[p.det()] = p.track();
                unmatched.remove(p.track());
            }
        }
    }

    /** Tentative tracks seen {@code minTrackFrames} frames in a row get a person: a returning one or the next id. */
    private void confirmReady(int frame, Describer describer) {
        List<Track> ready = new ArrayList<>();
        for (Track t : tracks) {
            if (!t.confirmed() && t.hits >= config.minTrackFrames) {
                ready.add(t);
            }
        }
        ready.sort(Comparator.comparingInt((Track t) -> t.firstFrame).thenComparingDouble(t -> t.firstX));
        for (Track t : ready) {
            reidentify(t, describe(t, describer, frame));
            if (!t.confirmed() && t.hits >= config.minTrackFrames) {
                t.personId = nextPersonId++;
                personOfTrack.put(t.id, t.personId);
                float[] d = t.lastDescriptor;
                if (d != null) {
                    remember(t.personId, d);
                }
            }
        }
    }

    /**
     * Gives {@code t} the nearest person (below {@code reidDistance}) among those without another live track, when
     * that is not already its person. A tentative track found to be a known person is confirmed at once; a
     * confirmed one whose face no longer matches its person but matches another (ids swapped in an occlusion)
     * moves to that person.
     */
    private void reidentify(Track t, float[] descriptor) {
        if (descriptor == null) {
            return;
        }
        if (t.confirmed() && distanceTo(t.personId, descriptor) < config.reidDistance) {
            remember(t.personId, descriptor);
            return;
        }
        int best = 0;
        double bestDistance = config.reidDistance;
        for (Map.Entry<Integer, List<float[]>> e : gallery.entrySet()) {
            int person = e.getKey();
            if (person == t.personId || hasLiveTrack(person, t)) {
                continue;
            }
            double d = distanceTo(person, descriptor);
            if (d < bestDistance) {
                bestDistance = d;
                best = person;
            }
        }
        if (best > 0) {
            int person = best;
            tracks.removeIf(o -> o != t && o.personId == person); // its lost track, if still kept, is this one now
            t.personId = person;
            personOfTrack.put(t.id, person);
            remember(person, descriptor);
        }
    }

    /** Whether a track other than {@code except} of this person was seen in the current frame. */
    private boolean hasLiveTrack(int person, Track except) {
        for (Track o : tracks) {
            if (o != except && o.personId == person && o.lastSeenFrame == lastFrame) {
                return true;
            }
        }
        return false;
    }

    private float[] describe(Track t, Describer describer, int frame) {
        descriptorCalls++;
        t.lastDescribedFrame = frame;
        float[] d = describer.describe(t.box);
        t.lastDescriptor = d;
        return d;
    }

    private double distanceTo(int person, float[] descriptor) {
        double best = Double.MAX_VALUE;
        for (float[] g : gallery.getOrDefault(person, List.of())) {
            best = Math.min(best, FaceDescriptor.distance(g, descriptor));
        }
        return best;
    }

    private void remember(int person, float[] descriptor) {
        List<float[]> g = gallery.computeIfAbsent(person, p -> new ArrayList<>());
        if (g.size() == GALLERY_PER_PERSON) {
            g.remove(1); // keep the first view and the most recent ones
        }
        g.add(descriptor.clone());
    }

    /** The counts and the track → person map so far (call after the last frame for the final one). */
    public Summary summary() {
        int pendingFaces = 0;
        int pendingTracks = 0;
        for (Track t : tracks) {
            if (!t.confirmed()) {
                pendingTracks++;
                pendingFaces += t.hits;
            }
        }
        return new Summary(personOfTrack, nextPersonId - 1, droppedTracks + pendingTracks,
                droppedFaces + pendingFaces, facesOverMaxPeople, descriptorCalls);
    }

    /** Settings; every value has a documented default. */
    public static final class Builder {
        private float highScore = 0.6f;
        private float lowScore = 0.1f;
        private float matchIou = 0.3f;
        private float lowMatchIou = 0.5f;
        private int maxLostFrames = 30;
        private int minTrackFrames = 5;
        private double reidDistance = FaceDescriptor.MATCH_DISTANCE;
        private int describeEveryFrames = 15;
        private int maxPeople = 16;

        private Builder() {
        }

        /** Detections at or above start tracks and are matched first (default 0.6). */
        public Builder highScore(float score) {
            this.highScore = score;
            return this;
        }

        /** Detections below are ignored; between this and {@link #highScore} they only keep tracks alive (0.1). */
        public Builder lowScore(float score) {
            this.lowScore = score;
            return this;
        }

        /** Least IoU between a track's predicted box and a high-confidence detection (0.3). */
        public Builder matchIou(float iou) {
            this.matchIou = iou;
            return this;
        }

        /** Least IoU for a low-confidence detection (0.5: a partial face must sit where the person is expected). */
        public Builder lowMatchIou(float iou) {
            this.lowMatchIou = iou;
            return this;
        }

        /** Frames a confirmed track is predicted without a detection before only re-identification can find it (30). */
        public Builder maxLostFrames(int frames) {
            this.maxLostFrames = frames;
            return this;
        }

        /** Frames in a row a new track needs to become a person (5); shorter tracks are dropped and counted. */
        public Builder minTrackFrames(int frames) {
            this.minTrackFrames = frames;
            return this;
        }

        /** Descriptor distance below which a face is a known person (face-api.js's 0.6). */
        public Builder reidDistance(double distance) {
            this.reidDistance = distance;
            return this;
        }

        /** A confirmed track's face is described again every this many frames (15). */
        public Builder describeEveryFrames(int frames) {
            this.describeEveryFrames = frames;
            return this;
        }

        /** At most this many faces per frame are tracked, the largest (16). */
        public Builder maxPeople(int people) {
            this.maxPeople = people;
            return this;
        }

        public PeopleTracker build() {
            if (!(lowScore >= 0 && lowScore <= highScore) || !(matchIou > 0 && matchIou <= 1)
                    || !(lowMatchIou > 0 && lowMatchIou <= 1)) {
                throw new IllegalArgumentException("need 0 <= lowScore <= highScore and IoU thresholds in (0, 1]");
            }
            if (maxLostFrames < 0 || minTrackFrames < 1 || describeEveryFrames < 1 || maxPeople < 1
                    || !(reidDistance > 0)) {
                throw new IllegalArgumentException("need maxLostFrames >= 0, minTrackFrames >= 1, "
                        + "describeEveryFrames >= 1, maxPeople >= 1 and reidDistance > 0");
            }
            return new PeopleTracker(this);
        }

        private Builder copy() {
            Builder b = new Builder();
            b.highScore = highScore;
            b.lowScore = lowScore;
            b.matchIou = matchIou;
            b.lowMatchIou = lowMatchIou;
            b.maxLostFrames = maxLostFrames;
            b.minTrackFrames = minTrackFrames;
            b.reidDistance = reidDistance;
            b.describeEveryFrames = describeEveryFrames;
            b.maxPeople = maxPeople;
            return b;
        }
    }
}
