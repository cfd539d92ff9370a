package io.fer4j.postprocess;

/**
 * CONTRACTS §7 step 3: per class, the mean over a window of frames.
 * <ul>
 *   <li>{@link Window#CENTRED}: {@code s_i = mean(p_j : max(1, i−δ) ≤ j ≤ min(F, i+δ))}, 2δ+1 frames clipped at the
 *   ends (the paper's T+1 with T = 2δ), for whole videos.</li>
 *   <li>{@link Window#CAUSAL}: {@code s_i = mean(p_j : max(1, i−2δ) ≤ j ≤ i)}, the same window length but only past
 *   frames, for live streams (see {@link CausalPostProcessor}).</li>
 * </ul>
 * δ = 0 is the identity. O(F) for any δ: per-class prefix sums accumulated in double (a sum of up to F values ≤ 1,
 * so the absolute error of a window sum stays near F·2⁻⁵³, far below float resolution for any realistic F); each
 * mean is {@code (float) ((P[hi] − P[lo]) / count)}, the exact expression {@link io.fer4j.tuning} reuses so tuned
 * and applied configurations give identical labels.
 *
 * @param deltaFrames δ ≥ 0
 * @param window      centred or causal
 */
public record TemporalSmoothing(int deltaFrames, Window window) {
    private static final int C = FrameProbabilities.CLASSES;

    /** Which frames a window covers. */
    public enum Window {
        CENTRED,
        CAUSAL
    }

    public TemporalSmoothing {
        if (deltaFrames < 0) {
            throw new IllegalArgumentException("smoothing half-width δ must be ≥ 0 frames, got " + deltaFrames);
        }
        java.util.Objects.requireNonNull(window, "window");
    }

    public static TemporalSmoothing centred(int deltaFrames) {
        return new TemporalSmoothing(deltaFrames, Window.CENTRED);
    }

    public static TemporalSmoothing causal(int deltaFrames) {
        return new TemporalSmoothing(deltaFrames, Window.CAUSAL);
    }

    public FrameProbabilities apply(FrameProbabilities p) {
        int frames = p.frameCount();
        if (deltaFrames == 0) {
            return p;
        }
        float[] out = new float[frames * C];
        double[] prefix = prefixSums(p.raw(), frames);
        for (int frame = 1; frame <= frames; frame++) {
            windowMean(p.raw(), prefix, frames, deltaFrames, window, frame, out, (frame - 1) * C);
        }
        return FrameProbabilities.owning(frames, out);
    }

    /** Per-class prefix sums: {@code P[(j)*8 + k] = Σ_{frames 1..j} p[k]}, (F+1)×8 doubles with row 0 = 0. */
    public static double[] prefixSums(float[] rowMajor, int frames) {
        return prefixSums(rowMajor, frames, C);
    }

    /** {@link #prefixSums(float[], int)} for rows of any width {@code columns}: (F+1)×columns doubles. */
    public static double[] prefixSums(float[] rowMajor, int frames, int columns) {
        double[] prefix = new double[(frames + 1) * columns];
        for (int f = 0; f < frames; f++) {
            int src = f * columns;
            int prev = f * columns;
            int dst = prev + columns;
            for (int k = 0; k < columns; k++) {
                prefix[dst + k] = prefix[prev + k] + rowMajor[src + k];
            }
        }
        return prefix;
    }

    /** First frame (1-based) of the window of {@code frame}. */
    public static int windowStart(int frames, int delta, Window window, int frame) {
        return Math.max(1, frame - (window == Window.CENTRED ? delta : 2 * delta));
    }

    /** Last frame (1-based) of the window of {@code frame}. */
    public static int windowEnd(int frames, int delta, Window window, int frame) {
        return window == Window.CENTRED ? Math.min(frames, frame + delta) : frame;
    }

    /**
     * Kernel: the 8 window means of 1-based {@code frame}, written to {@code out[outOffset..outOffset+8)}.
     * δ = 0 copies the frame's own values (exactly; a prefix difference could differ in the last bit).
     *
     * @param values row-major F×8 input
     * @param prefix {@link #prefixSums} of {@code values}
     */
    public static void windowMean(
            float[] values,
            double[] prefix,
            int frames,
            int delta,
            Window window,
            int frame,
            float[] out,
            int outOffset) {
        windowMean(values, prefix, C, frames, delta, window, frame, out, outOffset);
    }

    /**
     * {@link #windowMean(float[], double[], int, int, Window, int, float[], int)} for rows of any width
     * {@code columns} (valence/arousal use 2); {@code prefix} from {@link #prefixSums(float[], int, int)}.
     */
    public static void windowMean(
            float[] values,
            double[] prefix,
            int columns,
            int frames,
            int delta,
            Window window,
            int frame,
            float[] out,
            int outOffset) {
        if (delta == 0) {
            System.arraycopy(values, (frame - 1) * columns, out, outOffset, columns);
            return;
        }
        int lo = windowStart(frames, delta, window, frame) - 1;
        int hi = windowEnd(frames, delta, window, frame);
        double count = hi - lo;
        int a = lo * columns;
        int b = hi * columns;
        for (int k = 0; k < columns; k++) {
            out[outOffset + k] = (float) ((prefix[b + k] - prefix[a + k]) / count);
        }
    }
}
