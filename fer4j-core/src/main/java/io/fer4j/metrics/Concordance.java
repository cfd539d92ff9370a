package io.fer4j.metrics;

/**
 * Pooled agreement of predictions x with targets y over frames: Lin's concordance correlation coefficient (the
 * ABAW valence-arousal metric), Pearson's r and the RMSE, from population moments (divisor n, as ABAW's scorer
 * and {@code numpy.var} use):
 * {@code CCC = 2·s_xy / (s_x² + s_y² + (x̄ − ȳ)²)}.
 *
 * <p>Immutable; moments are kept as count, means and centred sums (Chan et al.'s pairwise update), so pooling
 * videos or folds with {@link #plus} loses no precision to cancellation.
 *
 * @param count n
 * @param meanX x̄
 * @param meanY ȳ
 * @param sxx   Σ (x − x̄)²
 * @param syy   Σ (y − ȳ)²
 * @param sxy   Σ (x − x̄)(y − ȳ)
 * @param sse   Σ (x − y)²
 */
public record Concordance(long count, double meanX, double meanY, double sxx, double syy, double sxy, double sse) {
    /** No frames. */
    public static final Concordance EMPTY = new Concordance(0, 0, 0, 0, 0, 0, 0);

    /** The moments of predictions {@code x[i]} (float32, as predicted) against targets {@code y[i]} for every i with {@code include[i]} (null: all). */
    public static Concordance of(float[] x, double[] y, boolean[] include) {
        if (x.length != y.length || include != null && include.length != x.length) {
            throw new IllegalArgumentException(
                    "lengths differ: " + x.length + " predictions, " + y.length + " targets");
        }
        return of(x, 0, 1, y, 0, 1, x.length, include);
    }

    /**
     * Strided form: element i is {@code x[xOffset + i·xStride]} against {@code y[yOffset + i·yStride]}, i &lt; n,
     * included where {@code include} is null or {@code include[i]}. Two passes (means, then centred sums).
     */
    public static Concordance of(
            float[] x, int xOffset, int xStride, double[] y, int yOffset, int yStride, int n, boolean[] include) {
        long count = 0;
        double sumX = 0;
        double sumY = 0;
        for (int i = 0; i < n; i++) {
            if (include == null || include[i]) {
                count++;
                sumX += x[xOffset + i * xStride];
                sumY += y[yOffset + i * yStride];
            }
        }
        if (count == 0) {
            return EMPTY;
        }
        double mx = sumX / count;
        double my = sumY / count;
        double sxx = 0;
        double syy = 0;
        double sxy = 0;
        double sse = 0;
        for (int i = 0; i < n; i++) {
            if (include == null || include[i]) {
                double dx = x[xOffset + i * xStride] - mx;
                double dy = y[yOffset + i * yStride] - my;
                double d = (double) x[xOffset + i * xStride] - y[yOffset + i * yStride];
                sxx += dx * dx;
                syy += dy * dy;
                sxy += dx * dy;
                sse += d * d;
            }
        }
        return new Concordance(count, mx, my, sxx, syy, sxy, sse);
    }

    /** The moments of both sets of frames pooled. */
    public Concordance plus(Concordance o) {
        if (o.count == 0) {
            return this;
        }
        if (count == 0) {
            return o;
        }
        long n = count + o.count;
        double dx = o.meanX - meanX;
        double dy = o.meanY - meanY;
        double f = (double) count * o.count / n;
        return new Concordance(
                n,
                meanX + dx * o.count / n,
                meanY + dy * o.count / n,
                sxx + o.sxx + dx * dx * f,
                syy + o.syy + dy * dy * f,
                sxy + o.sxy + dx * dy * f,
                sse + o.sse);
    }

    /** Lin's CCC; 0 without frames or when both sides are constant and unequal; 1 when they are equal constants. */
    public double ccc() {
        if (count == 0) {
            return 0;
        }
        double d = meanX - meanY;
        double denominator = sxx / count + syy / count + d * d;
        if (denominator == 0) {
            return 1;
        }
        return 2 * (sxy / count) / denominator;
    }

    /** Pearson's r; 0 when either side is constant (or no frames). */
    public double pearson() {
        double d = Math.sqrt(sxx) * Math.sqrt(syy);
        return d == 0 ? 0 : sxy / d;
    }

    /** Root mean squared error; 0 without frames. */
    public double rmse() {
        return count == 0 ? 0 : Math.sqrt(sse / count);
    }
}
