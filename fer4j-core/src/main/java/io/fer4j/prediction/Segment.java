package io.fer4j.prediction;

/**
 * A maximal run of consecutive frames with the same label.
 *
 * @param startSeconds time of the first frame
 * @param endSeconds   time at which the run ends: the start of the frame after the last one
 */
public record Segment(int label, int startFrame, int endFrame, double startSeconds, double endSeconds) {
    public int frameCount() {
        return endFrame - startFrame + 1;
    }

    public double durationSeconds() {
        return endSeconds - startSeconds;
    }
}
