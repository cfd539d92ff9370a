package io.fer4j.training;

/**
 * How annotations and store videos are matched (CONTRACTS §2, §3).
 *
 * <p>The annotation's line count defines F. A store row of frame f takes label line f; rows with f > F (the store
 * counted more frames than the annotation) are excluded, and frames without a store row are filled (§7). A video's
 * audio.npy has meta.json's frame_count rows; frame i ≤ F takes audio row min(i, frame_count) (the last row
 * repeats when the annotation is longer). A difference between F and frame_count up to
 * {@code frameCountTolerance} frames is accepted this way (organisers' counts can exceed the decoder's by one); a
 * larger one is an error naming both files, since it usually means the wrong video.
 *
 * @param frameCountTolerance largest accepted |F − frame_count|
 * @param allowMissing        skip annotated videos missing from the store (listed in the summary) instead of failing
 */
public record AlignmentPolicy(int frameCountTolerance, boolean allowMissing) {
    /** Default tolerance in frames. */
    public static final int DEFAULT_TOLERANCE = 5;

    public AlignmentPolicy {
        if (frameCountTolerance < 0) {
            throw new IllegalArgumentException("frame count tolerance must be >= 0, got " + frameCountTolerance);
        }
    }

    public static AlignmentPolicy defaults() {
        return new AlignmentPolicy(DEFAULT_TOLERANCE, false);
    }
}
