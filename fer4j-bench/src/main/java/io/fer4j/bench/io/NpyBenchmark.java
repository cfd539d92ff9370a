package io.fer4j.bench.io;

import io.fer4j.npy.Npy;
import io.fer4j.npy.NpyArray;
import io.fer4j.npy.NpyDtype;
import io.fer4j.npy.NpyRowWriter;
import io.fer4j.store.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Throughput of the feature-store I/O paths on one thread: streaming rows into a float16 / float32 {@code .npy}
 * ({@link NpyRowWriter}, including the final fsync), and reading them back row by row from a memory-mapped file
 * ({@link NpyArray#readRow}, float16 widened on the fly) — the access pattern of training and evaluation.
 * The page cache is warm after the write, so reads measure decoding, not the disk.
 *
 * <p>Options: {@code --rows N} (100000), {@code --dim D} (1280), {@code --runs R} (5), {@code --dir DIR}
 * (a temporary folder, deleted afterwards).
 */
public final class NpyBenchmark {
    private NpyBenchmark() {}

    public static void main(String[] args) throws IOException {
        int rows = 100_000;
        int dim = 1280;
        int runs = 5;
        Path dir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--dim" -> dim = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                default ->
                    throw new IllegalArgumentException(
                            "unknown option " + args[i] + "; known: --rows N --dim D --runs R --dir DIR");
            }
        }
        Path work = Files.createTempDirectory(
                dir == null ? Path.of(System.getProperty("java.io.tmpdir")) : dir, "fer4j-npy-bench");
        try {
            System.out.printf(
                    Locale.ROOT,
                    "java %s | 1 thread | %d rows x %d | median of %d runs%n",
                    System.getProperty("java.version"),
                    rows,
                    dim,
                    runs);
            for (NpyDtype dtype : new NpyDtype[] {NpyDtype.FLOAT16, NpyDtype.FLOAT32}) {
                Path file = work.resolve(dtype.name().toLowerCase(Locale.ROOT) + ".npy");
                float[] row = new float[dim];
                Random rnd = new Random(1);
                for (int i = 0; i < dim; i++) {
                    row[i] = (float) rnd.nextGaussian();
                }
                double[] write = new double[runs];
                double[] read = new double[runs];
                double sink = 0;
                for (int r = 0; r < runs + 1; r++) { // first pass is warm-up
                    long t0 = System.nanoTime();
                    try (NpyRowWriter w = NpyRowWriter.create(file, dtype, dim)) {
                        for (int i = 0; i < rows; i++) {
                            w.appendFloats(row, 0, 1);
                        }
                        w.commit();
                    }
                    if (r > 0) {
                        write[r - 1] = rows / ((System.nanoTime() - t0) / 1e9);
                    }
                }
                // one mapping read in several passes, as an epoch loop does (the first pass also pays page faults)
                NpyArray a = Npy.map(file);
                float[] dst = new float[dim];
                for (int r = 0; r < runs + 1; r++) {
                    long t1 = System.nanoTime();
                    for (int i = 0; i < rows; i++) {
                        a.readRow(i, dst, 0);
                        sink += dst[i % dim];
                    }
                    if (r > 0) {
                        read[r - 1] = rows / ((System.nanoTime() - t1) / 1e9);
                    }
                }
                double w = median(write);
                double rd = median(read);
                System.out.printf(
                        Locale.ROOT,
                        "%-8s write %,10.0f rows/s (%6.1f MB/s) | mapped read %,10.0f rows/s " + "(%5.2f ns/element)%n",
                        dtype,
                        w,
                        w * dim * dtype.itemBytes() / 1e6,
                        rd,
                        1e9 / (rd * dim));
                if (sink == 42) {
                    System.out.println();
                }
            }
        } finally {
            AtomicFiles.deleteQuietly(work);
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
