package io.fer4j.logitadjustment;

/**
 * Optimisation-based bias estimation (Zhu et al., NeurIPS 2023; CONTRACTS §6): {@code a = −v*} with v* (mean 0)
 * minimising the class-balanced cross-entropy {@code f(v) = Σ_n (1/N_{y_n}) · CE(softmax(z_n − v), y_n)}, N_y the
 * number of labelled frames of class y in the fitting split (label −1 rows take no part).
 *
 * <p>f is convex; it is minimised by Newton's method with backtracking line search (K ≤ a few dozen, so the K × K
 * system is solved directly). Gradient {@code g_j = Σ_n w_n (δ_{j y_n} − p_nj)}, Hessian
 * {@code H_jl = Σ_n w_n p_nj (δ_jl − p_nl)}. f is invariant to adding a constant to all v, so H is singular along
 * the ones vector; the Newton system adds that direction's projector, which leaves steps mean-free. A class absent
 * from the fitting split has no term pulling it back (its v would run to +∞), so it is held at v = 0 — the
 * head's own log-probability, unadjusted before centring. Finally v is centred to mean 0 over all classes.
 */
public final class BalancedCrossEntropy implements LogitAdjustmentEstimator {
    private static final int MAX_ITERATIONS = 100;
    private static final double GRADIENT_TOLERANCE = 1e-10;

    @Override
    public String name() {
        return LogitAdjustmentEstimators.BALANCED_CE;
    }

    @Override
    public LogitAdjustment fit(float[] headLogits, int[] labels, long[] trainClassCounts) {
        int classes = trainClassCounts.length;
        LogitAdjustmentEstimators.Labelled data = LogitAdjustmentEstimators.labelled(headLogits, labels, classes);
        if (data.rows() == 0) {
            throw new IllegalArgumentException("no labelled frames to fit the balanced cross-entropy on");
        }
        double[] v = minimise(data);
        double mean = 0;
        for (double x : v) {
            mean += x;
        }
        mean /= classes;
        float[] a = new float[classes];
        for (int k = 0; k < classes; k++) {
            a[k] = (float) -(v[k] - mean);
        }
        return new LogitAdjustment(a, name());
    }

    /** Per-row weight 1/N_y over the fitting split's class counts. */
    static double[] classWeights(LogitAdjustmentEstimators.Labelled data) {
        double[] counts = new double[data.classCount()];
        for (int y : data.labels()) {
            counts[y]++;
        }
        double[] w = new double[counts.length];
        for (int k = 0; k < w.length; k++) {
            w[k] = counts[k] == 0 ? 0 : 1 / counts[k];
        }
        return w;
    }

    /** f(v), and when {@code gradient}/{@code hessian} are non-null, their values at v. */
    static double objective(
            LogitAdjustmentEstimators.Labelled data,
            double[] classWeight,
            double[] v,
            double[] gradient,
            double[][] hessian) {
        int k = data.classCount();
        float[] lp = data.logProbs();
        int[] y = data.labels();
        double[] p = new double[k];
        if (gradient != null) {
            java.util.Arrays.fill(gradient, 0);
        }
        if (hessian != null) {
            for (double[] row : hessian) {
                java.util.Arrays.fill(row, 0);
            }
        }
        double f = 0;
        for (int r = 0; r < y.length; r++) {
            int o = r * k;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                p[j] = lp[o + j] - v[j];
                max = Math.max(max, p[j]);
            }
            double sum = 0;
            for (int j = 0; j < k; j++) {
                p[j] = Math.exp(p[j] - max);
                sum += p[j];
            }
            double w = classWeight[y[r]];
            f += w * (max + Math.log(sum) - (lp[o + y[r]] - v[y[r]]));
            for (int j = 0; j < k; j++) {
                p[j] /= sum;
            }
            if (gradient != null) {
                for (int j = 0; j < k; j++) {
                    gradient[j] -= w * p[j];
                }
                gradient[y[r]] += w;
            }
            if (hessian != null) {
                for (int j = 0; j < k; j++) {
                    double wp = w * p[j];
                    hessian[j][j] += wp;
                    for (int l = 0; l < k; l++) {
                        hessian[j][l] -= wp * p[l];
                    }
                }
            }
        }
        return f;
    }

    private static double[] minimise(LogitAdjustmentEstimators.Labelled data) {
        int k = data.classCount();
        double[] classWeight = classWeights(data);
        boolean[] free = new boolean[k];
        for (int j = 0; j < k; j++) {
            free[j] = classWeight[j] > 0;
        }
        double[] v = new double[k];
        double[] g = new double[k];
        double[][] h = new double[k][k];
        double[] trial = new double[k];
        double f = objective(data, classWeight, v, g, h);
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            double gMax = 0;
            for (int j = 0; j < k; j++) {
                if (free[j]) {
                    gMax = Math.max(gMax, Math.abs(g[j]));
                }
            }
            if (gMax < GRADIENT_TOLERANCE) {
                break;
            }
            NewtonStep step = NewtonStep.of(g, h, free);
            double fTrial = lineSearch(data, classWeight, v, free, step, f, trial);
            if (!(fTrial < f)) {
                break; // no descent possible any more (round-off level)
            }
            System.arraycopy(trial, 0, v, 0, k);
            f = objective(data, classWeight, v, g, h);
        }
        return v;
    }

    /** A Newton direction on the free classes and the objective's directional derivative along it. */
    private record NewtonStep(double[] step, double slope) {
        static NewtonStep of(double[] g, double[][] h, boolean[] free) {
            int k = g.length;
            int freeCount = 0;
            for (boolean x : free) {
                if (x) {
                    freeCount++;
                }
            }
            // Newton system on the free classes; when all classes are free add the ones-projector (scaled like H)
            double[][] a = new double[freeCount][freeCount];
            double[] b = new double[freeCount];
            double trace = 0;
            for (int j = 0, fj = 0; j < k; j++) {
                if (!free[j]) {
                    continue;
                }
                b[fj] = -g[j];
                for (int l = 0, fl = 0; l < k; l++) {
                    if (free[l]) {
                        a[fj][fl++] = h[j][l];
                    }
                }
                trace += h[j][j];
                fj++;
            }
            double shift = freeCount == k ? trace / k : 0;
            for (int j = 0; j < freeCount; j++) {
                for (int l = 0; l < freeCount; l++) {
                    a[j][l] += shift / freeCount + (j == l ? 1e-12 * trace : 0);
                }
            }
            double[] step = solve(a, b);
            double slope = 0;
            for (int j = 0; j < freeCount; j++) {
                slope -= b[j] * step[j];
            }
            return new NewtonStep(step, slope);
        }
    }

    /** Backtracking (Armijo) along the step from {@code v}: leaves the accepted point in {@code trial}, returns f there. */
    private static double lineSearch(
            LogitAdjustmentEstimators.Labelled data,
            double[] classWeight,
            double[] v,
            boolean[] free,
            NewtonStep newton,
            double f,
            double[] trial) {
        double[] step = newton.step();
        double t = 1;
        double fTrial;
        while (true) {
            for (int j = 0, fj = 0; j < v.length; j++) {
                trial[j] = free[j] ? v[j] + t * step[fj++] : v[j];
            }
            fTrial = objective(data, classWeight, trial, null, null);
            if (fTrial <= f + 1e-4 * t * newton.slope() || t < 1e-10) {
                return fTrial;
            }
            t *= 0.5;
        }
    }

    /** Gaussian elimination with partial pivoting for the small Newton system. */
    static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) {
            m[i] = java.util.Arrays.copyOf(a[i], n + 1);
            m[i][n] = b[i];
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                    pivot = r;
                }
            }
            double[] tmp = m[col];
            m[col] = m[pivot];
            m[pivot] = tmp;
            double d = m[col][col];
            if (d == 0) {
                throw new ArithmeticException("singular Newton system");
            }
            for (int r = col + 1; r < n; r++) {
                double factor = m[r][col] / d;
                for (int c = col; c <= n; c++) {
                    m[r][c] -= factor * m[col][c];
                }
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = m[r][n];
            for (int c = r + 1; c < n; c++) {
                s -= m[r][c] * x[c];
            }
            x[r] = s / m[r][r];
        }
        return x;
    }
}
