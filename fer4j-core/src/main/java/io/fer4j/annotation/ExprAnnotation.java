package io.fer4j.annotation;

import io.fer4j.label.AbawClass;
import java.util.Arrays;
import java.util.Objects;

/**
 * One video's ABAW EXPR annotation (CONTRACTS §2): {@code labels[i]} is the label of frame {@code i + 1}, an ABAW
 * class id 0..7 or {@link AbawClass#IGNORED} (-1). The label count is the video's frame count F.
 *
 * @param videoId the annotation file's name without {@code .txt}
 * @param labels  per-frame labels (the record keeps its own copy; {@link #labels()} returns a copy)
 */
public record ExprAnnotation(String videoId, int[] labels) {
    public ExprAnnotation {
        Objects.requireNonNull(videoId, "videoId");
        labels = labels.clone();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < AbawClass.IGNORED || labels[i] >= AbawClass.COUNT) {
                throw new IllegalArgumentException(
                        "label " + labels[i] + " of frame " + (i + 1) + " of " + videoId + " outside -1..7");
            }
        }
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    /** The number of annotated frames F. */
    public int frameCount() {
        return labels.length;
    }

    /** The label of 1-based frame {@code frameIndex} (-1 = ignored). */
    public int label(int frameIndex) {
        if (frameIndex < 1 || frameIndex > labels.length) {
            throw new IndexOutOfBoundsException(
                    "frame " + frameIndex + " outside 1.." + labels.length + " of " + videoId);
        }
        return labels[frameIndex - 1];
    }

    /** Number of frames with a label other than -1. */
    public int labelledFrameCount() {
        int n = 0;
        for (int l : labels) {
            if (l != AbawClass.IGNORED) {
                n++;
            }
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExprAnnotation a && a.videoId.equals(videoId) && Arrays.equals(a.labels, labels);
    }

    @Override
    public int hashCode() {
        return videoId.hashCode() * 31 + Arrays.hashCode(labels);
    }

    @Override
    public String toString() {
        return "ExprAnnotation[" + videoId + ", " + labels.length + " frames]";
    }
}
