package io.fer4j.api;

import io.fer4j.label.AbawClass;

/**
 * A maximal run of consecutive frames with one label.
 *
 * @param startSeconds time of the first frame
 * @param endSeconds   time at which the run ends: the start of the frame after the last one
 */
public record LabelSegment(AbawClass label, int startFrame, int endFrame, double startSeconds, double endSeconds) {
    /** Frames in the run. */
    public int frameCount() {
        return endFrame - startFrame + 1;
    }
}
