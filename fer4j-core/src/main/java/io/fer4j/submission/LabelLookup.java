package io.fer4j.submission;

import java.util.Map;

/** The predicted ABAW label (0..7) of a frame, as {@link SubmissionWriter} asks for it. */
@FunctionalInterface
public interface LabelLookup {
    /**
     * The label of 1-based frame {@code frameIndex} of {@code videoId}. Throw
     * {@link io.fer4j.error.Fer4jException} when the video is unknown.
     */
    int label(String videoId, int frameIndex);

    /**
     * A lookup over per-video label arrays ({@code labels[i]} = frame i+1). Frames after a video's last predicted
     * frame take its last prediction (CONTRACTS §2: "frames of the list beyond a video's last face frame take the last
     * prediction" — this is where that happens, so predictors need not know the test list). A video missing from
     * the map, or with no predictions, fails.
     */
    static LabelLookup perFrame(Map<String, int[]> labelsByVideo) {
        return (videoId, frameIndex) -> {
            int[] labels = labelsByVideo.get(videoId);
            if (labels == null || labels.length == 0) {
                throw new io.fer4j.error.Fer4jException("no predictions for video '" + videoId
                        + "' of the test list; is it in the store (run `fer4j extract` on it)?");
            }
            return labels[Math.min(frameIndex, labels.length) - 1];
        };
    }
}
