package io.fer4j.api;

import io.fer4j.label.AbawClass;
import io.fer4j.prediction.PredictedVideo;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the JSON summary of {@code fer4j predict} says about one video.
 *
 * @param frameCount     frames labelled
 * @param faceFrameCount frames with a face
 * @param shares         fraction of frames per expression (every class present; sums to 1)
 * @param dominant       the expression with the largest share (the first in ABAW order on a tie)
 * @param segments       maximal runs of one label, in time order; their frame counts add up to {@code frameCount}
 * @param valenceArousal mean and spread of valence/arousal, or null when the run gives none (see
 *                       {@link #valenceArousalStats()})
 */
public record Summary(
        int frameCount,
        int faceFrameCount,
        Map<AbawClass, Double> shares,
        AbawClass dominant,
        List<LabelSegment> segments,
        ValenceArousalStats valenceArousal) {
    public Summary {
        shares = Collections.unmodifiableMap(new EnumMap<>(shares));
        segments = List.copyOf(segments);
    }

    /** A summary without valence/arousal. */
    public Summary(
            int frameCount,
            int faceFrameCount,
            Map<AbawClass, Double> shares,
            AbawClass dominant,
            List<LabelSegment> segments) {
        this(frameCount, faceFrameCount, shares, dominant, segments, null);
    }

    /** Mean and spread of valence/arousal, present when the run gives them ({@link FrameLabel#valenceArousal()}). */
    public Optional<ValenceArousalStats> valenceArousalStats() {
        return Optional.ofNullable(valenceArousal);
    }

    static Summary of(PredictedVideo v) {
        double[] share = v.labelShares();
        Map<AbawClass, Double> shares = new EnumMap<>(AbawClass.class);
        int dominant = 0;
        for (int c = 0; c < share.length; c++) {
            shares.put(AbawClass.of(c), share[c]);
            if (share[c] > share[dominant]) {
                dominant = c;
            }
        }
        List<LabelSegment> segments = v.segments().stream()
                .map(s -> new LabelSegment(
                        AbawClass.of(s.label()), s.startFrame(), s.endFrame(), s.startSeconds(), s.endSeconds()))
                .toList();
        ValenceArousalStats va = v.valenceArousalSummary()
                .map(s -> new ValenceArousalStats(
                        s.frameCount(),
                        new ValenceArousal(s.meanValence(), s.meanArousal()),
                        new ValenceArousal(s.spreadValence(), s.spreadArousal())))
                .orElse(null);
        return new Summary(v.frameCount(), v.faceFrameCount(), shares, AbawClass.of(dominant), segments, va);
    }

    /** The share of one expression. */
    public double share(AbawClass c) {
        return shares.get(c);
    }
}
