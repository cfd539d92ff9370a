package io.fer4j.bundle;

import io.fer4j.head.Softmax;
import io.fer4j.label.AbawClass;
import io.fer4j.label.ClassSpace;
import io.fer4j.postprocess.PostProcessingConfig;
import io.fer4j.postprocess.VideoInputs;
import io.fer4j.postprocess.VideoPostProcessor;
import io.fer4j.postprocess.VideoPrediction;
import java.util.Objects;

/**
 * Applies a {@link Bundle} to one video's features: head → logit adjustment (calibrated probabilities, CONTRACTS §6)
 * → fill → fuse → smooth → gate (§7, through {@link VideoPostProcessor}). No I/O; immutable and thread-safe, so one
 * predictor serves many threads (streaming predict, Spark evaluation).
 *
 * <p>Per modality: {@code visual} uses the primary visual head and ignores audio rows; {@code both} fuses with the
 * audio head where the video has audio rows, and falls back to visual only (w = 1) where it has none; {@code audio}
 * labels every frame from the smoothed audio probabilities (the result's source is then
 * {@link VideoPrediction.Source#NO_FACE_AUDIO_ONLY}, i.e. "no visual input used") and fails for a video without
 * audio rows. A video with no face frame follows {@link VideoPostProcessor}'s documented fallbacks.
 */
public final class BundlePredictor {
    private static final int C = AbawClass.COUNT;
    /** Rows per head call; streaming predict batches its face rows the same way (bit-identical labels). */
    public static final int HEAD_BATCH_ROWS = 4096;

    private final Bundle bundle;
    private final ClassSpace space;
    private final VideoPostProcessor processor;

    public BundlePredictor(Bundle bundle) {
        this(bundle, bundle.postProcessing());
    }

    /** A predictor with another δ/p0/w than the bundle's (ablation rows, user overrides). */
    public BundlePredictor(Bundle bundle, PostProcessingConfig config) {
        this.bundle = Objects.requireNonNull(bundle, "bundle");
        this.space = bundle.backbone().space();
        this.processor = new VideoPostProcessor(config, bundle.priorHead().priorProbabilities());
    }

    public Bundle bundle() {
        return bundle;
    }

    public PostProcessingConfig config() {
        return processor.config();
    }

    /** Per-frame labels, probabilities and flags for frames 1..F of {@code video}. */
    public VideoPrediction predict(VideoFeatures video) {
        BundleCompatibility.requireWidths(bundle, video);
        Modality m = bundle.modality();
        float[] audio = null;
        if (m.usesAudio() && video.hasAudio()) {
            audio = headProbabilities(bundle.audioHead(), video.audio(), video.frameCount(), true);
        } else if (m == Modality.AUDIO) {
            throw new IllegalArgumentException("video " + video.id() + " has no audio rows (audio.npy) but the bundle"
                    + " predicts from audio only; run the audio extraction for it or use a visual bundle");
        }
        if (m == Modality.AUDIO) {
            return processor.process(new VideoInputs(video.frameCount(), new int[0], new float[0], null, audio));
        }
        float[] head = headProbabilities(bundle.visualHead(), video.embeddings(), video.rowCount(), true);
        float[] pretrained = space.abawProbabilities(video.logits(), video.rowCount());
        return processor.process(new VideoInputs(video.frameCount(), video.frames(), head, pretrained, audio));
    }

    /**
     * Probabilities of {@code head} for {@code rows} input rows: {@code softmax(z + a)} when {@code calibrated},
     * else {@code softmax(z)}; row-major rows × 8.
     */
    public static float[] headProbabilities(TrainedHead head, float[] inputRows, int rows, boolean calibrated) {
        float[] z = headLogits(head, inputRows, rows);
        Softmax.biasedSoftmaxRowsInPlace(
                z, rows, AbawClass.COUNT, calibrated ? head.adjustment().bias() : null);
        return z;
    }

    /** Raw head logits, rows × 8, computed in bounded batches. */
    public static float[] headLogits(TrainedHead head, float[] inputRows, int rows) {
        int d = head.head().inputDim();
        if ((long) rows * d != inputRows.length) {
            throw new IllegalArgumentException(head.name() + " expects rows of width " + d + ", got " + inputRows.length
                    + " values for " + rows + " rows");
        }
        float[] out = new float[rows * C];
        float[] x = new float[Math.min(rows, HEAD_BATCH_ROWS) * d];
        float[] z = new float[Math.min(rows, HEAD_BATCH_ROWS) * C];
        for (int from = 0; from < rows; from += HEAD_BATCH_ROWS) {
            int n = Math.min(HEAD_BATCH_ROWS, rows - from);
            System.arraycopy(inputRows, from * d, x, 0, n * d);
            head.head().predictLogits(x, n, z);
            System.arraycopy(z, 0, out, from * C, n * C);
        }
        return out;
    }
}
