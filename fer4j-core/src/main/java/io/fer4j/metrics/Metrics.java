package io.fer4j.metrics;

/** Pure metric functions over label vectors (DESIGN §8); frames with true label -1 are excluded. */
public final class Metrics {
    private Metrics() {
    }

    public static double macroF1(int[] trueLabels, int[] predicted) {
        return ConfusionMatrix.of(trueLabels, predicted).macroF1();
    }

    public static double accuracy(int[] trueLabels, int[] predicted) {
        return ConfusionMatrix.of(trueLabels, predicted).accuracy();
    }
}
