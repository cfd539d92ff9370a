package io.fer4j.prediction;

import io.fer4j.label.AbawClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One person of a video in people mode: the frames they were seen in, each labelled by the method applied to this
 * person's frames alone (CONTRACTS §7 over the video's frame numbers; smoothing never mixes two people).
 *
 * @param personId 1, 2, 3… in order of first appearance, stable for the whole video
 * @param fps      the video's frame rate (segment ends)
 * @param frames   the frames this person was seen in, ascending, each with the person's face box
 */
public record PersonTimeline(int personId, double fps, List<FramePrediction> frames) {
    public PersonTimeline {
        if (personId < 1) {
            throw new IllegalArgumentException("person ids start at 1, got " + personId);
        }
        frames = List.copyOf(frames);
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("person " + personId + " has no frame");
        }
        for (int i = 0; i < frames.size(); i++) {
            if (!frames.get(i).hasFace()) {
                throw new IllegalArgumentException(
                        "person " + personId + "'s frame " + frames.get(i).frameIndex()
                                + " has no face box: a person's rows are the frames they were seen in");
            }
            if (i > 0 && frames.get(i).frameIndex() <= frames.get(i - 1).frameIndex()) {
                throw new IllegalArgumentException("person " + personId + "'s frames must ascend");
            }
        }
    }

    public int firstFrame() {
        return frames.get(0).frameIndex();
    }

    public int lastFrame() {
        return frames.get(frames.size() - 1).frameIndex();
    }

    public int framesSeen() {
        return frames.size();
    }

    /** The person's row of frame {@code frameIndex}, or empty when they were not seen in it. */
    public Optional<FramePrediction> frame(int frameIndex) {
        int lo = 0;
        int hi = frames.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int f = frames.get(mid).frameIndex();
            if (f == frameIndex) {
                return Optional.of(frames.get(mid));
            }
            if (f < frameIndex) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return Optional.empty();
    }

    /** Fraction of the person's frames per ABAW label (sums to 1). */
    public double[] labelShares() {
        double[] share = new double[AbawClass.COUNT];
        for (FramePrediction f : frames) {
            share[f.label()]++;
        }
        for (int c = 0; c < share.length; c++) {
            share[c] /= frames.size();
        }
        return share;
    }

    /** The label of most of the person's frames (ties: the lower ABAW id). */
    public AbawClass dominant() {
        double[] share = labelShares();
        int best = 0;
        for (int c = 1; c < share.length; c++) {
            if (share[c] > share[best]) {
                best = c;
            }
        }
        return AbawClass.of(best);
    }

    /**
     * Maximal runs of one label over consecutive frames the person was seen in: a frame without them ends a run, so
     * the segments' frame counts add up to {@link #framesSeen()}.
     */
    public List<Segment> segments() {
        List<Segment> out = new ArrayList<>();
        int start = 0;
        double frameSeconds = fps > 0 ? 1.0 / fps : 0.0;
        for (int i = 1; i <= frames.size(); i++) {
            boolean ends = i == frames.size()
                    || frames.get(i).label() != frames.get(start).label()
                    || frames.get(i).frameIndex() != frames.get(i - 1).frameIndex() + 1;
            if (ends) {
                FramePrediction first = frames.get(start);
                FramePrediction last = frames.get(i - 1);
                out.add(new Segment(
                        first.label(),
                        first.frameIndex(),
                        last.frameIndex(),
                        first.timeSeconds(),
                        last.timeSeconds() + frameSeconds));
                start = i;
            }
        }
        return out;
    }

    /** Mean and spread of the person's valence/arousal, or empty when the run gives none. */
    public Optional<ValenceArousalSummary> valenceArousalSummary() {
        return Optional.ofNullable(ValenceArousalSummary.of(frames));
    }
}
