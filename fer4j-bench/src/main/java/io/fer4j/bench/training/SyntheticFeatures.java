package io.fer4j.bench.training;

import io.fer4j.npy.NpyDtype;
import io.fer4j.npy.NpyRowWriter;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Learnable synthetic embeddings: class k's rows are {@code μ_k + N(0, 1)} noise with per-dimension class means
 * of scale {@link #MEAN_SCALE} (neighbouring classes overlap, so accuracy climbs over epochs instead of saturating
 * at once) and an Aff-Wild2-like class imbalance. Written as float16 {@code .npy}.
 */
final class SyntheticFeatures {
    /** Rough Aff-Wild2 EXPR training shares in ABAW order (Neutral … Other). */
    static final double[] CLASS_SHARES = {0.30, 0.03, 0.02, 0.02, 0.15, 0.10, 0.06, 0.32};

    static final double MEAN_SCALE = 0.06;
    private static final int NOISE_POOL = 1 << 20;

    private final int dim;
    private final float[][] means;
    private final float[] noise;

    SyntheticFeatures(int dim, long seed) {
        this.dim = dim;
        SplittableRandom random = new SplittableRandom(seed);
        means = new float[CLASS_SHARES.length][dim];
        for (float[] m : means) {
            for (int j = 0; j < dim; j++) {
                m[j] = (float) (gaussian(random) * MEAN_SCALE);
            }
        }
        // rows take a random window of a fixed Gaussian pool: fast to generate and still i.i.d.-looking noise
        noise = new float[NOISE_POOL + dim];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) gaussian(random);
        }
    }

    /** Writes {@code rows} rows to {@code file} and returns their labels. */
    int[] write(Path file, int rows, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] labels = new int[rows];
        int block = 1024;
        float[] buffer = new float[block * dim];
        try (NpyRowWriter writer = NpyRowWriter.create(file, NpyDtype.FLOAT16, dim)) {
            for (int from = 0; from < rows; from += block) {
                int n = Math.min(block, rows - from);
                for (int i = 0; i < n; i++) {
                    int y = draw(random);
                    labels[from + i] = y;
                    int offset = random.nextInt(NOISE_POOL);
                    float[] mu = means[y];
                    for (int j = 0; j < dim; j++) {
                        buffer[i * dim + j] = mu[j] + noise[offset + j];
                    }
                }
                writer.appendFloats(buffer, 0, n);
            }
            writer.commit();
        }
        return labels;
    }

    private static int draw(SplittableRandom random) {
        double u = random.nextDouble();
        for (int k = 0; k < CLASS_SHARES.length - 1; k++) {
            u -= CLASS_SHARES[k];
            if (u < 0) {
                return k;
            }
        }
        return CLASS_SHARES.length - 1;
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
