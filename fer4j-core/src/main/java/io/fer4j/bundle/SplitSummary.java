package io.fer4j.bundle;

import java.util.List;
import java.util.Objects;

/**
 * What one annotated split contributed (provenance, CONTRACTS §2/§3).
 *
 * @param split                   {@code Train_Set} or {@code Validation_Set}
 * @param videos                  annotated videos used (present and complete in the store)
 * @param faceFrames              store rows (face frames) of those videos
 * @param labelledFrames          annotated frames with a label other than −1 (evaluation frames)
 * @param framesPerClass          labelled frames per ABAW class (8 values)
 * @param rowsBeyondAnnotation    face rows whose frame number exceeds the annotation's line count (excluded)
 * @param frameCountMismatches    videos whose annotation line count differs from meta.json's frame_count
 * @param annotationsSha256       sha256 over the split's annotation files (name and bytes, sorted by name)
 * @param missingVideos           annotated videos absent from the store (only with {@code --allow-missing})
 */
public record SplitSummary(
        String split,
        int videos,
        long faceFrames,
        long labelledFrames,
        long[] framesPerClass,
        long rowsBeyondAnnotation,
        int frameCountMismatches,
        String annotationsSha256,
        List<String> missingVideos) {
    public SplitSummary {
        Objects.requireNonNull(split, "split");
        framesPerClass = framesPerClass.clone();
        missingVideos = List.copyOf(missingVideos);
    }

    @Override
    public long[] framesPerClass() {
        return framesPerClass.clone();
    }
}
