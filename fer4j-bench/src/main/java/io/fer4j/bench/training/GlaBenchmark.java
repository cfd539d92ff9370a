package io.fer4j.bench.training;

import io.fer4j.head.Softmax;
import io.fer4j.logitadjustment.LogitAdjustment;
import io.fer4j.logitadjustment.LogitAdjustmentEstimator;
import io.fer4j.logitadjustment.LogitAdjustmentEstimators;
import io.fer4j.metrics.ConfusionMatrix;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Times the logit-adjustment estimators on synthetic head logits for {@code --frames N} validation frames
 * (default 280,000, Aff-Wild2's validation size), median of {@code --repeats R} (3) fits each, and prints the
 * macro-F1 before and after adjustment (scored on the fitting split itself, so optimistic).
 */
public final class GlaBenchmark {
    private GlaBenchmark() {}

    public static void main(String[] args) {
        int frames = 280_000;
        int repeats = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--frames" -> frames = Integer.parseInt(args[++i]);
                case "--repeats" -> repeats = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        int k = SyntheticFeatures.CLASS_SHARES.length;
        long[] trainCounts = new long[k];
        for (int c = 0; c < k; c++) {
            trainCounts[c] = Math.round(SyntheticFeatures.CLASS_SHARES[c] * 600_000);
        }
        // a head biased towards frequent classes: logit = log share + 1.5 on the true class + uniform noise
        SplittableRandom random = new SplittableRandom(11);
        float[] logits = new float[frames * k];
        int[] labels = new int[frames];
        for (int r = 0; r < frames; r++) {
            labels[r] = r % 97 == 0 ? -1 : random.nextInt(k);
            for (int c = 0; c < k; c++) {
                logits[r * k + c] = (float) (Math.log(SyntheticFeatures.CLASS_SHARES[c])
                        + 3 * random.nextDouble()
                        + (c == labels[r] ? 1.5 : 0));
            }
        }
        System.out.printf(
                Locale.ROOT,
                "%d frames, %d classes; unadjusted macro-F1 %.4f%n",
                frames,
                k,
                macroF1(logits, labels, new float[k]));
        for (String name : LogitAdjustmentEstimators.names()) {
            LogitAdjustmentEstimator estimator = LogitAdjustmentEstimators.byName(name);
            double[] seconds = new double[repeats];
            LogitAdjustment a = null;
            for (int i = 0; i < repeats; i++) {
                long t = System.nanoTime();
                a = estimator.fit(logits, labels, trainCounts);
                seconds[i] = (System.nanoTime() - t) / 1e9;
            }
            Arrays.sort(seconds);
            System.out.printf(
                    Locale.ROOT,
                    "%-12s median %.3f s (min %.3f, max %.3f)  macro-F1 %.4f  a=%s%n",
                    name,
                    seconds[repeats / 2],
                    seconds[0],
                    seconds[repeats - 1],
                    macroF1(logits, labels, a.bias()),
                    Arrays.toString(a.bias()));
        }
    }

    private static double macroF1(float[] logits, int[] labels, float[] bias) {
        int k = bias.length;
        float[] lp = new float[logits.length];
        Softmax.logSoftmaxRows(logits, labels.length, k, lp);
        new LogitAdjustment(bias, "x").applyInPlace(lp);
        int[] predicted = new int[labels.length];
        for (int r = 0; r < labels.length; r++) {
            predicted[r] = Softmax.argmaxRow(lp, r, k);
        }
        return ConfusionMatrix.of(labels, predicted, k).macroF1();
    }
}
