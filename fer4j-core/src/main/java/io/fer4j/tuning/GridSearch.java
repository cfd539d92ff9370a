package io.fer4j.tuning;

import io.fer4j.label.AbawClass;
import io.fer4j.metrics.ConfusionMatrix;
import io.fer4j.postprocess.ConfidenceGate;
import io.fer4j.postprocess.FillMissingFrames;
import io.fer4j.postprocess.FrameProbabilities;
import io.fer4j.postprocess.LateFusion;
import io.fer4j.postprocess.PostProcessingConfig;
import io.fer4j.postprocess.TemporalSmoothing;
import io.fer4j.postprocess.VideoInputs;
import io.fer4j.postprocess.VideoPostProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Grid search of δ, p0 and w on labelled validation videos, maximising macro-F1 over all frames of all videos
 * pooled (confusions are summed over videos, never F1s averaged; CONTRACTS §8). Immutable and thread-safe.
 *
 * <p>The labels are exactly those {@link VideoPostProcessor} gives for each configuration (same kernels, same float
 * rounding), but nothing is recomputed that does not change: per video the fill runs once and the prefix sums of
 * the pretrained probabilities once; fused probabilities and their prefix sums once per w; the window means once
 * per (δ, w) and only at labelled frames; and all p0 values at once, since a frame is gated exactly for the
 * thresholds below its smoothed candidate probability (a difference array over the sorted p0 values). Videos are
 * spread over a small fixed thread pool, each thread summing its own confusion counts, so the result does not
 * depend on scheduling.
 *
 * <p>Ties in macro-F1 prefer the smaller δ (less smoothing, less latency), then the larger p0 (the gate overrides
 * the head less often), then the larger w (more weight on the visual head, which exists for every frame).
 */
public final class GridSearch {
    private static final int C = FrameProbabilities.CLASSES;
    private static final int CC = C * C;

    private final PostProcessingGrid grid;
    private final float[] priorProbabilities;
    private final int threads;

    /**
     * @param grid               values to try
     * @param priorProbabilities the head's prior (8 values), for videos with neither a face nor audio
     * @param threads            worker threads (≥ 1); {@link #defaultThreads()} uses the available cores, at most 8
     */
    public GridSearch(PostProcessingGrid grid, float[] priorProbabilities, int threads) {
        this.grid = java.util.Objects.requireNonNull(grid, "grid");
        if (priorProbabilities.length != C) {
            throw new IllegalArgumentException("prior must have 8 values, got " + priorProbabilities.length);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be ≥ 1, got " + threads);
        }
        this.priorProbabilities = priorProbabilities.clone();
        this.threads = threads;
    }

    public GridSearch(PostProcessingGrid grid, float[] priorProbabilities) {
        this(grid, priorProbabilities, defaultThreads());
    }

    public static int defaultThreads() {
        return Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
    }

    public PostProcessingGrid grid() {
        return grid;
    }

    public float[] priorProbabilities() {
        return priorProbabilities.clone();
    }

    /**
     * Scores every configuration of the grid on {@code videos} and returns the best.
     *
     * @throws IllegalArgumentException when {@code videos} is empty or has no labelled frame
     */
    public GridSearchResult search(List<TuningVideo> videos) {
        if (videos.isEmpty()) {
            throw new IllegalArgumentException("no videos to tune on");
        }
        boolean anyAudio = videos.stream().anyMatch(v -> v.inputs().hasAudio());
        PostProcessingGrid g = anyAudio ? grid : grid.visualOnly();
        int[] deltas = g.deltaFrames();
        double[] p0s = g.p0Values();
        double[] ws = g.visualWeights();
        long[] counts = countAll(videos, deltas, p0s, ws);

        List<GridCell> table = new ArrayList<>(g.size());
        PostProcessingConfig best = null;
        ConfusionMatrix bestConfusion = null;
        double bestF1 = Double.NEGATIVE_INFINITY;
        long frames = 0;
        for (int d = 0; d < deltas.length; d++) {
            for (int k = 0; k < p0s.length; k++) {
                for (int wi = 0; wi < ws.length; wi++) {
                    ConfusionMatrix cm = ConfusionMatrix.of(toMatrix(counts, cell(d, k, wi, p0s.length, ws.length)));
                    PostProcessingConfig config = new PostProcessingConfig(deltas[d], p0s[k], ws[wi]);
                    double f1 = cm.macroF1();
                    table.add(new GridCell(config, f1, cm.accuracy()));
                    frames = cm.total();
                    if (isBetter(f1, config, bestF1, best)) {
                        best = config;
                        bestF1 = f1;
                        bestConfusion = cm;
                    }
                }
            }
        }
        if (frames == 0) {
            throw new IllegalArgumentException(
                    "the " + videos.size() + " tuning videos have no labelled frame (all −1)");
        }
        return new GridSearchResult(best, bestConfusion, table, videos.size(), frames);
    }

    /** Tie rule of the class comment: higher F1, then smaller δ, then larger p0, then larger w. */
    private static boolean isBetter(double f1, PostProcessingConfig c, double bestF1, PostProcessingConfig best) {
        if (best == null || f1 > bestF1) {
            return true;
        }
        if (f1 < bestF1) {
            return false;
        }
        if (c.deltaFrames() != best.deltaFrames()) {
            return c.deltaFrames() < best.deltaFrames();
        }
        if (c.p0() != best.p0()) {
            return c.p0() > best.p0();
        }
        return c.visualWeight() > best.visualWeight();
    }

    /**
     * Pooled confusion of one configuration, through {@link VideoPostProcessor} (e.g. to score held-out videos);
     * videos spread over the same thread pool as {@link #search}.
     */
    public ConfusionMatrix evaluate(List<TuningVideo> videos, PostProcessingConfig config) {
        VideoPostProcessor processor = new VideoPostProcessor(config, priorProbabilities);
        long[] counts = sumOverVideos(videos, CC, () -> (video, sums) -> {
            int[] truth = video.trueLabels();
            int[] predicted = processor.process(video.inputs()).labels();
            for (int i = 0; i < truth.length; i++) {
                if (truth[i] != AbawClass.IGNORED) {
                    sums[truth[i] * C + predicted[i]]++;
                }
            }
        });
        return ConfusionMatrix.of(toMatrix(counts, 0));
    }

    private static int cell(int d, int k, int wi, int nP, int nW) {
        return ((d * nP + k) * nW + wi) * CC;
    }

    private static long[][] toMatrix(long[] counts, int offset) {
        long[][] m = new long[C][C];
        for (int t = 0; t < C; t++) {
            System.arraycopy(counts, offset + t * C, m[t], 0, C);
        }
        return m;
    }

    private long[] countAll(List<TuningVideo> videos, int[] deltas, double[] p0s, double[] ws) {
        int size = deltas.length * p0s.length * ws.length * CC;
        return sumOverVideos(videos, size, () -> new VideoScorer(deltas, p0s, ws, priorProbabilities)::score);
    }

    /** Adds one video's counts into a thread's running sums. */
    private interface VideoCounter {
        void count(TuningVideo video, long[] sums);
    }

    /**
     * Runs {@code counter} over all videos on up to {@link #threads} threads, each with its own counter (from
     * {@code perThread}) and its own sums, then adds the sums: integer counts, so the result is independent of
     * scheduling.
     */
    private long[] sumOverVideos(
            List<TuningVideo> videos, int size, java.util.function.Supplier<VideoCounter> perThread) {
        int workers = Math.min(threads, videos.size());
        if (workers <= 1) {
            long[] counts = new long[size];
            VideoCounter counter = perThread.get();
            for (TuningVideo v : videos) {
                counter.count(v, counts);
            }
            return counts;
        }
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "fer4j-grid-search");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<long[]>> parts = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                parts.add(pool.submit(() -> {
                    long[] counts = new long[size];
                    VideoCounter counter = perThread.get();
                    for (int v = next.getAndIncrement(); v < videos.size(); v = next.getAndIncrement()) {
                        counter.count(videos.get(v), counts);
                    }
                    return counts;
                }));
            }
            long[] total = new long[size];
            for (Future<long[]> part : parts) {
                long[] counts = part.get();
                for (int i = 0; i < size; i++) {
                    total[i] += counts[i];
                }
            }
            return total;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("grid search interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("grid search failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Per-thread scratch and the per-video counting; not shared between threads. */
    private static final class VideoScorer {
        private final int[] deltas;
        private final double[] p0s;
        private final double[] ws;
        private final float[] prior;
        private final long[] diff;
        private final float[] row = new float[C];

        VideoScorer(int[] deltas, double[] p0s, double[] ws, float[] prior) {
            this.deltas = deltas;
            this.p0s = p0s;
            this.ws = ws;
            this.prior = prior;
            this.diff = new long[(p0s.length + 1) * CC];
        }

        void score(TuningVideo video, long[] counts) {
            int[] truth = video.trueLabels();
            int[] labelled = labelledFrames(truth);
            if (labelled.length == 0) {
                return;
            }
            var in = video.inputs();
            if (!in.hasFaces()) {
                if (!in.hasAudio()) {
                    scorePriorOnly(truth, labelled, counts);
                } else {
                    scoreAudioOnly(in.audioProbabilities(), truth, labelled, counts);
                }
                return;
            }
            scoreWithFaces(in, truth, labelled, counts);
        }

        /** No face and no audio: every frame gets the prior's argmax, whatever δ, p0 and w. */
        private void scorePriorOnly(int[] truth, int[] labelled, long[] counts) {
            int label = FrameProbabilities.argmax(prior, 0, C);
            for (int d = 0; d < deltas.length; d++) {
                for (int f : labelled) {
                    addToAll(counts, d, truth[f - 1] * C + label);
                }
            }
        }

        /** No face: the smoothed audio probabilities for each δ, the same for every p0 and w. */
        private void scoreAudioOnly(float[] audio, int[] truth, int[] labelled, long[] counts) {
            int frames = truth.length;
            double[] prefix = TemporalSmoothing.prefixSums(audio, frames);
            for (int d = 0; d < deltas.length; d++) {
                for (int f : labelled) {
                    TemporalSmoothing.windowMean(
                            audio, prefix, frames, deltas[d], TemporalSmoothing.Window.CENTRED, f, row, 0);
                    addToAll(counts, d, truth[f - 1] * C + FrameProbabilities.argmax(row, 0, C));
                }
            }
        }

        private void scoreWithFaces(VideoInputs in, int[] truth, int[] labelled, long[] counts) {
            int frames = truth.length;
            int[] faceFrames = in.faceFrames();
            float[] visual = FillMissingFrames.apply(frames, faceFrames, in.headProbabilities())
                    .toArray();
            float[] q = in.hasPretrained()
                    ? FillMissingFrames.apply(frames, faceFrames, in.pretrainedProbabilities())
                            .toArray()
                    : null;
            double[] qPrefix = q == null ? null : TemporalSmoothing.prefixSums(q, frames);
            float[] audio = in.hasAudio() ? in.audioProbabilities() : null;
            // Without audio every w gives the visual probabilities: compute once, count into every w.
            int distinctW = audio == null ? 1 : ws.length;
            float[][] fused = new float[distinctW][];
            double[][] fusedPrefix = new double[distinctW][];
            for (int wi = 0; wi < distinctW; wi++) {
                if (audio == null) {
                    fused[wi] = visual;
                } else {
                    fused[wi] = new float[visual.length];
                    LateFusion.fuseInto(visual, audio, ws[wi], fused[wi]);
                }
                fusedPrefix[wi] = TemporalSmoothing.prefixSums(fused[wi], frames);
            }
            int n = labelled.length;
            int[] candidate = new int[n];
            int[] gatedUpTo = new int[n];
            for (int d = 0; d < deltas.length; d++) {
                gate(q, qPrefix, frames, deltas[d], labelled, candidate, gatedUpTo);
                for (int wi = 0; wi < distinctW; wi++) {
                    countFused(fused[wi], fusedPrefix[wi], deltas[d], truth, labelled, candidate, gatedUpTo);
                    addPerThreshold(counts, d, audio == null ? -1 : wi);
                }
            }
        }

        /**
         * For each labelled frame, the gate's candidate class under the pretrained probabilities {@code q} smoothed
         * over δ, and how many thresholds fire (p0s ascending: exactly the first K); 0 without {@code q}.
         */
        private void gate(
                float[] q, double[] qPrefix, int frames, int delta, int[] labelled, int[] candidate, int[] gatedUpTo) {
            int nP = p0s.length;
            for (int j = 0; j < labelled.length; j++) {
                if (q == null) {
                    gatedUpTo[j] = 0;
                    continue;
                }
                TemporalSmoothing.windowMean(
                        q, qPrefix, frames, delta, TemporalSmoothing.Window.CENTRED, labelled[j], row, 0);
                int c = ConfidenceGate.candidate(row, 0);
                candidate[j] = c;
                // p0s ascending: the gate fires for exactly the first K thresholds.
                int k = 0;
                while (k < nP && ConfidenceGate.fires(row[c], p0s[k])) {
                    k++;
                }
                gatedUpTo[j] = k;
            }
        }

        /** Counts the smoothed fused argmax (or the gate's candidate) into {@link #diff}, a difference array over p0. */
        private void countFused(
                float[] fused,
                double[] fusedPrefix,
                int delta,
                int[] truth,
                int[] labelled,
                int[] candidate,
                int[] gatedUpTo) {
            int frames = truth.length;
            java.util.Arrays.fill(diff, 0L);
            for (int j = 0; j < labelled.length; j++) {
                int f = labelled[j];
                TemporalSmoothing.windowMean(
                        fused, fusedPrefix, frames, delta, TemporalSmoothing.Window.CENTRED, f, row, 0);
                int head = FrameProbabilities.argmax(row, 0, C);
                int t = truth[f - 1] * C;
                int k = gatedUpTo[j];
                if (k > 0) {
                    diff[t + candidate[j]]++;
                    diff[k * CC + t + candidate[j]]--;
                }
                diff[k * CC + t + head]++;
            }
        }

        /** Prefix over thresholds turns {@link #diff} into per-p0 counts, added at w index {@code wi} (-1: every w). */
        private void addPerThreshold(long[] counts, int d, int wi) {
            int nP = p0s.length;
            int nW = ws.length;
            long[] running = new long[CC];
            for (int k = 0; k < nP; k++) {
                for (int x = 0; x < CC; x++) {
                    running[x] += diff[k * CC + x];
                }
                if (wi < 0) {
                    for (int wAll = 0; wAll < nW; wAll++) {
                        add(counts, cell(d, k, wAll, nP, nW), running);
                    }
                } else {
                    add(counts, cell(d, k, wi, nP, nW), running);
                }
            }
        }

        private void addToAll(long[] counts, int d, int pair) {
            int nP = p0s.length;
            int nW = ws.length;
            for (int k = 0; k < nP; k++) {
                for (int wi = 0; wi < nW; wi++) {
                    counts[cell(d, k, wi, nP, nW) + pair]++;
                }
            }
        }

        private static void add(long[] counts, int offset, long[] values) {
            for (int x = 0; x < CC; x++) {
                counts[offset + x] += values[x];
            }
        }

        private static int[] labelledFrames(int[] truth) {
            int n = 0;
            for (int t : truth) {
                if (t != AbawClass.IGNORED) {
                    n++;
                }
            }
            int[] frames = new int[n];
            int j = 0;
            for (int i = 0; i < truth.length; i++) {
                if (truth[i] != AbawClass.IGNORED) {
                    frames[j++] = i + 1;
                }
            }
            return frames;
        }
    }
}
