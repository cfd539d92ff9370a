package io.fer4j.bench.post;

import io.fer4j.postprocess.VideoInputs;
import io.fer4j.tuning.TuningVideo;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic synthetic validation videos shaped like Aff-Wild2's: expression segments of 30–300 frames, about
 * {@code missingFraction} of frames without a face (in short gaps), 5% of frames labelled −1, and per-frame head,
 * pretrained and audio probabilities that lean towards the true class with frame-level noise (so smoothing, gating
 * and fusion all matter).
 */
final class SyntheticValidationSet {
    private static final int C = 8;

    private SyntheticValidationSet() {}

    static List<TuningVideo> generate(
            int videos, int framesPerVideo, double missingFraction, boolean audio, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<TuningVideo> out = new ArrayList<>(videos);
        for (int v = 0; v < videos; v++) {
            int frames = framesPerVideo;
            int[] truth = new int[frames];
            int f = 0;
            while (f < frames) {
                int label = rnd.nextInt(C);
                int length = 30 + rnd.nextInt(271);
                for (int i = 0; i < length && f < frames; i++, f++) {
                    truth[f] = label;
                }
            }
            boolean[] face = new boolean[frames];
            java.util.Arrays.fill(face, true);
            // Gaps of 1–20 frames until about missingFraction of frames have no face.
            int missing = 0;
            while (missing < missingFraction * frames) {
                int start = rnd.nextInt(frames);
                int length = 1 + rnd.nextInt(20);
                for (int i = start; i < Math.min(frames, start + length); i++) {
                    if (face[i]) {
                        face[i] = false;
                        missing++;
                    }
                }
            }
            int faceCount = frames - missing;
            int[] faceFrames = new int[faceCount];
            float[] head = new float[faceCount * C];
            float[] pretrained = new float[faceCount * C];
            int r = 0;
            for (int i = 0; i < frames; i++) {
                if (face[i]) {
                    faceFrames[r] = i + 1;
                    noisyRow(rnd, truth[i], 0.5, head, r * C);
                    noisyRow(rnd, truth[i] == 7 ? rnd.nextInt(7) : truth[i], 1.0, pretrained, r * C);
                    r++;
                }
            }
            float[] audioRows = null;
            if (audio) {
                audioRows = new float[frames * C];
                for (int i = 0; i < frames; i++) {
                    noisyRow(rnd, truth[i], 0.3, audioRows, i * C);
                }
            }
            for (int i = 0; i < frames; i++) {
                if (rnd.nextInt(20) == 0) {
                    truth[i] = -1;
                }
            }
            out.add(new TuningVideo(
                    String.format("synthetic-%03d", v),
                    truth,
                    new VideoInputs(frames, faceFrames, head, pretrained, audioRows)));
        }
        return out;
    }

    /** Softmax of Gaussian logits plus {@code signal} on the true class. */
    private static void noisyRow(SplittableRandom rnd, int label, double signal, float[] out, int offset) {
        double[] z = new double[C];
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < C; k++) {
            z[k] = gaussian(rnd) + (k == label ? signal : 0.0);
            max = Math.max(max, z[k]);
        }
        double sum = 0;
        for (int k = 0; k < C; k++) {
            z[k] = Math.exp(z[k] - max);
            sum += z[k];
        }
        for (int k = 0; k < C; k++) {
            out[offset + k] = (float) (z[k] / sum);
        }
    }

    private static double gaussian(SplittableRandom rnd) {
        double u = 1.0 - rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    static double median(double[] values) {
        double[] s = values.clone();
        java.util.Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
