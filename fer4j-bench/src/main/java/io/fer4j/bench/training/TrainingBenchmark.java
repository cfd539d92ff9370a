package io.fer4j.bench.training;

import io.fer4j.head.EpochRecord;
import io.fer4j.head.HeadLoss;
import io.fer4j.head.HeadTrainer;
import io.fer4j.head.HeadTrainingConfig;
import io.fer4j.head.NpyTrainingRows;
import io.fer4j.head.RowMajorGemm;
import io.fer4j.head.TrainingResult;
import io.fer4j.head.TrainingRows;
import io.fer4j.va.VaHeadTrainer;
import io.fer4j.va.VaLoss;
import io.fer4j.va.VaTrainingRows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * End-to-end head training benchmark (issue: 10 epochs over 600,000 × 1280 float16 features, target ≤ 120 s and
 * ≤ 3 GB heap on 2 cores). Generates learnable float16 {@code .npy} features into a temp directory (not timed),
 * memory-maps them and trains the paper's head, printing per-epoch seconds, the total and the peak heap.
 *
 * <p>Options: {@code --rows N} (600000), {@code --val-rows N} (60000), {@code --dim D} (1280), {@code --epochs E}
 * (10), {@code --loss weighted-ce|focal}, {@code --dir DIR} (keep/reuse generated files there instead of a
 * deleted temp dir), {@code --task va} (the valence-arousal head instead: 2 linear outputs, CCC loss, targets on
 * the circumplex per synthetic class; issue 19 asks for the same budget).
 */
public final class TrainingBenchmark {
    private TrainingBenchmark() {}

    public static void main(String[] args) throws IOException {
        int rows = 600_000;
        int valRows = 60_000;
        int dim = 1280;
        int epochs = 10;
        HeadLoss loss = HeadLoss.WEIGHTED_CE;
        Path keep = null;
        boolean va = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--val-rows" -> valRows = Integer.parseInt(args[++i]);
                case "--dim" -> dim = Integer.parseInt(args[++i]);
                case "--epochs" -> epochs = Integer.parseInt(args[++i]);
                case "--loss" -> loss = args[++i].equals("focal") ? HeadLoss.FOCAL : HeadLoss.WEIGHTED_CE;
                case "--dir" -> keep = Path.of(args[++i]);
                case "--task" ->
                    va = switch (args[++i]) {
                        case "va" -> true;
                        case "expr" -> false;
                        default -> throw new IllegalArgumentException("--task must be expr or va, got " + args[i]);
                    };
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Runtime rt = Runtime.getRuntime();
        System.out.printf(
                Locale.ROOT,
                "netlib BLAS: %s (OPENBLAS_NUM_THREADS=%s) | java %s | %d cores | max heap" + " %.2f GB%n",
                RowMajorGemm.implementationName(),
                System.getenv("OPENBLAS_NUM_THREADS"),
                System.getProperty("java.version"),
                rt.availableProcessors(),
                rt.maxMemory() / 1e9);
        Path dir = keep != null ? Files.createDirectories(keep) : Files.createTempDirectory("fer4j-train-bench");
        Thread cleanup = new Thread(() -> deleteRecursively(dir)); // also on Ctrl-C: the features take 1.6 GB
        if (keep == null) {
            Runtime.getRuntime().addShutdownHook(cleanup);
        }
        try {
            SyntheticFeatures features = new SyntheticFeatures(dim, 1);
            Path trainFile = dir.resolve("train-" + rows + "x" + dim + ".npy");
            Path valFile = dir.resolve("val-" + valRows + "x" + dim + ".npy");
            long t0 = System.nanoTime();
            int[] trainLabels = labels(features, trainFile, rows, 2, keep != null);
            int[] valLabels = labels(features, valFile, valRows, 3, keep != null);
            System.out.printf(
                    Locale.ROOT,
                    "features ready in %.1f s: train %d × %d (%.2f GB float16), validation %d%n",
                    (System.nanoTime() - t0) / 1e9,
                    rows,
                    dim,
                    2.0 * rows * dim / 1e9,
                    valRows);
            TrainingRows train = NpyTrainingRows.open(trainFile, trainLabels, r -> "train row " + r);
            TrainingRows validation = NpyTrainingRows.open(valFile, valLabels, r -> "validation row " + r);
            HeadTrainingConfig config =
                    HeadTrainingConfig.defaults().withLoss(loss).withEpochs(epochs);
            if (va) {
                trainValenceArousal(config, train, validation, trainLabels, valLabels);
                return;
            }
            System.gc();
            long start;
            TrainingResult result;
            try (HeapWatch heap = new HeapWatch()) {
                long cpuStart = processCpuNanos();
                start = System.nanoTime();
                result = new HeadTrainer(config).train(train, validation, TrainingBenchmark::printEpoch);
                double total = (System.nanoTime() - start) / 1e9;
                double cpu = (processCpuNanos() - cpuStart) / 1e9;
                System.out.printf(
                        Locale.ROOT,
                        "total %.1f s for %d epochs (%.1f s/epoch incl. validation)"
                                + " | kept epoch %d (best macro-F1; best accuracy epoch %d)%n",
                        total,
                        epochs,
                        total / epochs,
                        result.history().selectedEpoch(),
                        result.history().bestAccuracyEpoch());
                System.out.printf(
                        Locale.ROOT,
                        "process CPU time %.1f s (%.2f cores busy on average; on a shared"
                                + " machine wall time / CPU time shows the contention)%n",
                        cpu,
                        cpu / total);
                System.out.printf(
                        Locale.ROOT,
                        "peak heap: %.0f MB sampled, %.0f MB sum of pool peaks | %d GCs," + " %d ms%n",
                        heap.sampledPeakBytes() / 1e6,
                        heap.poolPeakBytes() / 1e6,
                        heap.gcCollections(),
                        heap.gcMillisSpent());
            }
        } finally {
            if (keep == null) {
                deleteRecursively(dir);
                Runtime.getRuntime().removeShutdownHook(cleanup);
            }
        }
    }

    /**
     * {@code --task va}: the valence-arousal head (2 linear outputs, loss 1 − mean CCC) on the same memory-mapped
     * rows; each row's targets are its class's point on the circumplex plus N(0, 0.15) noise, so they are learnable.
     */
    private static void trainValenceArousal(
            HeadTrainingConfig config,
            TrainingRows train,
            TrainingRows validation,
            int[] trainLabels,
            int[] valLabels) {
        VaTrainingRows vaTrain = VaTrainingRows.of(train, circumplexTargets(trainLabels, 5));
        VaTrainingRows vaValidation = VaTrainingRows.of(validation, circumplexTargets(valLabels, 6));
        System.gc();
        try (HeapWatch heap = new HeapWatch()) {
            long cpuStart = processCpuNanos();
            long start = System.nanoTime();
            VaHeadTrainer.Result result = new VaHeadTrainer(config, VaLoss.CCC)
                    .train(
                            vaTrain,
                            vaValidation,
                            e -> System.out.printf(
                                    Locale.ROOT,
                                    "epoch %2d: %6.1f s  loss %.4f  val CCC valence %.4f" + "  arousal %.4f%n",
                                    e.epoch(),
                                    e.seconds(),
                                    e.trainLoss(),
                                    e.validationCccValence(),
                                    e.validationCccArousal()));
            double total = (System.nanoTime() - start) / 1e9;
            double cpu = (processCpuNanos() - cpuStart) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "VA total %.1f s for %d epochs (%.1f s/epoch incl. validation) | kept"
                            + " epoch %d (best validation mean CCC)%n",
                    total,
                    config.epochs(),
                    total / config.epochs(),
                    result.selectedEpoch());
            System.out.printf(Locale.ROOT, "process CPU time %.1f s (%.2f cores busy on average)%n", cpu, cpu / total);
            System.out.printf(
                    Locale.ROOT,
                    "peak heap: %.0f MB sampled, %.0f MB sum of pool peaks | %d GCs, %d ms%n",
                    heap.sampledPeakBytes() / 1e6,
                    heap.poolPeakBytes() / 1e6,
                    heap.gcCollections(),
                    heap.gcMillisSpent());
        }
    }

    /** Per ABAW class a rough (valence, arousal) point: Neutral, Anger, Disgust, Fear, Happiness, Sadness, Surprise, Other. */
    private static final float[][] CIRCUMPLEX = {
        {0f, 0f}, {-0.5f, 0.7f}, {-0.6f, 0.3f}, {-0.4f, 0.8f}, {0.7f, 0.4f}, {-0.6f, -0.4f}, {0.3f, 0.8f}, {0.1f, -0.2f}
    };

    private static float[] circumplexTargets(int[] labels, long seed) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        float[] t = new float[labels.length * 2];
        for (int i = 0; i < labels.length; i++) {
            for (int k = 0; k < 2; k++) {
                double noise = 0.15
                        * Math.sqrt(-2 * Math.log(1 - random.nextDouble()))
                        * Math.cos(2 * Math.PI * random.nextDouble());
                t[i * 2 + k] = (float) Math.max(-1, Math.min(1, CIRCUMPLEX[labels[i]][k] + noise));
            }
        }
        return t;
    }

    private static int[] labels(SyntheticFeatures features, Path file, int rows, long seed, boolean reuse)
            throws IOException {
        Path labelFile = file.resolveSibling(file.getFileName() + ".labels");
        if (reuse && Files.exists(file) && Files.exists(labelFile)) {
            return java.util.Arrays.stream(Files.readString(labelFile).trim().split(","))
                    .mapToInt(Integer::parseInt)
                    .toArray();
        }
        int[] labels = features.write(file, rows, seed);
        if (reuse) {
            Files.writeString(
                    labelFile,
                    java.util.Arrays.stream(labels)
                            .mapToObj(Integer::toString)
                            .collect(java.util.stream.Collectors.joining(",")));
        }
        return labels;
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os =
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    private static void printEpoch(EpochRecord e) {
        System.out.printf(
                Locale.ROOT,
                "epoch %2d: %6.1f s  loss %.4f  val macro-F1 %.4f  val acc %.4f%n",
                e.epoch(),
                e.seconds(),
                e.trainLoss(),
                e.validationMacroF1(),
                e.validationAccuracy());
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not delete " + dir + ": " + e.getMessage());
        }
    }
}
