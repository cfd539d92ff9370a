package io.fer4j.annotation;

import java.util.Arrays;
import java.util.Objects;

/**
 * One video's ABAW valence-arousal annotation: {@code valence[i]}, {@code arousal[i]} belong to frame {@code i + 1};
 * a frame is annotated when both values lie in [−1, 1] (the files mark the others with −5). The value count is the
 * video's frame count F. Values are kept as parsed to float64, so scores use the annotation exactly as a numpy
 * scorer reads it.
 *
 * @param videoId the annotation file's name without {@code .txt}
 */
public record VaAnnotation(String videoId, double[] valence, double[] arousal) {
    /** The placeholder of an unannotated frame in ABAW files. */
    public static final double UNANNOTATED = -5.0;

    public VaAnnotation {
        Objects.requireNonNull(videoId, "videoId");
        valence = valence.clone();
        arousal = arousal.clone();
        if (valence.length != arousal.length) {
            throw new IllegalArgumentException(
                    videoId + ": " + valence.length + " valence but " + arousal.length + " arousal values");
        }
    }

    @Override
    public double[] valence() {
        return valence.clone();
    }

    @Override
    public double[] arousal() {
        return arousal.clone();
    }

    /** The number of frames F. */
    public int frameCount() {
        return valence.length;
    }

    /** Whether 1-based frame {@code frameIndex} has both values in [−1, 1]. */
    public boolean isAnnotated(int frameIndex) {
        return inRange(valence[frameIndex - 1]) && inRange(arousal[frameIndex - 1]);
    }

    public double valence(int frameIndex) {
        return valence[frameIndex - 1];
    }

    public double arousal(int frameIndex) {
        return arousal[frameIndex - 1];
    }

    /** Number of annotated frames. */
    public int annotatedFrameCount() {
        int n = 0;
        for (int f = 1; f <= valence.length; f++) {
            n += isAnnotated(f) ? 1 : 0;
        }
        return n;
    }

    /**
     * The annotated frames as an EXPR-shaped mask (label 0 = annotated, −1 = not), so that the store alignment of
     * {@code io.fer4j.training} (frame counts, rows beyond F, missing videos) serves both tracks unchanged.
     */
    public ExprAnnotation presenceMask() {
        int[] mask = new int[valence.length];
        for (int f = 1; f <= mask.length; f++) {
            mask[f - 1] = isAnnotated(f) ? 0 : -1;
        }
        return new ExprAnnotation(videoId, mask);
    }

    static boolean inRange(double v) {
        return v >= -1 && v <= 1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VaAnnotation a
                && a.videoId.equals(videoId)
                && Arrays.equals(a.valence, valence)
                && Arrays.equals(a.arousal, arousal);
    }

    @Override
    public int hashCode() {
        return (videoId.hashCode() * 31 + Arrays.hashCode(valence)) * 31 + Arrays.hashCode(arousal);
    }

    @Override
    public String toString() {
        return "VaAnnotation[" + videoId + ", " + valence.length + " frames]";
    }
}
