package io.fer4j.head;

import io.fer4j.error.Fer4jException;
import io.fer4j.label.AbawClass;
import io.fer4j.metrics.ConfusionMatrix;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Trains the {@link MlpHead} of DESIGN §5 with mini-batch Adam. Rows are gathered per mini-batch from a
 * {@link TrainingRows} (float16 converted on the fly), so memory is O(batch × D) beyond the source's labels.
 * All dense products go through BLAS {@code sgemm} ({@link RowMajorGemm}); a helper thread gathers the next
 * mini-batch while the current one is computed (double buffering; the result does not depend on it).
 *
 * <p>Deterministic: one {@link SplittableRandom} seeded with {@code config.seed()} draws the initial weights
 * (PyTorch's {@code nn.Linear} init: weights and biases uniform in ±1/√fan_in, i.e. kaiming-uniform with a = √5)
 * and then each epoch's Fisher–Yates shuffle; the arithmetic is sequential, so a seed gives the same weights bit for
 * bit on one machine and BLAS build. Rows labelled −1 are skipped; the last mini-batch of an epoch may be smaller
 * (PyTorch's {@code drop_last=False}).
 */
public final class HeadTrainer {
    private static final int VALIDATION_BATCH = 4096;

    private final HeadTrainingConfig config;
    private final int classCount;

    public HeadTrainer(HeadTrainingConfig config) {
        this(config, AbawClass.COUNT);
    }

    public HeadTrainer(HeadTrainingConfig config, int classCount) {
        this.config = Objects.requireNonNull(config);
        if (classCount < 2) {
            throw new IllegalArgumentException("need at least 2 classes, got " + classCount);
        }
        this.classCount = classCount;
    }

    public HeadTrainingConfig config() {
        return config;
    }

    /** Trains on {@code train}, selects the epoch on {@code validation} (null: keep the last epoch). */
    public TrainingResult train(TrainingRows train, TrainingRows validation) {
        return train(train, validation, e -> { });
    }

    /** As {@link #train(TrainingRows, TrainingRows)}, reporting each finished epoch to {@code onEpoch}. */
    public TrainingResult train(TrainingRows train, TrainingRows validation, Consumer<EpochRecord> onEpoch) {
        int dim = train.dim();
        long[] counts = checkedClassCounts(train, validation);
        int[] order = labelledRows(train);
        if (order.length == 0) {
            throw new IllegalArgumentException("no labelled training rows (all " + train.rowCount()
                    + " rows are labelled -1)");
        }
        float[] weights = lossClassWeights(counts);
        double gamma = config.loss() == HeadLoss.FOCAL ? config.focalGamma() : 0.0;

        int hidden = config.hiddenDim();
        SplittableRandom random = new SplittableRandom(config.seed());
        Parameters params = Parameters.initial(random, dim, hidden, classCount);

        int batch = config.batchSize();
        // two gather buffers: a helper thread fills the next mini-batch while this one runs BLAS on the current
        Batch[] buffers = {new Batch(batch, dim), new Batch(batch, dim)};
        MlpBatchStep pass = new MlpBatchStep(dim, hidden, classCount, batch);

        List<EpochRecord> history = new ArrayList<>();
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
                shuffle(order, random);
                double meanLoss = trainEpoch(train, order, epoch, params, pass, buffers, gatherer, weights, gamma);
                MlpHead head = MlpHead.of(dim, hidden, classCount, params.w1, params.b1, params.w2, params.b2);
                EpochRecord record = epochRecord(epoch, meanLoss, head, validation, start);
                history.add(record);
                onEpoch.accept(record);
                double score = validation == null ? epoch
                        : config.selection() == EpochSelection.MACRO_F1 ? record.validationMacroF1()
                        : record.validationAccuracy();
                if (score > bestScore) { // strict: the earlier epoch wins ties
                    bestScore = score;
                    best = head;
                    bestEpoch = epoch;
                }
            }
        } finally {
            gatherer.shutdownNow();
        }
        return new TrainingResult(best, new TrainingHistory(history, bestEpoch, config.selection()), counts, weights,
                config);
    }

    /** Class counts of {@code train}; rejects a validation set of another width or with labels outside -1..K-1. */
    private long[] checkedClassCounts(TrainingRows train, TrainingRows validation) {
        int dim = train.dim();
        if (validation != null && validation.dim() != dim) {
            throw new IllegalArgumentException("validation rows have dimension " + validation.dim()
                    + " but training rows " + dim);
        }
        long[] counts = ClassWeights.count(train, classCount);
        if (validation != null) {
            ClassWeights.count(validation, classCount); // rejects labels outside -1..K-1 before any work
        }
        return counts;
    }

    /** The per-class weights of the loss: inverse frequency, or ones for focal loss without class weights. */
    private float[] lossClassWeights(long[] counts) {
        return switch (config.loss()) {
            case WEIGHTED_CE -> ClassWeights.inverseFrequency(counts);
            case FOCAL -> config.focalClassWeights() ? ClassWeights.inverseFrequency(counts) : ones(classCount);
        };
    }

    /** One pass over {@code order} in mini-batches (the next one gathered while this one runs); the mean loss. */
    private double trainEpoch(TrainingRows train, int[] order, int epoch, Parameters params, MlpBatchStep pass,
                              Batch[] buffers, ExecutorService gatherer, float[] weights, double gamma) {
        int batch = config.batchSize();
        int dim = train.dim();
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
            double loss = pass.backward(current.x, current.y, rows, params.w2, weights, gamma, params.gw1,
                    params.gb1, params.gw2, params.gb2);
            params.adamStep(config);
            lossSum += loss;
            batches++;
        }
        return lossSum / batches;
    }

    /** The epoch's record: mean loss, validation macro-F1 and accuracy (NaN without validation), seconds since start. */
    private static EpochRecord epochRecord(int epoch, double meanLoss, MlpHead head, TrainingRows validation,
                                           long startNanos) {
        double f1 = Double.NaN;
        double accuracy = Double.NaN;
        if (validation != null) {
            ConfusionMatrix cm = evaluate(head, validation);
            f1 = cm.macroF1();
            accuracy = cm.accuracy();
        }
        return new EpochRecord(epoch, meanLoss, f1, accuracy, (System.nanoTime() - startNanos) / 1e9);
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
            this.adam = new AdamState[] {new AdamState(w1.length), new AdamState(b1.length),
                    new AdamState(w2.length), new AdamState(b2.length)};
        }

        /** PyTorch's nn.Linear init, drawn in the order w1, b1, w2, b2. */
        static Parameters initial(SplittableRandom random, int dim, int hidden, int classCount) {
            float[] w1 = uniform(random, hidden * dim, dim);
            float[] b1 = uniform(random, hidden, dim);
            float[] w2 = uniform(random, classCount * hidden, hidden);
            float[] b2 = uniform(random, classCount, hidden);
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

    /** One gathered mini-batch: rows, labels and source row ids. */
    private static final class Batch {
        final float[] x;
        final int[] y;
        final int[] rowIds;
        final int capacity;
        final int dim;
        int rows;

        Batch(int capacity, int dim) {
            this.capacity = capacity;
            this.dim = dim;
            x = new float[capacity * dim];
            y = new int[capacity];
            rowIds = new int[capacity];
        }

        void gather(TrainingRows source, int[] order, int from) {
            rows = Math.min(capacity, order.length - from);
            for (int i = 0; i < rows; i++) {
                int row = order[from + i];
                rowIds[i] = row;
                y[i] = source.label(row);
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

    /** Confusion matrix of the head's argmax predictions on {@code rows} (labels −1 skipped). */
    public static ConfusionMatrix evaluate(MlpHead head, TrainingRows rows) {
        int dim = head.inputDim();
        int k = head.classCount();
        int n = rows.rowCount();
        float[] x = new float[Math.min(VALIDATION_BATCH, Math.max(n, 1)) * dim];
        float[] z = new float[Math.min(VALIDATION_BATCH, Math.max(n, 1)) * k];
        int[] rowIds = new int[Math.min(VALIDATION_BATCH, Math.max(n, 1))];
        long[][] counts = new long[k][k];
        for (int from = 0; from < n; from += VALIDATION_BATCH) {
            int count = Math.min(VALIDATION_BATCH, n - from);
            for (int i = 0; i < count; i++) {
                rowIds[i] = from + i;
                rows.copyRow(from + i, x, i * dim);
            }
            head.predictLogits(x, count, z);
            checkFinite(z, count, k, x, dim, rowIds, rows, 0);
            for (int i = 0; i < count; i++) {
                int label = rows.label(from + i);
                if (label == AbawClass.IGNORED) {
                    continue;
                }
                counts[label][Softmax.argmaxRow(z, i, k)]++;
            }
        }
        return ConfusionMatrix.of(counts);
    }

    private static void checkFinite(float[] logits, int rows, int classes, float[] x, int dim, int[] rowIds,
                                    TrainingRows source, int epoch) {
        int n = rows * classes;
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(logits[i])) {
                reportNonFinite(i / classes, x, dim, rowIds, source, epoch);
            }
        }
    }

    private static void reportNonFinite(int r, float[] x, int dim, int[] rowIds, TrainingRows source, int epoch) {
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

    private static int[] labelledRows(TrainingRows rows) {
        int n = 0;
        for (int r = 0; r < rows.rowCount(); r++) {
            if (rows.label(r) != AbawClass.IGNORED) {
                n++;
            }
        }
        int[] ids = new int[n];
        int i = 0;
        for (int r = 0; r < rows.rowCount(); r++) {
            if (rows.label(r) != AbawClass.IGNORED) {
                ids[i++] = r;
            }
        }
        return ids;
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

    private static float[] ones(int n) {
        float[] w = new float[n];
        java.util.Arrays.fill(w, 1f);
        return w;
    }
}
