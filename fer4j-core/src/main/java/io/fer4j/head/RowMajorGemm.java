package io.fer4j.head;

import dev.ludovic.netlib.blas.BLAS;

/**
 * The three row-major products the MLP needs, expressed as column-major BLAS {@code sgemm} calls (a row-major
 * {@code r × c} matrix is a column-major {@code c × r} one, so no data is copied or transposed).
 */
public final class RowMajorGemm {
    private static final BLAS BLAS_INSTANCE = BLAS.getInstance();

    private RowMajorGemm() {}

    /** Class name of the netlib implementation in use, e.g. {@code dev.ludovic.netlib.blas.JNIBLAS} (native). */
    public static String implementationName() {
        return BLAS_INSTANCE.getClass().getName();
    }

    /**
     * {@code C[rows × out] = X[rows × in] · Wᵀ} with {@code W[out × in]} (PyTorch's Linear layout), all row-major;
     * C is overwritten.
     */
    public static void timesTransposed(float[] x, int rows, int in, float[] w, int out, float[] c) {
        // column-major: Cᵀ(out × rows) = op(W') · X' where W' = Wᵀ stored (in × out) → "T"; X' = Xᵀ (in × rows) → "N"
        BLAS_INSTANCE.sgemm("T", "N", out, rows, in, 1.0f, w, in, x, in, 0.0f, c, out);
    }

    /**
     * {@code G[out × in] = Dᵀ · X} with {@code D[rows × out]}, {@code X[rows × in]} (the weight gradient of a Linear
     * layer), all row-major; G is overwritten.
     */
    public static void transposedTimes(float[] d, int rows, int out, float[] x, int in, float[] g) {
        // column-major: Gᵀ(in × out) = Xᵀ(in × rows, stored as X) · D(rows × out, stored as Dᵀ → "T")
        BLAS_INSTANCE.sgemm("N", "T", in, out, rows, 1.0f, x, in, d, out, 0.0f, g, in);
    }

    /**
     * {@code DX[rows × in] = D[rows × out] · W[out × in]} (the input gradient of a Linear layer), all row-major; DX
     * is overwritten.
     */
    public static void times(float[] d, int rows, int out, float[] w, int in, float[] dx) {
        // column-major: DXᵀ(in × rows) = Wᵀ(in × out, stored as W → "N") · Dᵀ(out × rows, stored as D → "N")
        BLAS_INSTANCE.sgemm("N", "N", in, rows, out, 1.0f, w, in, d, out, 0.0f, dx, in);
    }
}
