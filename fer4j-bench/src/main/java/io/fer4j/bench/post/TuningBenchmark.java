package io.fer4j.bench.post;

import io.fer4j.postprocess.PostProcessingConfig;
import io.fer4j.tuning.GridSearch;
import io.fer4j.tuning.GridSearchResult;
import io.fer4j.tuning.HonestTuning;
import io.fer4j.tuning.KFoldByVideo;
import io.fer4j.tuning.PostProcessingGrid;
import io.fer4j.tuning.TuningVideo;
import java.util.List;
import java.util.Locale;

/**
 * Tuning benchmark (issue 2: the 21 × 10 × 11 grid of δ, p0, w over 280,000 validation frames in 70 videos, target
 * &lt; 30 s on 2 cores). Generates a synthetic validation set with audio and pretrained probabilities (not timed),
 * then times {@link GridSearch#search} several times and prints each run and the median.
 *
 * <p>Options: {@code --videos N} (70), {@code --frames F} per video (4000), {@code --runs R} (5),
 * {@code --threads T} (available cores, at most 8), {@code --no-audio} (w fixed at 1), {@code --folds K} (0 = off;
 * otherwise also times the k-fold honest estimate once).
 */
public final class TuningBenchmark {
    private TuningBenchmark() {}

    /** CPU time of this JVM, so a shared, overloaded machine can be told apart from a slow search. */
    static long processCpuNanos() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    public static void main(String[] args) {
        int videos = 70;
        int frames = 4000;
        int runs = 5;
        int threads = GridSearch.defaultThreads();
        boolean audio = true;
        int folds = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--videos" -> videos = Integer.parseInt(args[++i]);
                case "--frames" -> frames = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--no-audio" -> audio = false;
                case "--folds" -> folds = Integer.parseInt(args[++i]);
                default ->
                    throw new IllegalArgumentException("unknown option " + args[i]
                            + "; known: --videos N --frames F --runs R --threads T --no-audio --folds K");
            }
        }
        System.out.printf(
                Locale.ROOT,
                "java %s | %d cores | %d threads%n",
                System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(),
                threads);
        long g0 = System.nanoTime();
        List<TuningVideo> set = SyntheticValidationSet.generate(videos, frames, 0.1, audio, 42);
        System.out.printf(
                Locale.ROOT,
                "generated %d videos × %d frames (audio: %s) in %.1f s (not timed)%n",
                videos,
                frames,
                audio,
                (System.nanoTime() - g0) / 1e9);
        PostProcessingGrid grid = PostProcessingGrid.defaults();
        float[] prior = {0.3f, 0.05f, 0.03f, 0.03f, 0.15f, 0.1f, 0.06f, 0.28f};
        GridSearch search = new GridSearch(grid, prior, threads);
        System.out.printf(
                Locale.ROOT,
                "grid %d × %d × %d = %d configurations%n",
                grid.deltaFrames().length,
                grid.p0Values().length,
                audio ? grid.visualWeights().length : 1,
                audio ? grid.size() : grid.visualOnly().size());
        double[] seconds = new double[runs];
        double[] cpuSeconds = new double[runs];
        GridSearchResult result = null;
        for (int r = 0; r < runs; r++) {
            long c0 = processCpuNanos();
            long t0 = System.nanoTime();
            result = search.search(set);
            seconds[r] = (System.nanoTime() - t0) / 1e9;
            cpuSeconds[r] = (processCpuNanos() - c0) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "run %d: %.2f s wall, %.2f s CPU (all threads, incl. GC)%n",
                    r + 1,
                    seconds[r],
                    cpuSeconds[r]);
        }
        PostProcessingConfig best = result.best();
        System.out.printf(
                Locale.ROOT,
                "best %s: macro-F1 %.4f, accuracy %.4f over %d labelled frames%n",
                best,
                result.macroF1(),
                result.accuracy(),
                result.frameCount());
        System.out.printf(
                Locale.ROOT,
                "grid search median %.2f s wall, %.2f s CPU over %d runs (%d videos, %d frames)%n",
                SyntheticValidationSet.median(seconds),
                SyntheticValidationSet.median(cpuSeconds),
                runs,
                videos,
                (long) videos * frames);
        if (folds > 0) {
            long t0 = System.nanoTime();
            HonestTuning.Result honest = HonestTuning.run(set, search, new KFoldByVideo(folds, 1));
            System.out.printf(
                    Locale.ROOT,
                    "%d-fold by video: optimistic macro-F1 %.4f, honest %.4f (optimism %+.4f) in %.1f s%n",
                    folds,
                    honest.optimisticMacroF1(),
                    honest.honestMacroF1(),
                    honest.optimism(),
                    (System.nanoTime() - t0) / 1e9);
        }
    }
}
