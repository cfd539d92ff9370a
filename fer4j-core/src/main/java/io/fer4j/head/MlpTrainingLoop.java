package io.fer4j.head;

import io.fer4j.error.Fer4jException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The mini-batch Adam loop every {@link MlpHead} is trained with, whatever its outputs mean: the expression head
 * ({@link HeadTrainer}, class logits) and the valence/arousal head ({@code io.fer4j.va}, two linear outputs) differ
 * only in their {@link Objective} (loss, gradient with respect to the outputs, validation score).
 *
 * <p>Rows are gathered per mini-batch from a {@link FeatureRows} (float16 converted on the fly), so memory is
 * O(batch × D) beyond the source's targets; a helper thread gathers the next mini-batch while the current one is
 * computed (double buffering; the result does not depend on it). Deterministic: one {@link SplittableRandom}
 * seeded with {@code config.seed()} draws the initial weights (PyTorch's {@code nn.Linear} init: uniform in
 * ±1/√fan_in) and then each epoch's Fisher–Yates shuffle. The last mini-batch of an epoch may be smaller
 * (PyTorch's {@code drop_last=False}). The earliest epoch wins ties of the validation score.
 */
public final class MlpTrainingLoop {
    private MlpTrainingLoop() {
    }

    /**
     * What the loop optimises.
     *
     * @param <R> the per-epoch record (loss, validation metrics)
     */
    public interface Objective<R> {
        /** Output width K of the head. */
        int outputs();

        /**
         * Loss of the mini-batch {@code outputs[rows × K]} of source rows {@code rowIds[0..rows)}; writes
         * {@code ∂loss/∂outputs} into {@code gradient[rows × K]}.
         */
        double lossAndGradient(float[] outputs, int[] rowIds, int rows, float[] gradient);

        /** The record of a finished epoch: its mean training loss and the validation metrics of {@code head}. */
        R record(int epoch, double meanTrainLoss, double seconds, MlpHead head);

        /** The score that picks the kept epoch (higher is better); NaN for every epoch keeps the last one. */
        double selectionScore(R record);
    }

    /**
     * A finished run.
     *
     * @param head          the kept epoch's weights
     * @param epochs        one record per epoch
     * @param selectedEpoch 1-based epoch of {@code head}
     */
    public record Run<R>(MlpHead head, List<R> epochs, int selectedEpoch) {
        public Run {
            epochs = List.copyOf(epochs);
        }
    }

    /**
     * Trains on rows {@code order} of {@code train} (each epoch shuffles a copy of it).
     *
     * @param order the rows that take part (e.g. those with a label); must not be empty
     */
    public static <R> Run<R> train(HeadTrainingConfig config, FeatureRows train, int[] order, Objective<R> objective,
                                   Consumer<R> onEpoch) {
        int dim = train.dim();
        int classCount = objective.outputs();
        int[] shuffled = order.clone();
        int hidden = config.hiddenDim();
        SplittableRandom random = new SplittableRandom(config.seed());
        float[] w1 = uniform(random, hidden * dim, dim);
        float[] b1 = uniform(random, hidden, dim);
        float[] w2 = uniform(random, classCount * hidden, hidden);
        float[] b2 = uniform(random, classCount, hidden);
        AdamState[] adam = {new AdamState(w1.length), new AdamState(b1.length), new AdamState(w2.length),
                new AdamState(b2.length)};

        int batch = config.batchSize();
        // two gather buffers: a helper thread fills the next mini-batch while this one runs BLAS on the current
        Batch[] buffers = {new Batch(batch, dim), new Batch(batch, dim)};
        MlpBatchStep pass = new MlpBatchStep(dim, hidden, classCount, batch);
        float[] gw1 = new float[w1.length];
        float[] gb1 = new float[b1.length];
        float[] gw2 = new float[w2.length];
        float[] gb2 = new float[b2.length];

        List<R> history = new ArrayList<>();
        MlpHead best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        int bestEpoch = config.epochs();
        int step = 0;
        double lr = config.learningRate();
        double beta1 = config.beta1();
        double beta2 = config.beta2();
        double eps = config.epsilon();
        ExecutorService gatherer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fer4j-head-gather");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                long start = System.nanoTime();
                shuffle(shuffled, random);
                double lossSum = 0;
                int batches = 0;
                Future<?> pending = gatherer.submit(() -> buffers[0].gather(train, shuffled, 0));
                for (int from = 0, b = 0; from < shuffled.length; from += batch, b ^= 1) {
                    await(pending);
                    Batch current = buffers[b];
                    if (from + batch < shuffled.length) {
                        int next = from + batch;
                        Batch other = buffers[b ^ 1];
                        pending = gatherer.submit(() -> other.gather(train, shuffled, next));
                    } else {
                        pending = null;
                    }
                    int rows = current.rows;
                    pass.forward(current.x, rows, w1, b1, w2, b2);
                    checkFinite(pass.z, rows, classCount, current.x, dim, current.rowIds, train, epoch);
                    double loss = objective.lossAndGradient(pass.z, current.rowIds, rows, pass.dz);
                    pass.backpropagate(current.x, rows, w2, gw1, gb1, gw2, gb2);
                    step++;
                    adam[0].step(w1, gw1, step, lr, beta1, beta2, eps);
                    adam[1].step(b1, gb1, step, lr, beta1, beta2, eps);
                    adam[2].step(w2, gw2, step, lr, beta1, beta2, eps);
                    adam[3].step(b2, gb2, step, lr, beta1, beta2, eps);
                    lossSum += loss;
                    batches++;
                }
                MlpHead head = MlpHead.of(dim, hidden, classCount, w1, b1, w2, b2);
                R record = objective.record(epoch, lossSum / batches, (System.nanoTime() - start) / 1e9, head);
                history.add(record);
                onEpoch.accept(record);
                double score = objective.selectionScore(record);
                if (Double.isNaN(score)) {
                    score = epoch; // no validation: keep the last epoch
                }
                if (score > bestScore) { // strict: the earlier epoch wins ties
                    bestScore = score;
                    best = head;
                    bestEpoch = epoch;
                }
            }
        } finally {
            gatherer.shutdownNow();
        }
        return new Run<>(best, history, bestEpoch);
    }

    /** One gathered mini-batch: rows and their source row ids. */
    private static final class Batch {
        final float[] x;
        final int[] rowIds;
        final int capacity;
        final int dim;
        int rows;

        Batch(int capacity, int dim) {
            this.capacity = capacity;
            this.dim = dim;
            x = new float[capacity * dim];
            rowIds = new int[capacity];
        }

        void gather(FeatureRows source, int[] order, int from) {
            rows = Math.min(capacity, order.length - from);
            for (int i = 0; i < rows; i++) {
                int row = order[from + i];
                rowIds[i] = row;
                source.copyRow(row, x, i * dim);
            }
        }
    }

    private static void await(Future<?> pending) {
        try {
            pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while gathering a mini-batch", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Fails naming the row when an output is NaN/Inf: the feature that caused it, or divergence when every feature
     * is finite.
     */
    static void checkFinite(float[] outputs, int rows, int classes, float[] x, int dim, int[] rowIds,
                            FeatureRows source, int epoch) {
        int n = rows * classes;
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(outputs[i])) {
                reportNonFinite(i / classes, x, dim, rowIds, source, epoch);
            }
        }
    }

    private static void reportNonFinite(int r, float[] x, int dim, int[] rowIds, FeatureRows source, int epoch) {
        for (int j = 0; j < dim; j++) {
            float v = x[r * dim + j];
            if (!Float.isFinite(v)) {
                throw new Fer4jException("feature " + j + " of " + source.describeRow(rowIds[r]) + " is " + v
                        + "; the head cannot train or predict on NaN/Inf features: re-extract that video or drop"
                        + " it from the store");
            }
        }
        throw new Fer4jException("head logits became non-finite on " + source.describeRow(rowIds[r])
                + (epoch > 0 ? " in epoch " + epoch : "") + " although its features are finite (training diverged);"
                + " lower the learning rate or check the feature scale");
    }

    /** PyTorch's Linear init: U(−1/√fan_in, 1/√fan_in) for weights (kaiming-uniform, a = √5) and biases. */
    private static float[] uniform(SplittableRandom random, int size, int fanIn) {
        double bound = 1.0 / Math.sqrt(fanIn);
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = (float) ((2 * random.nextDouble() - 1) * bound);
        }
        return values;
    }

    private static void shuffle(int[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /**
     * Outputs of {@code head} on every row of {@code rows}, batch by batch ({@code batchRows} at a time), handed to
     * {@code sink} with the batch's first row; fails naming the row on a non-finite output.
     */
    public static void predictAll(MlpHead head, FeatureRows rows, int batchRows, BatchSink sink) {
        int dim = head.inputDim();
        int k = head.classCount();
        int n = rows.rowCount();
        int cap = Math.min(batchRows, Math.max(n, 1));
        float[] x = new float[cap * dim];
        float[] z = new float[cap * k];
        int[] rowIds = new int[cap];
        for (int from = 0; from < n; from += batchRows) {
            int count = Math.min(batchRows, n - from);
            for (int i = 0; i < count; i++) {
                rowIds[i] = from + i;
                rows.copyRow(from + i, x, i * dim);
            }
            head.predictLogits(x, count, z);
            checkFinite(z, count, k, x, dim, rowIds, rows, 0);
            sink.accept(from, count, z);
        }
    }

    /** Receives one batch of {@link #predictAll}: rows {@code from..from+count) with outputs {@code z[count × K]}. */
    @FunctionalInterface
    public interface BatchSink {
        void accept(int from, int count, float[] z);
    }
}
