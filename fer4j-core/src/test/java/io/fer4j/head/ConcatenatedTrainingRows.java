package io.fer4j.head;

import java.util.Arrays;
import java.util.List;

/** Several sources (e.g. one per video) seen as one, in order; row lookup is a binary search over the offsets. */
public final class ConcatenatedTrainingRows implements TrainingRows {
    private final TrainingRows[] parts;
    private final int[] starts;
    private final int rowCount;
    private final int dim;

    private ConcatenatedTrainingRows(TrainingRows[] parts, int[] starts, int rowCount, int dim) {
        this.parts = parts;
        this.starts = starts;
        this.rowCount = rowCount;
        this.dim = dim;
    }

    /** Concatenates {@code parts} (at least one; all of the same dimension; at most 2^31−1 rows in all). */
    public static ConcatenatedTrainingRows of(List<? extends TrainingRows> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("nothing to concatenate");
        }
        int dim = parts.get(0).dim();
        int[] starts = new int[parts.size()];
        long total = 0;
        for (int i = 0; i < parts.size(); i++) {
            TrainingRows p = parts.get(i);
            if (p.dim() != dim) {
                throw new IllegalArgumentException("part " + i + " has dimension " + p.dim() + ", part 0 has " + dim
                        + " (" + p.describeRow(0) + ")");
            }
            starts[i] = (int) total;
            total += p.rowCount();
            if (total > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("more than 2^31-1 rows in all");
            }
        }
        return new ConcatenatedTrainingRows(parts.toArray(new TrainingRows[0]), starts, (int) total, dim);
    }

    private int part(int row) {
        if (row < 0 || row >= rowCount) {
            throw new IndexOutOfBoundsException("row " + row + " outside 0.." + (rowCount - 1));
        }
        int i = Arrays.binarySearch(starts, row);
        if (i < 0) {
            return -i - 2;
        }
        while (i + 1 < starts.length && starts[i + 1] == row) {
            i++; // skip empty parts that start at the same row
        }
        return i;
    }

    @Override
    public int rowCount() {
        return rowCount;
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public int label(int row) {
        int p = part(row);
        return parts[p].label(row - starts[p]);
    }

    @Override
    public void copyRow(int row, float[] dst, int dstOffset) {
        int p = part(row);
        parts[p].copyRow(row - starts[p], dst, dstOffset);
    }

    @Override
    public String describeRow(int row) {
        int p = part(row);
        return parts[p].describeRow(row - starts[p]);
    }
}
