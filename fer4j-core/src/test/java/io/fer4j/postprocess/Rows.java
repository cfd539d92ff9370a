package io.fer4j.postprocess;

/** Test helpers: 8-class probability rows written as (class, value) pairs. */
public final class Rows {
    private Rows() {}

    /** One 8-value row: {@code r(0, 0.9, 1, 0.1)} is class 0 = 0.9, class 1 = 0.1, others 0. */
    public static float[] r(double... classValuePairs) {
        float[] row = new float[8];
        for (int i = 0; i < classValuePairs.length; i += 2) {
            row[(int) classValuePairs[i]] = (float) classValuePairs[i + 1];
        }
        return row;
    }

    /** Rows concatenated row-major. */
    public static float[] rows(float[]... rows) {
        float[] out = new float[rows.length * 8];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, out, i * 8, 8);
        }
        return out;
    }

    /** The same row repeated {@code n} times. */
    public static float[] repeat(float[] row, int n) {
        float[] out = new float[n * 8];
        for (int i = 0; i < n; i++) {
            System.arraycopy(row, 0, out, i * 8, 8);
        }
        return out;
    }

    /** Random rows that sum to 1. */
    public static float[] random(java.util.Random rnd, int n) {
        float[] out = new float[n * 8];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            double[] v = new double[8];
            for (int k = 0; k < 8; k++) {
                v[k] = -Math.log(1 - rnd.nextDouble());
                sum += v[k];
            }
            for (int k = 0; k < 8; k++) {
                out[i * 8 + k] = (float) (v[k] / sum);
            }
        }
        return out;
    }
}
