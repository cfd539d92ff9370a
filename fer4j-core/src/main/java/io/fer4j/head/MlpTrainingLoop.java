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
    private MlpTrainingLoop() {}

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
    public static <R> Run<R> train(
            HeadTrainingConfig config, FeatureRows train, int[] order, Objective<R> objective, Consumer<R> onEpoch) {
        int dim = train.dim();
        int classCount = objective.outputs();
        int[] shuffled = order.clone();
        int hidden = config.hiddenDim();
        SplittableRandom random = new SplittableRandom(config.seed());
        Parameters params = Parameters.initial(random, dim, hidden, classCount);
        int batch = config.batchSize();
        // two gather buffers: a helper thread fills the next mini-batch while this one runs BLAS on the current
        Batch[] buffers = {new Batch(batch, dim), new Batch(batch, dim)};
        MlpBatchStep pass = new MlpBatchStep(dim, hidden, classCount, batch);
        List<R> history = new ArrayList<>();
        MlpHead best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        int bestEpoch = config.epochs();
        ExecutorService gatherer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fer4j-head-gather");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                long start = System.nanoTime();
                shuffle(shuffled, random);
                double meanLoss =
                        trainEpoch(config, train, shuffled, epoch, objective, params, pass, buffers, gatherer);
                MlpHead head = MlpHead.of(dim, hidden, classCount, params.w1, params.b1, params.w2, params.b2);
                R record = objective.record(epoch, meanLoss, (System.nanoTime() - start) / 1e9, head);
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

    /** One pass over {@code order} in mini-batches (the next one gathered while this one runs); the mean loss. */
    private static <R> double trainEpoch(
            HeadTrainingConfig config,
            FeatureRows train,
            int[] order,
            int epoch,
            Objective<R> objective,
            Parameters params,
            MlpBatchStep pass,
            Batch[] buffers,
            ExecutorService gatherer) {
        int batch = config.batchSize();
        int dim = train.dim();
        int classCount = objective.outputs();
        double lossSum = 0;
        int batches = 0;
        Future<?> pending = gatherer.submit(() -> buffers[0].gather(train, order, 0));
        for (int from = 0, b = 0; from < order.length; from += batch, b ^= 1) {
            await(pending);
            Batch current = buffers[b];
            if (from + batch < order.length) {
                int next = from + batch;
                Batch other = buffers[b ^ 1];
                pending = gatherer.submit(() -> other.gather(train, order, next));
            } else {
                pending = null;
            }
            int rows = current.rows;
            pass.forward(current.x, rows, params.w1, params.b1, params.w2, params.b2);
            checkFinite(pass.z, rows, classCount, current.x, dim, current.rowIds, train, epoch);
            double loss = objective.lossAndGradient(pass.z, current.rowIds, rows, pass.dz);
            pass.backpropagate(current.x, rows, params.w2, params.gw1, params.gb1, params.gw2, params.gb2);
            params.adamStep(config);
            lossSum += loss;
            batches++;
        }
        return lossSum / batches;
    }

    /** The head's weights with their gradients and Adam state; the Adam step count runs over all epochs. */
    private static final class Parameters {
        final float[] w1;
        final float[] b1;
        final float[] w2;
        final float[] b2;
        final float[] gw1;
        final float[] gb1;
        final float[] gw2;
        final float[] gb2;
        final AdamState[] adam;
        int step;

        private Parameters(float[] w1, float[] b1, float[] w2, float[] b2) {
            this.w1 = w1;
            this.b1 = b1;
            this.w2 = w2;
            this.b2 = b2;
            this.gw1 = new float[w1.length];
            this.gb1 = new float[b1.length];
            this.gw2 = new float[w2.length];
            this.gb2 = new float[b2.length];
            this.adam = new AdamState[] {
                new AdamState(w1.length), new AdamState(b1.length), new AdamState(w2.length), new AdamState(b2.length)
            };
        }

        /** PyTorch's nn.Linear init, drawn in the order w1, b1, w2, b2. */
        static Parameters initial(SplittableRandom random, int dim, int hidden, int outputs) {
            float[] w1 = uniform(random, hidden * dim, dim);
            float[] b1 = uniform(random, hidden, dim);
            float[] w2 = uniform(random, outputs * hidden, hidden);
            float[] b2 = uniform(random, outputs, hidden);
            return new Parameters(w1, b1, w2, b2);
        }

        void adamStep(HeadTrainingConfig config) {
            step++;
            double lr = config.learningRate();
            double beta1 = config.beta1();
            double beta2 = config.beta2();
            double eps = config.epsilon();
            adam[0].step(w1, gw1, step, lr, beta1, beta2, eps);
            adam[1].step(b1, gb1, step, lr, beta1, beta2, eps);
            adam[2].step(w2, gw2, step, lr, beta1, beta2, eps);
            adam[3].step(b2, gb2, step, lr, beta1, beta2, eps);
        }
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
    static void checkFinite(
            float[] outputs, int rows, int classes, float[] x, int dim, int[] rowIds, FeatureRows source, int epoch) {
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

    /** Receives one batch of {@link #predictAll}: rows {@code from} to {@code from + count - 1} with outputs {@code z[count × K]}. */
    @FunctionalInterface
    public interface BatchSink {
        void accept(int from, int count, float[] z);
    }
}
