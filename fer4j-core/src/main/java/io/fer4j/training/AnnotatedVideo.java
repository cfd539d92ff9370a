package io.fer4j.training;

import io.fer4j.annotation.ExprAnnotation;
import io.fer4j.bundle.BundlePredictor;
import io.fer4j.bundle.VideoFeatures;
import io.fer4j.error.Fer4jException;
import io.fer4j.store.StoredVideo;
import io.fer4j.store.VideoMeta;
import java.nio.file.Path;

/**
 * A store video matched to its annotation under an {@link AlignmentPolicy}.
 *
 * @param annotation   labels of frames 1..F
 * @param video        the store video (memory-mapped)
 * @param usableRows   store rows 0..usableRows−1 have frame ≤ F (the rest are beyond the annotation)
 */
public record AnnotatedVideo(ExprAnnotation annotation, StoredVideo video, int usableRows) {
    /**
     * Matches {@code video} to its annotation: frame counts more than the policy's tolerance apart are refused (it is
     * probably another video); store rows whose frame lies beyond the annotation's F are left out.
     *
     * @param annotationFile the annotation's path, for the message
     */
    public static AnnotatedVideo align(
            ExprAnnotation annotation, StoredVideo video, AlignmentPolicy policy, Path annotationFile) {
        int f = annotation.frameCount();
        if (Math.abs(f - video.frameCount()) > policy.frameCountTolerance()) {
            throw new Fer4jException(
                    annotationFile,
                    "the annotation has " + f + " frames but "
                            + video.dir().resolve(VideoMeta.FILE_NAME) + " says frame_count " + video.frameCount()
                            + " (more than " + policy.frameCountTolerance() + " frames apart, so it is probably another"
                            + " video); re-extract the video or raise --frame-count-tolerance");
        }
        int usable = 0;
        while (usable < video.rowCount() && video.frame(usable) <= f) {
            usable++;
        }
        return new AnnotatedVideo(annotation, video, usable);
    }

    public String id() {
        return annotation.videoId();
    }

    /** F, the annotation's frame count. */
    public int frameCount() {
        return annotation.frameCount();
    }

    /** Label of 1-based frame f ≤ F. */
    public int label(int frameIndex) {
        return annotation.label(frameIndex);
    }

    /** The audio row index (0-based) used for 1-based frame f: min(f, frame_count) − 1. */
    public int audioRow(int frameIndex) {
        return Math.min(frameIndex, video.frameCount()) - 1;
    }

    /** Face frames with frame ≤ F. */
    public int[] usableFrames() {
        return java.util.Arrays.copyOf(video.frames(), usableRows);
    }

    /** Embeddings of the usable rows as float32, usableRows × D (one video; widened from float16). */
    public float[] embeddings() {
        int d = video.embeddingDim();
        float[] out = new float[usableRows * d];
        for (int r = 0; r < usableRows; r++) {
            video.embeddingRow(r, out, r * d);
        }
        return out;
    }

    /** Logits of the usable rows, usableRows × K. */
    public float[] logits() {
        return java.util.Arrays.copyOf(video.logits(), usableRows * video.logitsDim());
    }

    /** Audio rows of frames 1..F (F × Da) per {@link #audioRow}, or null when the video has no audio.npy. */
    public float[] audio() {
        if (!video.hasAudio()) {
            return null;
        }
        int da = video.audioDim();
        int f = frameCount();
        float[] out = new float[f * da];
        for (int i = 1; i <= f; i++) {
            video.audioRow(audioRow(i) + 1, out, (i - 1) * da);
        }
        return out;
    }

    /** The features {@link BundlePredictor} takes, aligned to the annotation's F. */
    public VideoFeatures features() {
        float[] audio = audio();
        return VideoFeatures.of(id(), frameCount())
                .faceRows(usableFrames(), embeddings(), video.embeddingDim(), logits(), video.logitsDim())
                .audioRows(audio, audio == null ? 0 : video.audioDim())
                .build();
    }
}
