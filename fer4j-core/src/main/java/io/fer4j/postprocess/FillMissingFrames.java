package io.fer4j.postprocess;

/**
 * CONTRACTS §7 step 1: frames 1..F without a face get probabilities linearly interpolated by frame number between the
 * nearest earlier and later face frames; frames before the first / after the last face frame copy the nearest one.
 * Applies to head and pretrained probabilities alike. Stateless.
 *
 * <p>Example (F = 6, faces at frames 2 and 5 with values a and b): frame 1 = a, 3 = a + (b−a)/3, 4 = a + 2(b−a)/3,
 * 6 = b.
 */
public final class FillMissingFrames {
    private static final int C = FrameProbabilities.CLASSES;

    private FillMissingFrames() {}

    /**
     * @param frameCount      F, the video's frame count (from its annotation or meta.json)
     * @param faceFrames      1-based numbers of frames with a face: strictly ascending, within 1..F, at least one
     * @param faceProbabilities n×8 row-major probabilities, row r belongs to frame {@code faceFrames[r]}
     * @throws IllegalArgumentException on unsorted/duplicate/out-of-range frame numbers, a length mismatch, no face,
     *                                  or non-finite values. A video without faces is handled by
     *                                  {@link VideoPostProcessor}, not here.
     */
    public static FrameProbabilities apply(int frameCount, int[] faceFrames, float[] faceProbabilities) {
        validate(frameCount, faceFrames, faceProbabilities);
        float[] out = new float[frameCount * C];
        fillInto(frameCount, faceFrames, faceProbabilities, out);
        return FrameProbabilities.owning(frameCount, out);
    }

    /** Per frame 1..F (index frame−1): true where the frame had no face and was filled. */
    public static boolean[] filledMask(int frameCount, int[] faceFrames) {
        boolean[] filled = new boolean[frameCount];
        java.util.Arrays.fill(filled, true);
        for (int frame : faceFrames) {
            if (frame < 1 || frame > frameCount) {
                throw new IllegalArgumentException("face frame " + frame + " outside 1.." + frameCount);
            }
            filled[frame - 1] = false;
        }
        return filled;
    }

    static void validate(int frameCount, int[] faceFrames, float[] faceProbabilities) {
        if (frameCount < 1) {
            throw new IllegalArgumentException("frameCount must be at least 1, got " + frameCount);
        }
        if (faceFrames.length == 0) {
            throw new IllegalArgumentException(
                    "no face frames to fill from (a video without faces is handled by VideoPostProcessor)");
        }
        if (faceProbabilities.length != (long) faceFrames.length * C) {
            throw new IllegalArgumentException(faceFrames.length + " face frames need " + faceFrames.length * C
                    + " probabilities, got " + faceProbabilities.length);
        }
        int previous = 0;
        for (int r = 0; r < faceFrames.length; r++) {
            int frame = faceFrames[r];
            if (frame <= previous || frame > frameCount) {
                throw new IllegalArgumentException("face frame numbers must be strictly ascending within 1.."
                        + frameCount + "; row " + r + " has frame " + frame + " after " + previous);
            }
            previous = frame;
        }
        FrameProbabilities.requireFinite(faceProbabilities, "face probabilities");
    }

    /** Kernel without validation: writes F×8 values into {@code out}. Inputs as for {@link #apply}. */
    public static void fillInto(int frameCount, int[] faceFrames, float[] faceProbabilities, float[] out) {
        fillInto(frameCount, faceFrames, faceProbabilities, C, out);
    }

    /**
     * The same kernel for rows of any width {@code columns} (valence/arousal use 2): writes F×columns values into
     * {@code out}. Inputs unvalidated, row r of {@code faceValues} belongs to frame {@code faceFrames[r]}.
     */
    public static void fillInto(int frameCount, int[] faceFrames, float[] faceValues, int columns, float[] out) {
        int n = faceFrames.length;
        // Before the first face frame: copy it.
        for (int frame = 1; frame < faceFrames[0]; frame++) {
            System.arraycopy(faceValues, 0, out, (frame - 1) * columns, columns);
        }
        for (int r = 0; r < n; r++) {
            int a = faceFrames[r];
            System.arraycopy(faceValues, r * columns, out, (a - 1) * columns, columns);
            if (r + 1 < n) {
                int b = faceFrames[r + 1];
                double span = b - a;
                for (int frame = a + 1; frame < b; frame++) {
                    double t = (frame - a) / span;
                    for (int k = 0; k < columns; k++) {
                        double pa = faceValues[r * columns + k];
                        double pb = faceValues[(r + 1) * columns + k];
                        out[(frame - 1) * columns + k] = (float) (pa + t * (pb - pa));
                    }
                }
            }
        }
        // After the last face frame: copy it.
        for (int frame = faceFrames[n - 1] + 1; frame <= frameCount; frame++) {
            System.arraycopy(faceValues, (n - 1) * columns, out, (frame - 1) * columns, columns);
        }
    }
}
