package io.fer4j.audio;

/**
 * The network's output rows for one signal, in time order, row-major.
 *
 * @param rows          n_a, the number of rows
 * @param dim           D_a, the embedding size
 * @param data          rows × dim floats
 * @param rowsPerSecond rows per second of audio the model gives for the first chunk (49 for wav2vec 2.0 at 1 s)
 */
public record AudioEmbeddings(int rows, int dim, float[] data, double rowsPerSecond) {
    public AudioEmbeddings {
        if (rows < 1 || dim < 1 || (long) rows * dim != data.length) {
            throw new IllegalArgumentException("embeddings of " + rows + " × " + dim + " rows need "
                    + ((long) rows * dim) + " floats; got " + data.length);
        }
    }

    /** Element [row][column]. */
    public float get(int row, int column) {
        return data[row * dim + column];
    }
}
