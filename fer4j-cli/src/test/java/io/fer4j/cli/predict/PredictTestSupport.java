package io.fer4j.cli.predict;

import io.fer4j.bundle.BackboneInfo;
import io.fer4j.bundle.Bundle;
import io.fer4j.bundle.BundleFiles;
import io.fer4j.bundle.Modality;
import io.fer4j.bundle.Provenance;
import io.fer4j.bundle.SplitSummary;
import io.fer4j.bundle.TrainedHead;
import io.fer4j.engine.Engine;
import io.fer4j.engine.EngineSpec;
import io.fer4j.head.HeadLoss;
import io.fer4j.head.MlpHead;
import io.fer4j.label.AbawClass;
import io.fer4j.logitadjustment.LogitAdjustment;
import io.fer4j.postprocess.PostProcessingConfig;
import io.fer4j.store.Sha256;
import io.fer4j.vision.registry.ModelResolver;
import io.fer4j.vision.testing.SquareFaceDetector;
import io.fer4j.vision.testing.SyntheticVideos;
import io.fer4j.vision.testing.TinyOnnxModels;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** A tiny backbone, a synthetic video with a "face" in its first frames, and hand-made bundles. */
final class PredictTestSupport {
    static final int FRAMES = 30;
    static final int FACE_FRAMES = 20;
    static final double FPS = 10;

    private PredictTestSupport() {}

    /** 30 frames at 10 fps; a white square (the test detector's "face") moving in frames 1..20, none after. */
    static Path video(Path dir) throws Exception {
        return SyntheticVideos.write(
                dir.resolve("clip.mp4"),
                FRAMES,
                FPS,
                96,
                64,
                k -> k <= FACE_FRAMES ? List.of(new int[] {10 + k, 12 + (k % 5), 24}) : List.of());
    }

    static Path backbone(Path dir) {
        return TinyOnnxModels.build(TinyOnnxModels.Options.defaults()
                        .withSize(16)
                        .withChannels(6)
                        .withSeed(7))
                .write(dir.resolve("tiny_backbone.onnx"));
    }

    static EngineSpec choice(Path backbone, Path bundle, Integer delta, Double p0) {
        return EngineSpec.builder()
                .backbone(backbone.toString())
                .detector(SquareFaceDetector::new)
                .detectWidth(640)
                .bundle(bundle)
                .threads(1)
                .deltaFrames(delta)
                .p0(p0)
                .build();
    }

    static Engine load(EngineSpec c) {
        return Engine.open(c, ModelResolver.defaults());
    }

    /** relu(W1 x + b1) of the hand-made heads (D = 6, H = 4), in double. */
    static double[] hidden(float[] w1, float[] b1, float[] x) {
        double[] h = new double[4];
        for (int j = 0; j < 4; j++) {
            double acc = b1[j];
            for (int i = 0; i < 6; i++) {
                acc += (double) w1[j * 6 + i] * x[i];
            }
            h[j] = Math.max(0, acc);
        }
        return h;
    }

    /** Head weights of the hand-made bundle (D = 6, H = 4). */
    static final class Weights {
        final float[] w1 = new float[4 * 6];
        final float[] b1 = new float[4];
        final float[] w2 = new float[8 * 4];
        final float[] b2 = new float[8];
        final float[] bias = {0.1f, -0.2f, 0.3f, 0f, 0.5f, -0.1f, 0.2f, -0.4f};

        Weights() {
            Random r = new Random(3);
            for (float[] a : List.of(w1, b1, w2, b2)) {
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) (r.nextGaussian() * 2);
                }
            }
        }

        /** softmax(W2 relu(W1 x + b1) + b2 + bias), computed here in double independently of MlpHead. */
        double[] probabilities(float[] x) {
            double[] h = hidden(w1, b1, x);
            double[] z = new double[8];
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < 8; c++) {
                double acc = b2[c] + bias[c];
                for (int j = 0; j < 4; j++) {
                    acc += (double) w2[c * 4 + j] * h[j];
                }
                z[c] = acc;
                max = Math.max(max, acc);
            }
            double sum = 0;
            for (int c = 0; c < 8; c++) {
                z[c] = Math.exp(z[c] - max);
                sum += z[c];
            }
            for (int c = 0; c < 8; c++) {
                z[c] /= sum;
            }
            return z;
        }
    }

    /** A visual bundle over {@code backbone} with the given head weights and δ/p0. */
    static Path bundle(Path dir, String backboneName, String backboneSha, Weights w, PostProcessingConfig config) {
        MlpHead head = MlpHead.of(6, 4, 8, w.w1, w.b1, w.w2, w.b2);
        TrainedHead th = new TrainedHead(
                TrainedHead.VISUAL_WEIGHTED_CE,
                TrainedHead.INPUT_VISUAL,
                HeadLoss.WEIGHTED_CE,
                head,
                new LogitAdjustment(w.bias, "paper"),
                Map.of(),
                new long[] {5, 1, 1, 1, 3, 1, 1, 1},
                new float[] {1, 5, 5, 5, 1.6667f, 5, 5, 5},
                List.of(),
                1,
                1);
        SplitSummary split =
                new SplitSummary("Train_Set", 1, 14, 14, new long[] {5, 1, 1, 1, 3, 1, 1, 1}, 0, 0, "", List.of());
        Bundle b = new Bundle(
                Bundle.FORMAT_VERSION,
                AbawClass.displayNames(),
                new BackboneInfo(backboneName, backboneSha, 6, 8, "affectnet8"),
                Modality.VISUAL,
                TrainedHead.VISUAL_WEIGHTED_CE,
                Map.of(th.name(), th),
                config,
                0,
                new Provenance(
                        "test",
                        "2026-01-01T00:00:00Z",
                        "/store",
                        "/annotations",
                        Map.of("loss", "weighted-ce"),
                        split,
                        split,
                        Map.of("tuned_macro_f1", 0.5)));
        Path file = dir.resolve("test.fer4j");
        BundleFiles.write(file, b);
        return file;
    }

    /** The tiny backbone with 10 outputs: 8 AffectNet logits, then valence and arousal (a {@code *_va_mtl} one). */
    static Path multiTaskBackbone(Path dir) {
        return TinyOnnxModels.build(TinyOnnxModels.Options.defaults()
                        .withSize(16)
                        .withChannels(6)
                        .withOutputs(10)
                        .withSeed(7))
                .write(dir.resolve("tiny_va_mtl.onnx"));
    }

    /** Weights of a hand-made VA head (D = 6, H = 4, 2 outputs). */
    static final class VaWeights {
        final float[] w1 = new float[4 * 6];
        final float[] b1 = new float[4];
        final float[] w2 = new float[2 * 4];
        final float[] b2 = new float[2];

        VaWeights() {
            Random r = new Random(11);
            for (float[] a : List.of(w1, b1, w2, b2)) {
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) r.nextGaussian();
                }
            }
            for (int i = 0; i < w1.length; i++) {
                w1[i] = Math.abs(w1[i]); // the embeddings are ≥ 0 (ReLU, pooling): every hidden unit stays active
            }
        }

        /** W2 relu(W1 x + b1) + b2, computed here in double independently of MlpHead. */
        double[] valenceArousal(float[] x) {
            double[] h = hidden(w1, b1, x);
            double[] out = new double[2];
            for (int k = 0; k < 2; k++) {
                double acc = b2[k];
                for (int j = 0; j < 4; j++) {
                    acc += (double) w2[k * 4 + j] * h[j];
                }
                out[k] = acc;
            }
            return out;
        }
    }

    /**
     * A VA-only bundle ({@code "tasks": ["va"]}) over the multi-task {@code backbone}: the head {@code w} (source
     * {@code HEAD}) or, with {@code w} null, the backbone's own outputs (source {@code BACKBONE}); δ as given.
     */
    static Path vaBundle(Path dir, String fileName, Path backbone, VaWeights w, int deltaFrames) {
        Map<String, io.fer4j.va.VaHead> heads = w == null
                ? Map.of()
                : Map.of(
                        io.fer4j.va.VaHead.VISUAL,
                        new io.fer4j.va.VaHead(
                                io.fer4j.va.VaHead.VISUAL,
                                io.fer4j.va.VaLoss.CCC,
                                MlpHead.of(6, 4, 2, w.w1, w.b1, w.w2, w.b2),
                                List.of(),
                                1));
        SplitSummary split = new SplitSummary("Train_Set", 1, 14, 14, new long[8], 0, 0, "", List.of());
        io.fer4j.va.VaBundle b = new io.fer4j.va.VaBundle(
                new BackboneInfo(
                        backbone.getFileName().toString().replaceFirst("\\.onnx$", ""),
                        sha(backbone),
                        6,
                        10,
                        "affectnet8-va"),
                w == null ? io.fer4j.va.VaSource.BACKBONE : io.fer4j.va.VaSource.HEAD,
                Modality.VISUAL,
                heads,
                deltaFrames,
                1.0,
                0,
                new Provenance(
                        "test",
                        "2026-01-01T00:00:00Z",
                        "/store",
                        "/annotations",
                        Map.of("loss", "ccc"),
                        split,
                        split,
                        Map.of("ccc_mean", 0.5)));
        Path file = dir.resolve(fileName);
        BundleFiles.writeVa(file, b);
        return file;
    }

    static String sha(Path file) {
        return Sha256.of(file);
    }
}
