package io.fer4j.prediction;

import io.fer4j.label.AbawClass;
import java.util.ArrayList;
import java.util.List;

/**
 * All frames of one video, in frame order 1..F, plus the facts the reports need.
 *
 * @param videoId  the video's id (file name without extension)
 * @param source   the input path or URL, as given
 * @param fps      frames per second used for times
 * @param frames   frames 1..F in order (every frame, with or without a face)
 * @param warnings notes for the reader, e.g. "no face found in any frame" (CONTRACTS §7: flagged in the output)
 * @param people   people mode: every person found, by id (then {@code frames} is the timeline of the person seen in
 *                 most frames, the video's main person); null in main-person mode
 */
public record PredictedVideo(
        String videoId,
        String source,
        double fps,
        List<FramePrediction> frames,
        List<String> warnings,
        List<PersonTimeline> people) {
    /** A main-person prediction (one timeline). */
    public PredictedVideo(
            String videoId, String source, double fps, List<FramePrediction> frames, List<String> warnings) {
        this(videoId, source, fps, frames, warnings, null);
    }

    public PredictedVideo {
        frames = List.copyOf(frames);
        warnings = List.copyOf(warnings);
        people = people == null ? null : List.copyOf(people);
        for (int i = 0; people != null && i < people.size(); i++) {
            if (people.get(i).personId() != i + 1) {
                throw new IllegalArgumentException("people must be numbered 1..N in order; position " + i
                        + " holds person " + people.get(i).personId());
            }
        }
        for (int i = 0; i < frames.size(); i++) {
            if (frames.get(i).frameIndex() != i + 1) {
                throw new IllegalArgumentException("frames must be numbered 1..F in order; position " + i
                        + " holds frame " + frames.get(i).frameIndex());
            }
        }
    }

    /** True for a people-mode prediction (then {@link #people()} lists everyone, possibly nobody). */
    public boolean hasPeople() {
        return people != null;
    }

    public int frameCount() {
        return frames.size();
    }

    public int faceFrameCount() {
        int n = 0;
        for (FramePrediction f : frames) {
            if (f.hasFace()) {
                n++;
            }
        }
        return n;
    }

    public double durationSeconds() {
        return fps > 0 ? frames.size() / fps : 0.0;
    }

    public boolean hasValenceArousal() {
        for (FramePrediction f : frames) {
            if (f.hasValenceArousal()) {
                return true;
            }
        }
        return false;
    }

    /** Mean and spread of valence/arousal over the frames that have them, or empty when none has. */
    public java.util.Optional<ValenceArousalSummary> valenceArousalSummary() {
        return java.util.Optional.ofNullable(ValenceArousalSummary.of(frames));
    }

    /** Maximal runs of one label; their frame counts add up to F. */
    public List<Segment> segments() {
        List<Segment> out = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= frames.size(); i++) {
            if (i == frames.size() || frames.get(i).label() != frames.get(start).label()) {
                FramePrediction first = frames.get(start);
                FramePrediction last = frames.get(i - 1);
                double end = i < frames.size()
                        ? frames.get(i).timeSeconds()
                        : last.timeSeconds() + (fps > 0 ? 1.0 / fps : 0.0);
                out.add(new Segment(first.label(), first.frameIndex(), last.frameIndex(), first.timeSeconds(), end));
                start = i;
            }
        }
        return out;
    }

    /** Fraction of frames per ABAW label (all zero for an empty video; otherwise sums to 1). */
    public double[] labelShares() {
        double[] share = new double[AbawClass.COUNT];
        for (FramePrediction f : frames) {
            share[f.label()]++;
        }
        if (!frames.isEmpty()) {
            for (int c = 0; c < share.length; c++) {
                share[c] /= frames.size();
            }
        }
        return share;
    }
}
