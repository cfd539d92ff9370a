package io.fer4j.audio;

/**
 * CONTRACTS §9: with n_a audio rows and F video frames, frame i (1-based) takes row {@code floor((i − 1) · n_a / F)}.
 *
 * <p>The mapping is proportional, not by timestamps: the audio rows are spread evenly over the video's frames
 * whatever the two durations are. When the audio track is shorter or longer than the video (a late start, a trailing
 * video-only tail), its rows are stretched or compressed onto the frames — the paper's behaviour, kept so stores
 * match it. {@link AudioStage} reports a warning when the durations differ by more than
 * {@link #DURATION_MISMATCH_TOLERANCE}.
 */
public final class FrameAlignment {
    /** Relative duration difference above which the audio/video mismatch is reported (5 %). */
    public static final double DURATION_MISMATCH_TOLERANCE = 0.05;

    private FrameAlignment() {}

    /** The 0-based audio row of 1-based frame {@code frameIndex}. */
    public static int rowForFrame(int frameIndex, int audioRows, int frameCount) {
        if (frameIndex < 1 || frameIndex > frameCount) {
            throw new IllegalArgumentException("frame " + frameIndex + " is outside 1.." + frameCount);
        }
        if (audioRows < 1) {
            throw new IllegalArgumentException("need at least one audio row; got " + audioRows);
        }
        return (int) ((long) (frameIndex - 1) * audioRows / frameCount);
    }

    /**
     * Row i of the result is the audio row of frame i + 1: a row-major [F, D] array (audio.npy).
     *
     * @param frameCount F ≥ 1
     */
    public static float[] align(AudioEmbeddings audio, int frameCount) {
        if (frameCount < 1) {
            throw new IllegalArgumentException("a video needs at least one frame to align audio to; got " + frameCount);
        }
        int d = audio.dim();
        float[] out = new float[Math.multiplyExact(frameCount, d)];
        for (int i = 1; i <= frameCount; i++) {
            int row = rowForFrame(i, audio.rows(), frameCount);
            System.arraycopy(audio.data(), row * d, out, (i - 1) * d, d);
        }
        return out;
    }
}
