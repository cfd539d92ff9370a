package io.fer4j.postprocess;

/**
 * CONTRACTS §7 frame by frame for live video: push each frame's probabilities as it arrives and get its label at once
 * (latency 0 frames; the causal window looks only backwards). One instance per stream: it holds the window's state,
 * so it is not thread-safe; the config and prior are immutable.
 *
 * <p>Per frame i (1-based, counted by pushes):
 * <ol>
 *   <li><b>Causal fill</b>: a frame without a face holds the last face frame's head and pretrained probabilities
 *   (interpolation would need a future frame). Before the first face there is nothing to hold: the frame has no
 *   visual row.</li>
 *   <li><b>Fuse</b>: visual and audio → {@code w·v + (1−w)·a}; only one of them → that one; neither → no row.</li>
 *   <li><b>Smooth</b>: the mean of the rows present among frames {@code max(1, i−2δ)..i} (the causal window of
 *   {@link TemporalSmoothing.Window#CAUSAL}, skipping frames that had no row).</li>
 *   <li><b>Gate</b>: as {@link ConfidenceGate} with q = the same causal mean of pretrained rows (held rows
 *   included); no pretrained row in the window → no gate.</li>
 * </ol>
 * A frame whose window holds no row at all (no face yet and no audio) gets the argmax of the prior and is flagged
 * {@link CausalFrame#fromPrior()}. When every frame has a face this equals {@link TemporalSmoothing#causal} over the
 * whole video up to float rounding (running sums here, prefix sums there).
 */
public final class CausalPostProcessor {
    private static final int C = FrameProbabilities.CLASSES;

    private final PostProcessingConfig config;
    private final float[] prior;
    private final int windowFrames;
    private final CausalWindow fused;
    private final CausalWindow pretrained;
    private float[] heldHead;
    private float[] heldPretrained;
    private int frameIndex;

    /**
     * @param config             δ (causal window 2δ+1 frames), p0, w
     * @param priorProbabilities the head's prior (8 values), for frames with nothing to go on
     */
    public CausalPostProcessor(PostProcessingConfig config, float[] priorProbabilities) {
        this.config = java.util.Objects.requireNonNull(config, "config");
        if (priorProbabilities.length != C) {
            throw new IllegalArgumentException(
                    "prior must have 8 values (ABAW order), got " + priorProbabilities.length);
        }
        FrameProbabilities.requireFinite(priorProbabilities, "prior probabilities");
        this.prior = priorProbabilities.clone();
        long window = 2L * config.deltaFrames() + 1;
        if (window > Integer.MAX_VALUE / C) {
            throw new IllegalArgumentException("δ = " + config.deltaFrames() + " is too large for a causal window");
        }
        this.windowFrames = (int) window;
        this.fused = new CausalWindow(windowFrames, C);
        this.pretrained = new CausalWindow(windowFrames, C);
    }

    /** Frames pushed so far (the index of the last frame). */
    public int frameIndex() {
        return frameIndex;
    }

    /**
     * A frame with a face.
     *
     * @param head       8 calibrated head probabilities
     * @param pretrained 8 backbone probabilities in ABAW order, or null (no gate)
     * @param audio      8 audio probabilities of this frame, or null
     */
    public CausalFrame pushFace(float[] head, float[] pretrained, float[] audio) {
        requireRow(head, "head");
        if (pretrained != null) {
            requireRow(pretrained, "pretrained");
        }
        heldHead = head.clone();
        heldPretrained = pretrained == null ? null : pretrained.clone();
        return push(false, audio);
    }

    /**
     * A frame without a face: holds the last face frame's probabilities (if any).
     *
     * @param audio 8 audio probabilities of this frame, or null
     */
    public CausalFrame pushNoFace(float[] audio) {
        return push(true, audio);
    }

    private CausalFrame push(boolean filled, float[] audio) {
        if (audio != null) {
            requireRow(audio, "audio");
        }
        frameIndex++;
        float[] p = null;
        if (heldHead != null && audio != null) {
            p = new float[C];
            LateFusion.fuseInto(heldHead, audio, config.visualWeight(), p);
        } else if (heldHead != null) {
            p = heldHead;
        } else if (audio != null) {
            p = audio;
        }
        fused.push(p);
        pretrained.push(heldPretrained);
        if (fused.present() == 0) {
            return new CausalFrame(
                    frameIndex, FrameProbabilities.argmax(prior, 0, C), prior.clone(), false, filled, true);
        }
        float[] s = fused.mean();
        int label = FrameProbabilities.argmax(s, 0, C);
        boolean gated = false;
        if (pretrained.present() > 0 && config.p0() < 1.0) {
            float[] q = pretrained.mean();
            int c = ConfidenceGate.candidate(q, 0);
            if (ConfidenceGate.fires(q[c], config.p0())) {
                label = c;
                gated = true;
            }
        }
        return new CausalFrame(frameIndex, label, s, gated, filled, false);
    }

    private static void requireRow(float[] row, String what) {
        if (row.length != C) {
            throw new IllegalArgumentException(what + " row must have 8 values (ABAW order), got " + row.length);
        }
        FrameProbabilities.requireFinite(row, what + " probabilities");
    }

    /**
     * Ring buffer of the last {@code capacity} frames' rows (null = no row) with running double sums. The sums are
     * recomputed from the buffer every {@code capacity} pushes, so rounding drift stays bounded on endless streams
     * at O(1) amortised cost per frame.
     */
    /**
     * One frame's output.
     *
     * @param frameIndex    1-based frame number (pushes so far)
     * @param label         ABAW label
     * @param probabilities s, the causal mean of fused rows (the prior when {@code fromPrior})
     * @param gated         the confidence gate chose the label
     * @param filled        the frame had no face (visual probabilities held from the last face frame, if any)
     * @param fromPrior     no face seen yet and no audio in the window: the label is the prior's argmax
     */
    public record CausalFrame(
            int frameIndex, int label, float[] probabilities, boolean gated, boolean filled, boolean fromPrior) {
        public CausalFrame {
            probabilities = probabilities.clone();
        }

        @Override
        public float[] probabilities() {
            return probabilities.clone();
        }
    }
}
