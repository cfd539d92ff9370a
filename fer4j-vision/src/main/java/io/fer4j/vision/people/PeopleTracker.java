package io.fer4j.vision.people;

import io.fer4j.geometry.FaceBox;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 *   <li>a confirmed track matched again after a gap is described: if the face is not its person's (someone else
 *       walked into its predicted place) the match is undone, unless it is another absent person's (two people
 *       swapped places while one hid the other), who then gets the track;</li>
 *   <li>an unmatched high-confidence detection starts a tentative track (described at once). Once it has been
 *       matched {@code minTrackFrames} frames in a row it is described again and compared with the gallery of every
 *       person who has no live track in this frame: the nearest below {@code reidDistance} (face-api.js's 0.6 by
 *       default) gets the track — the person who left, was occluded past {@code maxLostFrames} or lost at a cut keeps
 *       their id — otherwise it gets the next id. A tentative track that misses a frame is dropped and counted
 *       ({@link Summary#droppedTracks()}): a spurious detection never takes an id, not even one that looks like an
 *       absent person, so ids are 1, 2, 3… in order of first appearance (ties in the same frame: left to right).</li>
 * </ol>
 * Descriptors are computed when a track starts, is confirmed, or is found again after a gap, and every
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
    public record PersonFace(int trackId, int personId, FaceBox box) {}

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
    public record Summary(
            Map<Integer, Integer> personOfTrack,
            int people,
            int droppedTracks,
            int droppedFaces,
            long facesOverMaxPeople,
            long descriptorCalls) {
        public Summary {
            personOfTrack = Map.copyOf(personOfTrack);
        }
    }

    /**
     * Re-identification is stricter than face-api.js's 0.6 matching: joining two people mixes their timelines, which
     * is worse than a returning person getting a new id. Measured: at 0.6 (and 0.5) the surprised.jpg woman of
     * samples/faces.mp4 joined a faces.jpg woman 69 px wide at a mean distance of 0.48 (docs/people.md).
     */
    public static final double DEFAULT_REID_DISTANCE = 0.45;

    private static final int GALLERY_PER_PERSON = 16;
    private static final double VELOCITY_SMOOTHING = 0.5;

    private final Builder config;
    private final List<Track> tracks = new ArrayList<>();
    private final Map<Integer, List<float[]>> gallery = new HashMap<>();
    private final Map<Integer, Integer> personOfTrack = new HashMap<>();
    // tracks matched or started in the current frame: their persons are not available for re-identification
    private final Set<Track> live = Collections.newSetFromMap(new IdentityHashMap<>());
    private int nextTrackId = 1;
    private int nextPersonId = 1;
    private int droppedTracks;
    private int droppedFaces;
    private long facesOverMaxPeople;
    private long descriptorCalls;
    private int lastFrame = Integer.MIN_VALUE;
    private boolean cutBeforeNextFrame;

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
        boolean cut = cutBeforeNextFrame;
        cutBeforeNextFrame = false;
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

        live.clear();
        for (Track t : trackOfDet) {
            if (t != null) {
                live.add(t);
            }
        }
        // a confirmed track found again after a gap must still look like its person: someone else may have walked
        // into its predicted place (then the match is undone and the detection may match another track or start
        // its own), or two people swapped places while one hid the other (then the track moves to the absent person
        // it looks like)
        Set<Track> checked = Collections.newSetFromMap(new IdentityHashMap<>());
        boolean undone = true;
        while (undone) {
            undone = false;
            for (int d = 0; d < dets.size(); d++) {
                Track t = trackOfDet[d];
                // seen in the previous frame and no cut between: the same face, nothing to check
                if (t == null || !t.confirmed() || (frameIndex - t.lastSeenFrame <= 1 && !cut) || !checked.add(t)) {
                    continue;
                }
                float[] descriptor = describe(t, dets.get(d), describer, frameIndex);
                if (descriptor != null && distanceTo(t.personId, descriptor) >= config.verifyDistance) {
                    int other = nearestAbsentPerson(descriptor, t);
                    if (other > 0) {
                        trackOfDet[d] = handOver(t, other, dets.get(d), frameIndex, descriptor);
                    } else {
                        trackOfDet[d] = null;
                        live.remove(t);
                        undone = true;
                    }
                } else if (descriptor != null) {
                    remember(t.personId, descriptor);
                }
            }
            if (undone) { // the freed detections may belong to another track (never to one undone this frame)
                List<Track> rest = new ArrayList<>();
                for (Track t : tracks) {
                    if (!live.contains(t) && !checked.contains(t)) {
                        rest.add(t);
                    }
                }
                match(frameIndex, dets, trackOfDet, rest, true, config.matchIou);
                match(frameIndex, dets, trackOfDet, rest, false, config.lowMatchIou);
                for (Track t : trackOfDet) {
                    if (t != null) {
                        live.add(t);
                    }
                }
            }
        }
        for (int d = 0; d < dets.size(); d++) {
            Track t = trackOfDet[d];
            FaceBox box = dets.get(d);
            if (t != null) {
                t.see(box, frameIndex);
            } else if (box.score() >= config.highScore) {
                t = new Track(nextTrackId++, box, frameIndex);
                tracks.add(t);
                live.add(t);
                trackOfDet[d] = t;
                describe(t, box, describer, frameIndex); // kept for the re-identification at confirmation
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
            if (t.confirmed()
                    && t.lastSeenFrame == frameIndex
                    && frameIndex - t.lastDescribedFrame >= config.describeEveryFrames) {
                float[] d = describe(t, t.box, describer, frameIndex);
                if (d != null && distanceTo(t.personId, d) < config.verifyDistance) {
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
    private void match(
            int frame, List<FaceBox> dets, Track[] trackOfDet, List<Track> unmatched, boolean high, float minIou) {
        record Pair(Track track, int det, float iou) {}
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
        // ties (a lost track predicted where a live one is): the track seen most recently, then the older track
        pairs.sort(Comparator.comparingDouble((Pair p) -> -p.iou())
                .thenComparingInt(p -> -p.track().lastSeenFrame)
                .thenComparingInt(p -> p.track().id));
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
            float[] atStart = t.lastDescriptor;
            float[] now = describe(t, t.box, describer, frame);
            int person = now == null ? 0 : nearestAbsentPerson(now, t);
            if (person == 0 && atStart != null) {
                person = nearestAbsentPerson(atStart, t);
            }
            if (person > 0) {
                assign(t, person, now != null ? now : atStart);
            } else {
                t.personId = nextPersonId++;
                personOfTrack.put(t.id, t.personId);
                if (now != null) {
                    remember(t.personId, now);
                }
            }
        }
    }

    /**
     * The person nearest to {@code descriptor} (below {@code reidDistance}) among those without a live track in this
     * frame other than {@code except}, and other than {@code except}'s own person; 0 when none.
     */
    private int nearestAbsentPerson(float[] descriptor, Track except) {
        int best = 0;
        double bestDistance = config.reidDistance;
        for (Integer person : gallery.keySet()) {
            if (person == except.personId || hasLiveTrack(person, except)) {
                continue;
            }
            double d = distanceTo(person, descriptor);
            if (d < bestDistance) {
                bestDistance = d;
                best = person;
            }
        }
        return best;
    }

    /**
     * A lost track of one person was matched to a face of another absent person: the track ends (a track id always
     * stands for one person, so rows already written keep theirs) and a new track of {@code person} continues from
     * it with this face.
     */
    private Track handOver(Track lost, int person, FaceBox box, int frame, float[] descriptor) {
        Track next = new Track(nextTrackId++, box, frame);
        next.vx = lost.vx;
        next.vy = lost.vy;
        next.vw = lost.vw;
        next.vh = lost.vh;
        next.lastDescriptor = descriptor;
        tracks.remove(lost);
        live.remove(lost);
        tracks.add(next);
        live.add(next);
        assign(next, person, descriptor);
        return next;
    }

    /** {@code t} is {@code person} from now on; a lost track of that person, if still kept, is this one now. */
    private void assign(Track t, int person, float[] descriptor) {
        tracks.removeIf(o -> o != t && o.personId == person);
        t.personId = person;
        personOfTrack.put(t.id, person);
        if (descriptor != null) {
            remember(person, descriptor);
        }
    }

    /** Whether a track other than {@code except} of this person is live (matched or started) in this frame. */
    private boolean hasLiveTrack(int person, Track except) {
        for (Track o : live) {
            if (o != except && o.personId == person) {
                return true;
            }
        }
        return false;
    }

    private float[] describe(Track t, FaceBox box, Describer describer, int frame) {
        descriptorCalls++;
        t.lastDescribedFrame = frame;
        float[] d = describer.describe(box);
        t.lastDescriptor = d;
        return d;
    }

    /**
     * The mean distance to the person's descriptors, as face-api.js's {@code FaceMatcher} ({@code
     * computeMeanDistance}): unlike the nearest one, one unlucky view of a look-alike does not merge two people.
     */
    private double distanceTo(int person, float[] descriptor) {
        List<float[]> views = gallery.getOrDefault(person, List.of());
        if (views.isEmpty()) {
            return Double.MAX_VALUE;
        }
        double sum = 0;
        for (float[] g : views) {
            sum += FaceDescriptor.distance(g, descriptor);
        }
        return sum / views.size();
    }

    private void remember(int person, float[] descriptor) {
        List<float[]> g = gallery.computeIfAbsent(person, p -> new ArrayList<>());
        if (g.size() == GALLERY_PER_PERSON) {
            g.remove(1); // keep the first view and the most recent ones
        }
        g.add(descriptor.clone());
    }

    /**
     * The next frame follows a scene cut: a face matched by position there is checked against its person's
     * descriptors, as after a gap — across a cut, someone else may stand where a person stood.
     */
    public void sceneCut() {
        cutBeforeNextFrame = true;
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
        return new Summary(
                personOfTrack,
                nextPersonId - 1,
                droppedTracks + pendingTracks,
                droppedFaces + pendingFaces,
                facesOverMaxPeople,
                descriptorCalls);
    }

    /** Settings; every value has a documented default. */
    public static final class Builder {
        private float highScore = 0.6f;
        private float lowScore = 0.1f;
        private float matchIou = 0.3f;
        private float lowMatchIou = 0.5f;
        private int maxLostFrames = 30;
        private int minTrackFrames = 5;
        private double reidDistance = DEFAULT_REID_DISTANCE;
        private double verifyDistance = FaceDescriptor.MATCH_DISTANCE;
        private int describeEveryFrames = 15;
        private int maxPeople = 16;

        private Builder() {}

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

        /**
         * Mean descriptor distance below which a new or lost track is an absent person come back
         * ({@link #DEFAULT_REID_DISTANCE}).
         */
        public Builder reidDistance(double distance) {
            this.reidDistance = distance;
            return this;
        }

        /**
         * Mean descriptor distance below which a track found again after a gap or a cut is still its person
         * (face-api.js's 0.6).
         */
        public Builder verifyDistance(double distance) {
            this.verifyDistance = distance;
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
            if (!(lowScore >= 0 && lowScore <= highScore)
                    || !(matchIou > 0 && matchIou <= 1)
                    || !(lowMatchIou > 0 && lowMatchIou <= 1)) {
                throw new IllegalArgumentException("need 0 <= lowScore <= highScore and IoU thresholds in (0, 1]");
            }
            if (maxLostFrames < 0
                    || minTrackFrames < 1
                    || describeEveryFrames < 1
                    || maxPeople < 1
                    || !(reidDistance > 0)
                    || !(verifyDistance > 0)) {
                throw new IllegalArgumentException("need maxLostFrames >= 0, minTrackFrames >= 1, "
                        + "describeEveryFrames >= 1, maxPeople >= 1 and reidDistance, verifyDistance > 0");
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
            b.verifyDistance = verifyDistance;
            b.describeEveryFrames = describeEveryFrames;
            b.maxPeople = maxPeople;
            return b;
        }
    }
}
