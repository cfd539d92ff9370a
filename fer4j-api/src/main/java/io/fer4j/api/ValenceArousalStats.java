package io.fer4j.api;

/**
 * Valence and arousal of one video over the frames that have them.
 *
 * @param frameCount frames with valence/arousal (every frame once the video has a face)
 * @param mean       mean valence and mean arousal
 * @param spread     population standard deviation of valence and of arousal: how much the affect moves
 */
public record ValenceArousalStats(int frameCount, ValenceArousal mean, ValenceArousal spread) {
    public ValenceArousalStats {
        java.util.Objects.requireNonNull(mean, "mean");
        java.util.Objects.requireNonNull(spread, "spread");
    }
}
