package io.fer4j.head;

import io.fer4j.error.Fer4jException;
import io.fer4j.npy.Npy;
import io.fer4j.npy.NpyArray;
import io.fer4j.npy.NpyDtype;
import io.fer4j.npy.NpyHeader;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.IntFunction;

/** {@link TrainingRows} over a 2-D {@code .npy} feature matrix (e.g. a store video's {@code embeddings.npy}). */
public final class NpyTrainingRows {
    private NpyTrainingRows() {}

    /**
     * Rows of a memory-mapped {@code [n, D]} {@code .npy}: float16 files use the bulk float16 path
     * ({@link Float16MappedTrainingRows}), float32 files {@link NpyArray#readRow}. {@code labels.length} must be n.
     */
    public static TrainingRows open(Path npyFile, int[] labels, IntFunction<String> describer) {
        Objects.requireNonNull(describer);
        NpyHeader header = Npy.readHeader(npyFile);
        long[] shape = header.shape();
        if (shape.length != 2) {
            throw new Fer4jException(
                    npyFile,
                    "expected a 2-D feature matrix [frames, D], found shape " + java.util.Arrays.toString(shape)
                            + "; re-extract the features");
        }
        if (shape[0] != labels.length) {
            throw new Fer4jException(
                    npyFile,
                    "has " + shape[0] + " rows but " + labels.length
                            + " labels were given; the store and the annotations disagree");
        }
        int dim = Math.toIntExact(shape[1]);
        if (header.dtype() == NpyDtype.FLOAT16) {
            return Float16MappedTrainingRows.open(npyFile, header.dataOffset(), dim, labels, describer);
        }
        if (header.dtype() != NpyDtype.FLOAT32) {
            throw new Fer4jException(npyFile, "features must be float16 or float32, found " + header.dtype());
        }
        return of(Npy.map(npyFile), labels, describer);
    }

    /** Rows of an already opened 2-D float array (any dtype NpyArray widens to float32). */
    public static TrainingRows of(NpyArray features, int[] labels, IntFunction<String> describer) {
        if (features.ndim() != 2 || features.rows() != labels.length) {
            throw new Fer4jException(
                    features.file(),
                    "expected " + labels.length + " rows of a 2-D array, found " + "shape "
                            + java.util.Arrays.toString(features.shape()));
        }
        int[] ownLabels = labels.clone();
        int dim = Math.toIntExact(features.rowLength());
        return new TrainingRows() {
            @Override
            public int rowCount() {
                return ownLabels.length;
            }

            @Override
            public int dim() {
                return dim;
            }

            @Override
            public int label(int row) {
                return ownLabels[row];
            }

            @Override
            public void copyRow(int row, float[] dst, int dstOffset) {
                features.readRow(row, dst, dstOffset);
            }

            @Override
            public String describeRow(int row) {
                return describer.apply(row);
            }
        };
    }
}
