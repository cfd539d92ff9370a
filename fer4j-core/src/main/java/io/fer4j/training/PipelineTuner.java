package io.fer4j.training;

import io.fer4j.bundle.TrainedHead;
import io.fer4j.head.Softmax;
import io.fer4j.label.AbawClass;
import io.fer4j.logitadjustment.LogitAdjustment;
import io.fer4j.logitadjustment.LogitAdjustmentEstimators;
import io.fer4j.metrics.ConfusionMatrix;
import io.fer4j.postprocess.PostProcessingConfig;
import io.fer4j.tuning.CrossValidationResult;
import io.fer4j.tuning.FoldTuner;
import io.fer4j.tuning.GridSearch;
import io.fer4j.tuning.GridSearchResult;
import io.fer4j.tuning.KFoldByVideo;
import io.fer4j.tuning.PostProcessingGrid;
import io.fer4j.tuning.TuningVideo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Scores a {@link PipelineSpec} on labelled videos: the tuned figure (logit adjustments as stored in the heads,
 * δ/p0/w grid-searched on the same videos — optimistic, as the paper reports) and the honest k-fold-by-video figure
 * (adjustments refitted with the same estimator and δ/p0/w re-searched on k−1 folds, scored on the held-out fold,
 * confusions pooled). Thread-safe; the grid search uses {@code threads} workers.
 */
public final class PipelineTuner {
    private final Map<String, TrainedHead> heads;
    private final PostProcessingGrid grid;
    private final int threads;
    private final KFoldByVideo folds;

    /**
     * @param folds k-fold splitter for the honest figure, or null to skip it
     */
    public PipelineTuner(Map<String, TrainedHead> heads, PostProcessingGrid grid, int threads, KFoldByVideo folds) {
        this.heads = Map.copyOf(heads);
        this.grid = Objects.requireNonNull(grid, "grid");
        this.threads = threads;
        this.folds = folds;
    }

    /**
     * Outcome for one spec.
     *
     * @param config    δ/p0/w chosen (or fixed)
     * @param confusion pooled confusion for {@code config}
     * @param honest    k-fold held-out result, or null when nothing is fitted or there are too few videos
     */
    public record Outcome(
            PipelineSpec spec, PostProcessingConfig config, ConfusionMatrix confusion, CrossValidationResult honest) {
        public double macroF1() {
            return confusion.macroF1();
        }

        public double accuracy() {
            return confusion.accuracy();
        }
    }

    public Outcome run(PipelineSpec spec, List<CachedHeadLogits> videos) {
        float[] vb = bias(spec.visualHead(), spec.adjustVisual());
        float[] ab = bias(spec.audioHead(), spec.adjustAudio());
        GridSearch search = search(spec);
        GridSearchResult result = search.search(tuningVideos(spec, videos, vb, ab));
        CrossValidationResult honest = null;
        if (folds != null && spec.tunes(grid) && videos.size() >= folds.folds()) {
            honest = folds.crossValidate(videos, CachedHeadLogits::id, new RefitTuner(spec, search));
        }
        return new Outcome(spec, result.best(), result.bestConfusion(), honest);
    }

    /** Only the honest k-fold figure of {@code spec} (needs folds). */
    public CrossValidationResult runHonest(PipelineSpec spec, List<CachedHeadLogits> videos) {
        if (folds == null) {
            throw new IllegalStateException("no folds configured");
        }
        return folds.crossValidate(videos, CachedHeadLogits::id, new RefitTuner(spec, search(spec)));
    }

    private GridSearch search(PipelineSpec spec) {
        TrainedHead priorHead = spec.visualHead() != null ? heads.get(spec.visualHead()) : heads.get(spec.audioHead());
        return new GridSearch(spec.restrict(grid), priorHead.priorProbabilities(), threads);
    }

    private float[] bias(String head, boolean calibrate) {
        if (head == null || !calibrate) {
            return null;
        }
        return required(head).adjustment().bias();
    }

    private TrainedHead required(String name) {
        TrainedHead h = heads.get(name);
        if (h == null) {
            throw new IllegalArgumentException("the bundle has no head '" + name + "'");
        }
        return h;
    }

    static List<TuningVideo> tuningVideos(PipelineSpec spec, List<CachedHeadLogits> videos, float[] vb, float[] ab) {
        List<TuningVideo> out = new ArrayList<>(videos.size());
        for (CachedHeadLogits v : videos) {
            out.add(v.tuningVideo(spec, vb, ab));
        }
        return out;
    }

    /**
     * Fits {@code estimator} for {@code head} on {@code videos}' labelled rows (face rows for visual heads, frames for
     * the audio head). Returns null when the videos have no labelled row for it.
     */
    public static LogitAdjustment fitAdjustment(TrainedHead head, String estimator, List<CachedHeadLogits> videos) {
        Pooled p = pool(head, videos);
        if (p.labelled == 0) {
            return null;
        }
        if ("none".equals(estimator)) {
            return LogitAdjustment.none(AbawClass.COUNT);
        }
        return LogitAdjustmentEstimators.byName(estimator).fit(p.logits, p.labels, head.trainClassCounts());
    }

    /** Macro-F1 of argmax(softmax(z + bias)) over {@code videos}' labelled rows of {@code head}. */
    public static ConfusionMatrix rowConfusion(TrainedHead head, float[] bias, List<CachedHeadLogits> videos) {
        Pooled p = pool(head, videos);
        float[] probs = p.logits.clone();
        int n = p.labels.length;
        Softmax.biasedSoftmaxRowsInPlace(probs, n, AbawClass.COUNT, bias);
        int[] predicted = new int[n];
        for (int r = 0; r < n; r++) {
            predicted[r] = io.fer4j.postprocess.FrameProbabilities.argmax(probs, r * AbawClass.COUNT, AbawClass.COUNT);
        }
        return ConfusionMatrix.of(p.labels, predicted);
    }

    private record Pooled(float[] logits, int[] labels, int labelled) {}

    private static Pooled pool(TrainedHead head, List<CachedHeadLogits> videos) {
        int n = 0;
        for (CachedHeadLogits v : videos) {
            float[] z = v.logits().get(head.name());
            if (z != null) {
                n += z.length / AbawClass.COUNT;
            }
        }
        float[] logits = new float[n * AbawClass.COUNT];
        int[] labels = new int[n];
        int at = 0;
        int labelled = 0;
        for (CachedHeadLogits v : videos) {
            float[] z = v.logits().get(head.name());
            if (z == null) {
                continue;
            }
            int[] y = v.rowLabels(head.isAudio());
            System.arraycopy(z, 0, logits, at * AbawClass.COUNT, z.length);
            System.arraycopy(y, 0, labels, at, y.length);
            for (int l : y) {
                if (l != AbawClass.IGNORED) {
                    labelled++;
                }
            }
            at += y.length;
        }
        return new Pooled(logits, labels, labelled);
    }

    /** Refits the adjustments (same estimator as stored) and δ/p0/w on the fold's tuning videos. */
    private final class RefitTuner implements FoldTuner<CachedHeadLogits> {
        private final PipelineSpec spec;
        private final GridSearch search;

        RefitTuner(PipelineSpec spec, GridSearch search) {
            this.spec = spec;
            this.search = search;
        }

        @Override
        public Fitted<CachedHeadLogits> fit(List<CachedHeadLogits> tuning) {
            float[] vb = refit(spec.visualHead(), spec.adjustVisual(), tuning);
            float[] ab = refit(spec.audioHead(), spec.adjustAudio(), tuning);
            PostProcessingConfig config =
                    search.search(tuningVideos(spec, tuning, vb, ab)).best();
            return new Fitted<>() {
                @Override
                public ConfusionMatrix score(List<CachedHeadLogits> heldOut) {
                    return search.evaluate(tuningVideos(spec, heldOut, vb, ab), config);
                }

                @Override
                public String description() {
                    return config.toString();
                }
            };
        }

        private float[] refit(String name, boolean calibrate, List<CachedHeadLogits> tuning) {
            if (name == null || !calibrate) {
                return null;
            }
            TrainedHead h = required(name);
            LogitAdjustment a = fitAdjustment(h, h.adjustment().estimator(), tuning);
            return a == null ? h.adjustment().bias() : a.bias();
        }
    }
}
