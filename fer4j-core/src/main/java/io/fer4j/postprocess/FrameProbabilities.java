package io.fer4j.postprocess;

import io.fer4j.label.AbawClass;
import java.util.Arrays;

/**
 * One video's per-frame class probabilities in ABAW order (CONTRACTS §1): frames 1..F, 8 values each, stored row-major
 * ({@code values[(frameIndex - 1) * 8 + classIndex]}). Immutable: the array is copied in and out.
 * Values must be finite; they need not sum to 1 (smoothing and fusion preserve sums only up to rounding).
 */
public final class FrameProbabilities {
    /** Values per frame: the 8 ABAW classes. */
    public static final int CLASSES = AbawClass.COUNT;

    private final int frameCount;
    private final float[] values;

    private FrameProbabilities(int frameCount, float[] values) {
        this.frameCount = frameCount;
        this.values = values;
    }

    /**
     * @param frameCount F, at least 1
     * @param rowMajor   F×8 values, copied
     * @throws IllegalArgumentException on a length mismatch or a NaN/infinite value (naming the frame)
     */
    public static FrameProbabilities of(int frameCount, float[] rowMajor) {
        if (frameCount < 1) {
            throw new IllegalArgumentException("frameCount must be at least 1, got " + frameCount);
        }
        if (rowMajor.length != (long) frameCount * CLASSES) {
            throw new IllegalArgumentException("expected " + frameCount + "×8 = " + (long) frameCount * CLASSES
                    + " probabilities, got " + rowMajor.length);
        }
        requireFinite(rowMajor, "probabilities");
        return new FrameProbabilities(frameCount, rowMajor.clone());
    }

    /** Takes ownership of {@code rowMajor} without copying; only for arrays this package just computed. */
    static FrameProbabilities owning(int frameCount, float[] rowMajor) {
        return new FrameProbabilities(frameCount, rowMajor);
    }

    /** Checks every value is finite; the message names the 1-based frame and the class. */
    static void requireFinite(float[] rowMajor, String what) {
        for (int i = 0; i < rowMajor.length; i++) {
            if (!Float.isFinite(rowMajor[i])) {
                throw new IllegalArgumentException(what + " contain " + rowMajor[i] + " at row " + (i / CLASSES + 1)
                        + ", class " + (i % CLASSES) + "; the upstream model produced non-finite output");
            }
        }
    }

    public int frameCount() {
        return frameCount;
    }

    /** Probability of ABAW class {@code classIndex} (0..7) at 1-based {@code frameIndex}. */
    public float probability(int frameIndex, int classIndex) {
        if (frameIndex < 1 || frameIndex > frameCount || classIndex < 0 || classIndex >= CLASSES) {
            throw new IndexOutOfBoundsException(
                    "frame " + frameIndex + " of 1.." + frameCount + ", class " + classIndex);
        }
        return values[(frameIndex - 1) * CLASSES + classIndex];
    }

    /** The 8 probabilities of 1-based {@code frameIndex} (a copy). */
    public float[] frame(int frameIndex) {
        if (frameIndex < 1 || frameIndex > frameCount) {
            throw new IndexOutOfBoundsException("frame " + frameIndex + " of 1.." + frameCount);
        }
        int from = (frameIndex - 1) * CLASSES;
        return Arrays.copyOfRange(values, from, from + CLASSES);
    }

    /** All values, row-major F×8 (a copy). */
    public float[] toArray() {
        return values.clone();
    }

    /** The backing array, not copied: callers in this package must not modify it. */
    float[] raw() {
        return values;
    }

    /** Argmax over all 8 classes per frame (ties: the lower class index, as numpy's argmax). */
    public int[] argmaxLabels() {
        int[] labels = new int[frameCount];
        for (int f = 0; f < frameCount; f++) {
            labels[f] = argmax(values, f * CLASSES, CLASSES);
        }
        return labels;
    }

    /** Index of the largest of {@code v[offset..offset+count)}, relative to offset; ties go to the lower index. */
    public static int argmax(float[] v, int offset, int count) {
        int best = 0;
        float bestValue = v[offset];
        for (int k = 1; k < count; k++) {
            if (v[offset + k] > bestValue) {
                bestValue = v[offset + k];
                best = k;
            }
        }
        return best;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FrameProbabilities p && p.frameCount == frameCount && Arrays.equals(p.values, values);
    }

    @Override
    public int hashCode() {
        return 31 * frameCount + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "FrameProbabilities[frames=" + frameCount + "]";
    }
}
