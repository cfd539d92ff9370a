package io.fer4j.bench.training;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The head's two big products at training shape (batch 256, D = 1280, hidden 128), through the netlib instance
 * the trainer uses ({@code default}: native JNIBLAS → the system libblas.so.3, e.g. OpenBLAS, when it loads) and
 * through netlib's pure-Java fallback ({@code java}: VectorBLAS with {@code --add-modules jdk.incubator.vector},
 * else Java11BLAS). 2·256·1280·128 = 83.9 MFLOP per call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SgemmBenchmark {
    static final int BATCH = 256;
    static final int DIM = 1280;
    static final int HIDDEN = 128;

    @Param({"default", "java"})
    public String implementation;

    private BLAS blas;
    private float[] x;
    private float[] w;
    private float[] h;
    private float[] gradient;

    @Setup
    public void setUp() {
        blas = implementation.equals("java") ? JavaBLAS.getInstance() : BLAS.getInstance();
        System.out.println("\n[" + implementation + "] netlib implementation: "
                + blas.getClass().getName());
        SplittableRandom random = new SplittableRandom(1);
        x = fill(new float[BATCH * DIM], random);
        w = fill(new float[HIDDEN * DIM], random);
        h = fill(new float[BATCH * HIDDEN], random);
        gradient = new float[HIDDEN * DIM];
    }

    private static float[] fill(float[] a, SplittableRandom random) {
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (random.nextDouble() - 0.5);
        }
        return a;
    }

    /** Forward: H[256 × 128] = X[256 × 1280] · W1ᵀ (as RowMajorGemm.timesTransposed). */
    @Benchmark
    public float[] forward() {
        blas.sgemm("T", "N", HIDDEN, BATCH, DIM, 1f, w, DIM, x, DIM, 0f, h, HIDDEN);
        return h;
    }

    /** Weight gradient: dW1[128 × 1280] = dHᵀ · X (as RowMajorGemm.transposedTimes). */
    @Benchmark
    public float[] weightGradient() {
        blas.sgemm("N", "T", DIM, HIDDEN, BATCH, 1f, x, DIM, h, HIDDEN, 0f, gradient, DIM);
        return gradient;
    }
}
