package io.fer4j.va;

import io.fer4j.bundle.VideoFeatures;
import io.fer4j.head.MlpHead;
import io.fer4j.postprocess.FillMissingFrames;

/**
 * One video's valence/arousal sequences before fusion and smoothing, each F×2 (frame i at row i−1) or null where
 * the input is absent: the backbone's own VA outputs and the visual head's outputs, both filled over frames without
 * a face (CONTRACTS §7 step 1, as for probabilities), and the audio head's outputs.
 *
 * @param backbone backbone logits columns 8–9 filled, or null (no VA outputs, or no face)
 * @param head     visual VA head outputs filled, or null (no head, or no face)
 * @param audio    audio VA head outputs, or null
 */
public record VaVideoOutputs(String id, int frameCount, float[] backbone, float[] head, float[] audio) {
    private static final int K = VaTrainingRows.OUTPUTS;
    private static final int BATCH_ROWS = 4096;

    /** Which sequences a pipeline uses. */
    public enum Inputs {
        BACKBONE,
        HEAD,
        AUDIO,
        HEAD_AND_AUDIO,
        BACKBONE_AND_AUDIO;

        public boolean usesAudio() {
            return this == AUDIO || this == HEAD_AND_AUDIO || this == BACKBONE_AND_AUDIO;
        }

        /** The inputs of a bundle's source and modality. */
        public static Inputs of(VaSource source, io.fer4j.bundle.Modality modality) {
            if (!modality.usesVisual()) {
                return AUDIO;
            }
            boolean backbone = source == VaSource.BACKBONE;
            if (modality.usesAudio()) {
                return backbone ? BACKBONE_AND_AUDIO : HEAD_AND_AUDIO;
            }
            return backbone ? BACKBONE : HEAD;
        }
    }

    /**
     * The sequences of one video.
     *
     * @param visualHead the visual VA head, or null
     * @param audioHead  the audio VA head, or null
     */
    public static VaVideoOutputs compute(VideoFeatures f, MlpHead visualHead, MlpHead audioHead) {
        int frames = f.frameCount();
        int n = f.rowCount();
        float[] backbone = null;
        float[] head = null;
        if (n > 0 && VaBundle.hasBackboneVa(f.logitsDim())) {
            float[] logits = f.logits();
            float[] rows = new float[n * K];
            for (int r = 0; r < n; r++) {
                rows[r * K] = logits[r * f.logitsDim() + VaBundle.BACKBONE_VALENCE_COLUMN];
                rows[r * K + 1] = logits[r * f.logitsDim() + VaBundle.BACKBONE_VALENCE_COLUMN + 1];
            }
            backbone = filled(frames, f.frames(), rows);
        }
        if (n > 0 && visualHead != null) {
            head = filled(frames, f.frames(), predict(visualHead, f.embeddings(), n));
        }
        float[] audio = audioHead != null && f.hasAudio() ? predict(audioHead, f.audio(), frames) : null;
        return new VaVideoOutputs(f.id(), frames, backbone, head, audio);
    }

    private static float[] filled(int frames, int[] faceFrames, float[] rows) {
        float[] out = new float[frames * K];
        FillMissingFrames.fillInto(frames, faceFrames, rows, K, out);
        return out;
    }

    private static float[] predict(MlpHead head, float[] x, int rows) {
        float[] out = new float[rows * K];
        int d = head.inputDim();
        float[] chunk = new float[Math.min(rows, BATCH_ROWS) * K];
        for (int from = 0; from < rows; from += BATCH_ROWS) {
            int count = Math.min(BATCH_ROWS, rows - from);
            float[] xs = java.util.Arrays.copyOfRange(x, from * d, (from + count) * d);
            head.predictLogits(xs, count, chunk);
            System.arraycopy(chunk, 0, out, from * K, count * K);
        }
        return out;
    }

    /** The visual sequence of {@code inputs} (null for audio-only). */
    public float[] visual(Inputs inputs) {
        return switch (inputs) {
            case BACKBONE, BACKBONE_AND_AUDIO -> backbone;
            case HEAD, HEAD_AND_AUDIO -> head;
            case AUDIO -> null;
        };
    }

    /** Whether the video has no face frame (its visual sequences are null). */
    public boolean noFace(Inputs inputs) {
        return inputs != Inputs.AUDIO && visual(inputs) == null;
    }
}
