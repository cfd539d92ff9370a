package io.fer4j.audio;

import java.util.ArrayList;
import java.util.List;

/**
 * How a 16 kHz signal is cut into the chunks the network sees (CONTRACTS §9: 1 s = 16,000 samples) and which output rows
 * of each chunk are kept, so that the kept rows tile the signal once, in time order, at the model's native rate
 * (49 rows per second for wav2vec 2.0 / HuBERT).
 *
 * <p>Chunk k starts at sample {@code k·hop}, {@code hop = chunk − overlap}, and is {@code chunk} samples long; chunks
 * follow until one reaches the end of the signal. The <b>last chunk is shorter</b> (the remaining samples, never
 * zero-padded to a full chunk), so the number of rows per second of audio does not depend on where the signal ends.
 * Only when the remainder is shorter than {@link #MIN_CHUNK_SAMPLES} (wav2vec 2.0's 25 ms receptive field, which
 * gives no output row) is it dropped — or, for a signal shorter than that altogether, zero-padded to it so there is
 * at least one row.
 *
 * <p><b>Overlap → rows.</b> Let a full chunk give T rows and {@code keep = round(T · hop / chunk)}, {@code trim =
 * (T − keep) / 2} (integer division). Chunk 0 keeps rows [0, trim + keep), a middle chunk keeps rows
 * [trim, trim + keep), and the last chunk keeps rows [trim, its own T). Row j of chunk k describes time about
 * {@code k·hop + j·chunk/T}, so every chunk contributes the centre of its window — half the overlap of context on each
 * side — and consecutive chunks meet without gap or repetition. With no overlap every row of every chunk is kept.
 *
 * @param chunkSamples   samples per chunk (16,000 = 1 s)
 * @param overlapSamples samples shared by consecutive chunks, in [0, chunkSamples)
 */
public record AudioChunking(int chunkSamples, int overlapSamples) {
    /** wav2vec 2.0's receptive field: its convolutional front end needs 400 samples for one output row. */
    public static final int MIN_CHUNK_SAMPLES = 400;

    public AudioChunking {
        if (chunkSamples < MIN_CHUNK_SAMPLES) {
            throw new IllegalArgumentException(
                    "the audio chunk must be at least " + MIN_CHUNK_SAMPLES + " samples (25 ms); got " + chunkSamples);
        }
        if (overlapSamples < 0 || overlapSamples >= chunkSamples) {
            throw new IllegalArgumentException("the audio chunk overlap must be ≥ 0 and shorter than the chunk ("
                    + chunkSamples + " samples); got " + overlapSamples);
        }
    }

    /** Chunking from lengths in seconds at 16 kHz (rounded to whole samples). */
    public static AudioChunking ofSeconds(double chunkSeconds, double overlapSeconds) {
        if (!(chunkSeconds > 0) || !Double.isFinite(chunkSeconds)) {
            throw new IllegalArgumentException("--audio-chunk-seconds must be a positive number; got " + chunkSeconds);
        }
        if (!(overlapSeconds >= 0) || !Double.isFinite(overlapSeconds)) {
            throw new IllegalArgumentException("--audio-overlap-seconds must be ≥ 0; got " + overlapSeconds);
        }
        if (overlapSeconds >= chunkSeconds) {
            throw new IllegalArgumentException("--audio-overlap-seconds (" + overlapSeconds
                    + ") must be shorter than --audio-chunk-seconds (" + chunkSeconds + ")");
        }
        return new AudioChunking((int) Math.round(chunkSeconds * AudioDecoder.SAMPLE_RATE_HZ), (int)
                Math.round(overlapSeconds * AudioDecoder.SAMPLE_RATE_HZ));
    }

    /** Samples between the starts of consecutive chunks. */
    public int hopSamples() {
        return chunkSamples - overlapSamples;
    }

    /**
     * One network input: {@code lengthSamples} samples of the signal from {@code startSample}, zero-padded to
     * {@code paddedSamples} (equal unless the whole signal is shorter than {@link #MIN_CHUNK_SAMPLES}).
     */
    public record Chunk(int index, int startSample, int lengthSamples, int paddedSamples, boolean last) {}

    /** The chunks covering a signal of {@code totalSamples} samples (at least one). */
    public List<Chunk> chunks(int totalSamples) {
        if (totalSamples < 0) {
            throw new IllegalArgumentException("negative sample count " + totalSamples);
        }
        if (totalSamples <= chunkSamples) {
            int padded = Math.max(totalSamples, MIN_CHUNK_SAMPLES);
            return List.of(new Chunk(0, 0, totalSamples, padded, true));
        }
        int hop = hopSamples();
        List<Chunk> out = new ArrayList<>();
        for (int start = 0; ; start += hop) {
            int remaining = totalSamples - start;
            if (remaining <= chunkSamples) {
                // the remainder past the previous chunk is what this chunk adds; too short for one row: drop it
                if (remaining >= MIN_CHUNK_SAMPLES) {
                    out.add(new Chunk(out.size(), start, remaining, remaining, true));
                } else {
                    Chunk prev = out.remove(out.size() - 1);
                    out.add(new Chunk(
                            prev.index(), prev.startSample(), prev.lengthSamples(), prev.paddedSamples(), true));
                }
                return List.copyOf(out);
            }
            out.add(new Chunk(out.size(), start, chunkSamples, chunkSamples, false));
        }
    }

    /**
     * The rows [from, to) of a chunk's output to keep.
     *
     * @param chunk         the chunk
     * @param rowsInChunk   rows the network gave for this chunk
     * @param rowsFullChunk rows the network gives for a full chunk (T)
     */
    public int[] keptRows(Chunk chunk, int rowsInChunk, int rowsFullChunk) {
        int keep = (int) Math.round(rowsFullChunk * (double) hopSamples() / chunkSamples);
        keep = Math.max(1, Math.min(rowsFullChunk, keep));
        int trim = (rowsFullChunk - keep) / 2;
        int from = chunk.index() == 0 ? 0 : trim;
        int to = chunk.last() ? rowsInChunk : Math.min(rowsInChunk, trim + keep);
        from = Math.min(from, to);
        return new int[] {from, to};
    }
}
