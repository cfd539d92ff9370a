package io.fer4j.logitadjustment;

import java.util.List;

/** The selectable estimators of CONTRACTS §6. */
public final class LogitAdjustmentEstimators {
    public static final String PAPER = "paper";
    public static final String BALANCED_CE = "balanced-ce";
    public static final String PRIOR = "prior";

    private LogitAdjustmentEstimators() {}

    /** Estimator names, the default first. */
    public static List<String> names() {
        return List.of(PAPER, BALANCED_CE, PRIOR);
    }

    /** The estimator called {@code name}; throws with the valid names otherwise. */
    public static LogitAdjustmentEstimator byName(String name) {
        return switch (name) {
            case PAPER -> new PaperCoordinateAscent();
            case BALANCED_CE -> new BalancedCrossEntropy();
            case PRIOR -> new PriorCorrection();
            default ->
                throw new IllegalArgumentException(
                        "unknown logit adjustment estimator '" + name + "'; use one of " + names());
        };
    }

    /** Log-softmax of the labelled rows only (label ≠ −1), row-major; validates shapes and labels. */
    static Labelled labelled(float[] headLogits, int[] labels, int classCount) {
        if (classCount < 2) {
            throw new IllegalArgumentException("need at least 2 classes, got " + classCount);
        }
        if ((long) labels.length * classCount != headLogits.length) {
            throw new IllegalArgumentException(
                    "expected " + labels.length + " × " + classCount + " logits, got " + headLogits.length);
        }
        int n = 0;
        for (int i = 0; i < labels.length; i++) {
            int y = labels[i];
            if (y == -1) {
                continue;
            }
            if (y < 0 || y >= classCount) {
                throw new IllegalArgumentException(
                        "label " + y + " at row " + i + " is outside -1.." + (classCount - 1));
            }
            n++;
        }
        float[] logProbs = new float[n * classCount];
        int[] kept = new int[n];
        int j = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == -1) {
                continue;
            }
            for (int k = 0; k < classCount; k++) {
                float v = headLogits[i * classCount + k];
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("logit " + k + " of row " + i + " is not finite: " + v);
                }
            }
            System.arraycopy(headLogits, i * classCount, logProbs, j * classCount, classCount);
            kept[j++] = labels[i];
        }
        io.fer4j.head.Softmax.logSoftmaxRows(logProbs, n, classCount, logProbs);
        return new Labelled(logProbs, kept, classCount);
    }

    /** Labelled rows' log-probabilities {@code [n × K]} and labels. */
    record Labelled(float[] logProbs, int[] labels, int classCount) {
        int rows() {
            return labels.length;
        }
    }
}
