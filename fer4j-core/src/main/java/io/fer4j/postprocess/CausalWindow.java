package io.fer4j.postprocess;

import java.util.Arrays;

/**
 * The causal window of CONTRACTS §7 for one live stream: the last {@code capacity} frames' rows of {@code width}
 * values, some frames without a row, and the mean of the rows present. Running sums in double, recomputed from the
 * stored rows once per window length so rounding cannot accumulate over a long stream. Serves the expression labels
 * ({@link CausalPostProcessor}, width 8) and valence/arousal (width 2). One stream, one thread: not thread-safe.
 */
public final class CausalWindow {
    private final int capacity;
    private final int width;
    private final float[] rows;
    private final boolean[] has;
    private final double[] sum;
    private int present;
    private int next;
    private int sinceRecompute;

    /**
     * @param capacity frames in the window (2δ+1)
     * @param width    values per row
     */
    public CausalWindow(int capacity, int width) {
        if (capacity < 1 || width < 1) {
            throw new IllegalArgumentException("capacity and width must be >= 1, got " + capacity + ", " + width);
        }
        this.capacity = capacity;
        this.width = width;
        this.rows = new float[Math.multiplyExact(capacity, width)];
        this.has = new boolean[capacity];
        this.sum = new double[width];
    }

    /** The next frame's row ({@code width} values, copied), or null when the frame has none. */
    public void push(float[] row) {
        int slot = next;
        if (has[slot]) {
            for (int k = 0; k < width; k++) {
                sum[k] -= rows[slot * width + k];
            }
            present--;
        }
        has[slot] = row != null;
        if (row != null) {
            System.arraycopy(row, 0, rows, slot * width, width);
            for (int k = 0; k < width; k++) {
                sum[k] += row[k];
            }
            present++;
        }
        next = (slot + 1) % capacity;
        if (++sinceRecompute >= capacity) {
            recompute();
        }
    }

    private void recompute() {
        Arrays.fill(sum, 0.0);
        for (int slot = 0; slot < capacity; slot++) {
            if (has[slot]) {
                for (int k = 0; k < width; k++) {
                    sum[k] += rows[slot * width + k];
                }
            }
        }
        sinceRecompute = 0;
    }

    /** Rows present in the window. */
    public int present() {
        return present;
    }

    /** The mean of the rows present; only when {@link #present()} is above 0. */
    public float[] mean() {
        if (present == 0) {
            throw new IllegalStateException("the window holds no row");
        }
        float[] m = new float[width];
        for (int k = 0; k < width; k++) {
            m[k] = (float) (sum[k] / present);
        }
        return m;
    }
}
