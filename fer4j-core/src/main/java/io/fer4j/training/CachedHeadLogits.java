package io.fer4j.training;

import io.fer4j.bundle.BundlePredictor;
import io.fer4j.bundle.TrainedHead;
import io.fer4j.bundle.VideoFeatures;
import io.fer4j.head.Softmax;
import io.fer4j.label.AbawClass;
import io.fer4j.label.ClassSpace;
import io.fer4j.postprocess.VideoInputs;
import io.fer4j.tuning.TuningVideo;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One labelled video's raw head outputs, computed once so that logit adjustments, ablation rows and δ/p0/w grids can
 * be tried without running the heads again. About 100 bytes per frame and head.
 *
 * @param id          video id
 * @param trueLabels  labels of frames 1..F (−1 = ignored)
 * @param faceFrames  face frames ≤ F (n)
 * @param pretrained  n × 8 backbone probabilities in ABAW order
 * @param logits      head name → raw logits: n × 8 for visual heads, F × 8 for the audio head (absent when the
 *                    video has no audio.npy)
 */
public record CachedHeadLogits(
        String id, int[] trueLabels, int[] faceFrames, float[] pretrained, Map<String, float[]> logits) {
    private static final int C = AbawClass.COUNT;

    public CachedHeadLogits {
        logits = Collections.unmodifiableMap(new LinkedHashMap<>(logits));
    }

    /** Runs every head of {@code heads} on {@code video} (its rows aligned to the annotation). */
    public static CachedHeadLogits compute(AnnotatedVideo video, Collection<TrainedHead> heads, ClassSpace space) {
        return compute(video.annotation().labels(), video.features(), heads, space);
    }

    /** Runs every head of {@code heads} on features {@code f} whose frames 1..F carry {@code labels}. */
    public static CachedHeadLogits compute(
            int[] labels, VideoFeatures f, Collection<TrainedHead> heads, ClassSpace space) {
        if (labels.length != f.frameCount()) {
            throw new IllegalArgumentException(
                    "video " + f.id() + ": " + labels.length + " labels for " + f.frameCount() + " frames");
        }
        Map<String, float[]> logits = new LinkedHashMap<>();
        for (TrainedHead h : heads) {
            if (h.isAudio()) {
                if (f.hasAudio()) {
                    logits.put(h.name(), BundlePredictor.headLogits(h, f.audio(), f.frameCount()));
                }
            } else {
                logits.put(h.name(), BundlePredictor.headLogits(h, f.embeddings(), f.rowCount()));
            }
        }
        return new CachedHeadLogits(
                f.id(), labels.clone(), f.frames(), space.abawProbabilities(f.logits(), f.rowCount()), logits);
    }

    public int frameCount() {
        return trueLabels.length;
    }

    /** Labels of the rows of {@code head}'s logits: face frames for visual heads, frames 1..F for audio. */
    public int[] rowLabels(boolean audioHead) {
        if (audioHead) {
            return trueLabels.clone();
        }
        int[] y = new int[faceFrames.length];
        for (int r = 0; r < y.length; r++) {
            y[r] = trueLabels[faceFrames[r] - 1];
        }
        return y;
    }

    /**
     * Post-processing inputs of this video under {@code spec} with the given biases (null = uncalibrated softmax).
     * Without a visual head the video is audio-only (no face frames); without audio rows, fusion falls back to w = 1.
     */
    public TuningVideo tuningVideo(PipelineSpec spec, float[] visualBias, float[] audioBias) {
        float[] audio = null;
        if (spec.audioHead() != null && logits.containsKey(spec.audioHead())) {
            audio = logits.get(spec.audioHead()).clone();
            Softmax.biasedSoftmaxRowsInPlace(audio, frameCount(), AbawClass.COUNT, audioBias);
        }
        if (spec.visualHead() == null) {
            if (audio == null) {
                // audio-only row on a video without audio: nothing to predict from but the prior
                return new TuningVideo(
                        id, trueLabels, new VideoInputs(frameCount(), new int[0], new float[0], null, null));
            }
            return new TuningVideo(
                    id, trueLabels, new VideoInputs(frameCount(), new int[0], new float[0], null, audio));
        }
        float[] visual = logits.get(spec.visualHead()).clone();
        Softmax.biasedSoftmaxRowsInPlace(visual, faceFrames.length, AbawClass.COUNT, visualBias);
        return new TuningVideo(
                id,
                trueLabels,
                new VideoInputs(
                        frameCount(),
                        faceFrames,
                        visual,
                        spec.gate() ? pretrained : null,
                        spec.fusion() ? audio : null));
    }

    /** Number of visual rows. */
    public int rowCount() {
        return faceFrames.length;
    }

    static int classes() {
        return C;
    }
}
