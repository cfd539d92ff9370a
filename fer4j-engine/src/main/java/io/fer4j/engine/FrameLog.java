package io.fer4j.engine;

import io.fer4j.geometry.FaceBox;

import java.util.Arrays;

/**
 * Growable per-frame columns of one streamed video: time, face box, valence/arousal for every frame, and the
 * head/pretrained rows of face frames only — 16 floats per face frame, not the embeddings (the point of streaming).
 * Not thread-safe: one video, one thread.
 */
final class FrameLog {
    private int frames;
    private double[] times = new double[1024];
    private FaceBox[] boxes = new FaceBox[1024]; // null = no face
    private float[] va = new float[1024 * 2];
    private int faces;
    private int[] faceFrames = new int[1024];
    private float[] head = new float[1024 * 8];
    private float[] pretrained = new float[1024 * 8];

    /**
     * Logs frame {@code frameIndex} (frames arrive in order). {@code box} null: no face. {@code faceRow}: the face gives
     * post-processing a row (false for an audio-only bundle); its head row is {@code head}, or null when it comes
     * later through {@link #setHeadRows} (batched head).
     */
    void add(int frameIndex, double timeSeconds, FaceBox box, float valence, float arousal,
             boolean faceRow, float[] head, float[] pretrained) {
        if (frameIndex != frames + 1) {
            throw new IllegalStateException("frames must arrive in order: expected " + (frames + 1) + ", got "
                    + frameIndex);
        }
        if (frames == times.length) {
            int n = frames * 2;
            times = Arrays.copyOf(times, n);
            boxes = Arrays.copyOf(boxes, n);
            va = Arrays.copyOf(va, n * 2);
        }
        times[frames] = timeSeconds;
        if (box == null) {
            va[frames * 2] = Float.NaN;
            va[frames * 2 + 1] = Float.NaN;
        } else {
            boxes[frames] = box;
            va[frames * 2] = valence;
            va[frames * 2 + 1] = arousal;
            if (faceRow) {
                if (faces == faceFrames.length) {
                    faceFrames = Arrays.copyOf(faceFrames, faces * 2);
                    this.head = Arrays.copyOf(this.head, faces * 16);
                    this.pretrained = Arrays.copyOf(this.pretrained, faces * 16);
                }
                faceFrames[faces] = frameIndex;
                if (head != null) {
                    System.arraycopy(head, 0, this.head, faces * 8, 8);
                }
                System.arraycopy(pretrained, 0, this.pretrained, faces * 8, 8);
                faces++;
            }
        }
        frames++;
    }

    /** Sets the head rows of faces {@code firstFace .. firstFace + count - 1} (row-major count × 8). */
    void setHeadRows(int firstFace, float[] rows, int count) {
        if (firstFace < 0 || firstFace + count > faces) {
            throw new IllegalArgumentException("head rows for faces " + firstFace + ".." + (firstFace + count - 1)
                    + " but " + faces + " faces are logged");
        }
        System.arraycopy(rows, 0, head, firstFace * 8, count * 8);
    }

    int frameCount() {
        return frames;
    }

    int faceCount() {
        return faces;
    }

    double time(int frameIndex) {
        return times[frameIndex - 1];
    }

    /** The face box of a frame, or null. */
    FaceBox box(int frameIndex) {
        return boxes[frameIndex - 1];
    }

    float valence(int frameIndex) {
        return va[(frameIndex - 1) * 2];
    }

    float arousal(int frameIndex) {
        return va[(frameIndex - 1) * 2 + 1];
    }

    int[] faceFrames() {
        return Arrays.copyOf(faceFrames, faces);
    }

    float[] headRows() {
        return Arrays.copyOf(head, faces * 8);
    }

    float[] pretrainedRows() {
        return Arrays.copyOf(pretrained, faces * 8);
    }
}
