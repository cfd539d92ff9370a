package io.fer4j.postprocess;

import java.util.Arrays;

/**
 * CONTRACTS §7 for a whole video: fill → fuse → smooth (centred) → gate, in that order, with one
 * {@link PostProcessingConfig}. Immutable and thread-safe.
 *
 * <p>Edge cases (all flagged in {@link VideoPrediction}):
 * <ul>
 *   <li>no face in the whole video: with audio, labels are the argmax of the smoothed audio probabilities
 *   (fusion and gate do not apply: there is nothing visual); without audio, every frame gets the argmax of the
 *   head's prior, given to the constructor;</li>
 *   <li>no pretrained probabilities: the gate never fires;</li>
 *   <li>no audio: w is taken as 1 whatever the config says;</li>
 *   <li>δ ≥ F: every frame's window is the whole video; F = 1 works as any other F.</li>
 * </ul>
 */
public final class VideoPostProcessor {
    private static final int C = FrameProbabilities.CLASSES;

    private final PostProcessingConfig config;
    private final float[] priorProbabilities;

    /**
     * @param config             δ, p0, w
     * @param priorProbabilities the head's class prior (8 values, ABAW order), e.g. training class frequencies; used
     *                           only for videos with neither a face nor audio
     */
    public VideoPostProcessor(PostProcessingConfig config, float[] priorProbabilities) {
        this.config = java.util.Objects.requireNonNull(config, "config");
        if (priorProbabilities.length != C) {
            throw new IllegalArgumentException(
                    "prior must have 8 values (ABAW order), got " + priorProbabilities.length);
        }
        FrameProbabilities.requireFinite(priorProbabilities, "prior probabilities");
        this.priorProbabilities = priorProbabilities.clone();
    }

    public PostProcessingConfig config() {
        return config;
    }

    /** The label given to frames of videos with neither a face nor audio. */
    public int priorLabel() {
        return FrameProbabilities.argmax(priorProbabilities, 0, C);
    }

    public VideoPrediction process(VideoInputs in) {
        int frames = in.frameCount();
        TemporalSmoothing smoothing = config.smoothing();
        boolean[] noGate = new boolean[frames];
        if (!in.hasFaces()) {
            boolean[] allFilled = new boolean[frames];
            Arrays.fill(allFilled, true);
            if (in.hasAudio()) {
                FrameProbabilities s = smoothing.apply(FrameProbabilities.owning(frames, in.audioView()));
                return new VideoPrediction(
                        s.argmaxLabels(), s, noGate, allFilled, VideoPrediction.Source.NO_FACE_AUDIO_ONLY);
            }
            float[] repeated = new float[frames * C];
            for (int f = 0; f < frames; f++) {
                System.arraycopy(priorProbabilities, 0, repeated, f * C, C);
            }
            int[] labels = new int[frames];
            Arrays.fill(labels, priorLabel());
            return new VideoPrediction(
                    labels,
                    FrameProbabilities.owning(frames, repeated),
                    noGate,
                    allFilled,
                    VideoPrediction.Source.NO_FACE_PRIOR);
        }
        int[] faceFrames = in.faceFramesView();
        boolean[] filled = FillMissingFrames.filledMask(frames, faceFrames);
        FrameProbabilities visual = FillMissingFrames.apply(frames, faceFrames, in.headView());
        FrameProbabilities p = in.hasAudio()
                ? config.fusion().apply(visual, FrameProbabilities.owning(frames, in.audioView()))
                : visual;
        FrameProbabilities s = smoothing.apply(p);
        ConfidenceGate gate = config.gate();
        if (!in.hasPretrained() || gate.isOff()) {
            return new VideoPrediction(s.argmaxLabels(), s, noGate, filled, VideoPrediction.Source.FACES);
        }
        FrameProbabilities q = smoothing.apply(FillMissingFrames.apply(frames, faceFrames, in.pretrainedView()));
        ConfidenceGate.GateResult gr = gate.apply(s, q);
        return new VideoPrediction(gr.labels(), s, gr.gated(), filled, VideoPrediction.Source.FACES);
    }
}
