package io.fer4j.postprocess;

import io.fer4j.label.AbawClass;

/**
 * CONTRACTS §7 step 4: q = smoothed pretrained-backbone probabilities in ABAW order; c = argmax of q over ABAW [0..6]
 * (slot 7 holds AffectNet's Contempt, not "Other", so the gate never picks it); if {@code q[c] > p0} the frame's
 * label is c, otherwise the argmax over all 8 classes of s (the calibrated, fused, smoothed head probabilities).
 * Ties in either argmax go to the lower class index. {@code p0 ≥ 1} switches the gate off (probabilities never
 * exceed 1); this is explicit so float rounding in smoothing cannot make the gate fire.
 *
 * @param p0 confidence threshold
 */
public record ConfidenceGate(double p0) {
    private static final int C = FrameProbabilities.CLASSES;

    public ConfidenceGate {
        if (Double.isNaN(p0)) {
            throw new IllegalArgumentException("gate threshold p0 must be a number");
        }
    }

    /** True when this threshold can never fire. */
    public boolean isOff() {
        return p0 >= 1.0;
    }

    /**
     * @param smoothed            s: head (fused, smoothed) probabilities
     * @param smoothedPretrained q: smoothed pretrained probabilities, same frame count
     */
    public GateResult apply(FrameProbabilities smoothed, FrameProbabilities smoothedPretrained) {
        int frames = smoothed.frameCount();
        if (smoothedPretrained.frameCount() != frames) {
            throw new IllegalArgumentException(
                    "head probabilities have " + frames + " frames, pretrained " + smoothedPretrained.frameCount());
        }
        int[] labels = new int[frames];
        boolean[] gated = new boolean[frames];
        float[] s = smoothed.raw();
        float[] q = smoothedPretrained.raw();
        for (int f = 0; f < frames; f++) {
            int c = candidate(q, f * C);
            if (fires(q[f * C + c], p0)) {
                labels[f] = c;
                gated[f] = true;
            } else {
                labels[f] = FrameProbabilities.argmax(s, f * C, C);
            }
        }
        return new GateResult(labels, gated);
    }

    /** The gate's candidate class: argmax of {@code q[offset..offset+7)}, ABAW [0..6]. */
    public static int candidate(float[] q, int offset) {
        return FrameProbabilities.argmax(q, offset, AbawClass.GATEABLE_COUNT);
    }

    /**
     * Whether a candidate with smoothed probability {@code qc} overrides the head at threshold {@code p0}. The
     * comparison is in float, the precision of q: {@code q = 0.8f} does not exceed {@code p0 = 0.8} (in double,
     * 0.8f is 0.800000012 and would).
     */
    public static boolean fires(float qc, double p0) {
        return p0 < 1.0 && qc > (float) p0;
    }

    /**
     * Per-frame labels and whether the gate chose them (index frame−1).
     */
    public record GateResult(int[] labels, boolean[] gated) {
        public GateResult {
            labels = labels.clone();
            gated = gated.clone();
        }

        @Override
        public int[] labels() {
            return labels.clone();
        }

        @Override
        public boolean[] gated() {
            return gated.clone();
        }
    }
}
