package io.fer4j.training;

import io.fer4j.head.TrainingRows;
import io.fer4j.label.AbawClass;
import java.util.List;

/**
 * The labelled rows of an {@link AnnotatedSplit} as {@link TrainingRows}, read one row at a time from the
 * memory-mapped store (float16 widened on the fly), never materialised as float32.
 *
 * <p>Visual rows: every store row whose frame f ≤ F has label ≠ −1. Audio rows: every frame f ≤ F with label ≠ −1
 * of a video with audio.npy (row {@link AnnotatedVideo#audioRow}). Rows labelled −1 and rows beyond the annotation are
 * not included. Thread-safe for concurrent {@link #copyRow}.
 */
public final class StoreTrainingRows implements TrainingRows {
    private final List<AnnotatedVideo> videos;
    private final boolean audio;
    private final int dim;
    private final int[] videoIndex;
    private final int[] rowIndex;
    private final int[] labels;

    private StoreTrainingRows(
            List<AnnotatedVideo> videos, boolean audio, int dim, int[] videoIndex, int[] rowIndex, int[] labels) {
        this.videos = videos;
        this.audio = audio;
        this.dim = dim;
        this.videoIndex = videoIndex;
        this.rowIndex = rowIndex;
        this.labels = labels;
    }

    /** Labelled face rows (embeddings) of the split. */
    public static StoreTrainingRows visual(AnnotatedSplit split) {
        List<AnnotatedVideo> vs = split.videos();
        int n = 0;
        for (AnnotatedVideo v : vs) {
            for (int r = 0; r < v.usableRows(); r++) {
                if (v.label(v.video().frame(r)) != AbawClass.IGNORED) {
                    n++;
                }
            }
        }
        int[] vi = new int[n];
        int[] ri = new int[n];
        int[] y = new int[n];
        int i = 0;
        for (int k = 0; k < vs.size(); k++) {
            AnnotatedVideo v = vs.get(k);
            for (int r = 0; r < v.usableRows(); r++) {
                int l = v.label(v.video().frame(r));
                if (l != AbawClass.IGNORED) {
                    vi[i] = k;
                    ri[i] = r;
                    y[i++] = l;
                }
            }
        }
        return new StoreTrainingRows(vs, false, vs.get(0).video().embeddingDim(), vi, ri, y);
    }

    /** Labelled frames of the split's videos that have audio.npy; null when none has. */
    public static StoreTrainingRows audio(AnnotatedSplit split) {
        List<AnnotatedVideo> vs = split.videos();
        int n = 0;
        int dim = -1;
        for (AnnotatedVideo v : vs) {
            if (!v.video().hasAudio()) {
                continue;
            }
            dim = v.video().audioDim();
            n += v.annotation().labelledFrameCount();
        }
        if (dim < 0) {
            return null;
        }
        int[] vi = new int[n];
        int[] ri = new int[n];
        int[] y = new int[n];
        int i = 0;
        for (int k = 0; k < vs.size(); k++) {
            AnnotatedVideo v = vs.get(k);
            if (!v.video().hasAudio()) {
                continue;
            }
            for (int f = 1; f <= v.frameCount(); f++) {
                int l = v.label(f);
                if (l != AbawClass.IGNORED) {
                    vi[i] = k;
                    ri[i] = v.audioRow(f);
                    y[i++] = l;
                }
            }
        }
        return new StoreTrainingRows(vs, true, dim, vi, ri, y);
    }

    @Override
    public int rowCount() {
        return labels.length;
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public int label(int row) {
        return labels[row];
    }

    @Override
    public void copyRow(int row, float[] dst, int dstOffset) {
        AnnotatedVideo v = videos.get(videoIndex[row]);
        if (audio) {
            v.video().audioRow(rowIndex[row] + 1, dst, dstOffset);
        } else {
            v.video().embeddingRow(rowIndex[row], dst, dstOffset);
        }
    }

    /** The video of {@code row}. */
    public AnnotatedVideo videoOf(int row) {
        return videos.get(videoIndex[row]);
    }

    /** The 1-based frame number of {@code row}. */
    public int frameOf(int row) {
        return audio ? rowIndex[row] + 1 : videos.get(videoIndex[row]).video().frame(rowIndex[row]);
    }

    @Override
    public String describeRow(int row) {
        AnnotatedVideo v = videos.get(videoIndex[row]);
        int frame = frameOf(row);
        return "video " + v.id() + " frame " + frame + " ("
                + v.video().dir().resolve(audio ? "audio.npy" : "embeddings.npy") + ")";
    }
}
