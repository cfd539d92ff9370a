package io.fer4j.bench.post;

import io.fer4j.tuning.KFoldByVideo;
import io.fer4j.tuning.PostProcessingGrid;
import io.fer4j.va.VaScoredVideo;
import io.fer4j.va.VaTuning;
import io.fer4j.va.VaVideoOutputs;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Valence-arousal tuning benchmark (issue 19: δ tuning over 280,000 validation frames, target &lt; 30 s on this
 * machine): 70 synthetic videos × 4000 frames with a noisy visual head, a noisier audio head and 5% unannotated
 * frames (generated, not timed), then {@link VaTuning#tune} over the default δ grid (21 values) × w (11 values) with
 * fusion, timed several times (median printed), and the k-fold honest estimate once.
 *
 * <p>Options: {@code --videos N} (70), {@code --frames F} (4000), {@code --runs R} (5), {@code --no-audio}
 * (δ only), {@code --folds K} (5; 0 = off).
 */
public final class VaTuningBenchmark {
    private VaTuningBenchmark() {}

    public static void main(String[] args) {
        int videos = 70;
        int frames = 4000;
        int runs = 5;
        boolean audio = true;
        int folds = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--videos" -> videos = Integer.parseInt(args[++i]);
                case "--frames" -> frames = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--no-audio" -> audio = false;
                case "--folds" -> folds = Integer.parseInt(args[++i]);
                default ->
                    throw new IllegalArgumentException("unknown option " + args[i]
                            + "; known: --videos N --frames F --runs R --no-audio --folds K");
            }
        }
        System.out.printf(
                Locale.ROOT,
                "java %s | %d cores%n",
                System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        long g0 = System.nanoTime();
        List<VaScoredVideo> set = generate(videos, frames, audio, 42);
        System.out.printf(
                Locale.ROOT,
                "generated %d videos × %d frames (audio: %s) in %.1f s (not timed)%n",
                videos,
                frames,
                audio,
                (System.nanoTime() - g0) / 1e9);
        PostProcessingGrid grid = PostProcessingGrid.defaults();
        VaVideoOutputs.Inputs inputs = audio ? VaVideoOutputs.Inputs.HEAD_AND_AUDIO : VaVideoOutputs.Inputs.HEAD;
        System.out.printf(
                Locale.ROOT, "grid %d δ × %d w%n", grid.deltaFrames().length, audio ? grid.visualWeights().length : 1);
        double[] seconds = new double[runs];
        double[] cpu = new double[runs];
        VaTuning.Choice best = null;
        for (int r = 0; r < runs; r++) {
            long c0 = TuningBenchmark.processCpuNanos();
            long t0 = System.nanoTime();
            best = VaTuning.tune(set, inputs, grid.deltaFrames(), grid.visualWeights());
            seconds[r] = (System.nanoTime() - t0) / 1e9;
            cpu[r] = (TuningBenchmark.processCpuNanos() - c0) / 1e9;
            System.out.printf(Locale.ROOT, "run %d: %.2f s wall, %.2f s CPU%n", r + 1, seconds[r], cpu[r]);
        }
        System.out.printf(
                Locale.ROOT,
                "best δ=%d w=%s: CCC valence %.4f, arousal %.4f, mean %.4f over %d annotated" + " frames%n",
                best.deltaFrames(),
                best.visualWeight(),
                best.score().valence().ccc(),
                best.score().arousal().ccc(),
                best.score().cccMean(),
                best.score().frameCount());
        System.out.printf(
                Locale.ROOT,
                "VA tuning median %.2f s wall, %.2f s CPU over %d runs (%d videos, %d frames)%n",
                SyntheticValidationSet.median(seconds),
                SyntheticValidationSet.median(cpu),
                runs,
                videos,
                (long) videos * frames);
        if (folds > 0) {
            long t0 = System.nanoTime();
            double honest = VaTuning.honest(
                            set, inputs, grid.deltaFrames(), grid.visualWeights(), new KFoldByVideo(folds, 1))
                    .cccMean();
            System.out.printf(
                    Locale.ROOT,
                    "%d-fold by video: optimistic CCC mean %.4f, honest %.4f in %.1f s%n",
                    folds,
                    best.score().cccMean(),
                    honest,
                    (System.nanoTime() - t0) / 1e9);
        }
    }

    /** Slow true curves; head = truth + N(0, 0.35) per frame, audio = truth + N(0, 0.6), backbone = 0.5·truth. */
    static List<VaScoredVideo> generate(int videos, int frames, boolean audio, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<VaScoredVideo> out = new ArrayList<>();
        for (int v = 0; v < videos; v++) {
            double[] truth = new double[frames * 2];
            boolean[] annotated = new boolean[frames];
            float[] head = new float[frames * 2];
            float[] backbone = new float[frames * 2];
            float[] audioRows = audio ? new float[frames * 2] : null;
            double[] period = {80 + 300 * r.nextDouble(), 80 + 300 * r.nextDouble()};
            double[] phase = {6.283 * r.nextDouble(), 6.283 * r.nextDouble()};
            for (int f = 0; f < frames; f++) {
                annotated[f] = r.nextDouble() >= 0.05;
                for (int k = 0; k < 2; k++) {
                    double t = 0.6 * Math.sin(2 * Math.PI * f / period[k] + phase[k]);
                    truth[f * 2 + k] = annotated[f] ? t : -5;
                    head[f * 2 + k] = (float) (t + 0.35 * gaussian(r));
                    backbone[f * 2 + k] = (float) (0.5 * t + 0.2 * gaussian(r));
                    if (audioRows != null) {
                        audioRows[f * 2 + k] = (float) (t + 0.6 * gaussian(r));
                    }
                }
            }
            out.add(new VaScoredVideo(
                    new VaVideoOutputs("video_" + v, frames, backbone, head, audioRows), truth, annotated));
        }
        return out;
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
