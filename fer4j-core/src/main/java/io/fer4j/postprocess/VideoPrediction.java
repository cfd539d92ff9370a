package io.fer4j.postprocess;

/**
 * Post-processed output for one video. Arrays are indexed by frame−1 and copied in and out.
 *
 * @param labels        ABAW label per frame 1..F
 * @param probabilities s: the final (filled, fused, smoothed) head probabilities; for {@link Source#PRIOR} the prior
 *                      repeated on every frame
 * @param gated         true where the confidence gate chose the label
 * @param filled        true where the frame had no face (its visual probabilities were filled)
 * @param source        where the labels come from
 */
public record VideoPrediction(
        int[] labels, FrameProbabilities probabilities, boolean[] gated, boolean[] filled, Source source) {

    /** Where a video's labels come from. */
    public enum Source {
        /** At least one face frame: the full fill → fuse → smooth → gate pipeline. */
        FACES,
        /** No face in the whole video, audio present: smoothed audio probabilities only. */
        NO_FACE_AUDIO_ONLY,
        /** No face and no audio: every frame gets the argmax of the head's prior. */
        NO_FACE_PRIOR
    }

    public VideoPrediction {
        int frames = probabilities.frameCount();
        if (labels.length != frames || gated.length != frames || filled.length != frames) {
            throw new IllegalArgumentException("per-frame arrays must have " + frames + " entries");
        }
        labels = labels.clone();
        gated = gated.clone();
        filled = filled.clone();
    }

    public int frameCount() {
        return labels.length;
    }

    /** True when the video had no face at all (its labels are audio-only or the prior). */
    public boolean noFace() {
        return source != Source.FACES;
    }

    /** Label of 1-based {@code frameIndex}. */
    public int label(int frameIndex) {
        return labels[frameIndex - 1];
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    @Override
    public boolean[] gated() {
        return gated.clone();
    }

    @Override
    public boolean[] filled() {
        return filled.clone();
    }
}
