package io.fer4j.engine;

import io.fer4j.geometry.FaceBox;
import java.util.Arrays;

/**
 * Growable per-frame columns of one streamed video: time and face box for every frame, the head/pretrained rows of
 * face frames only — 16 floats per face frame, not the embeddings (the point of streaming) — and, when the run gives
 * them, the valence/arousal of every face frame.
 * Not thread-safe: one video, one thread.
 */
final class FrameLog {
    private int frames;
    private double[] times = new double[1024];
    private FaceBox[] boxes = new FaceBox[1024]; // null = no face
    private int faces;
    private int[] faceFrames = new int[1024];
    private float[] head = new float[1024 * 8];
    private float[] pretrained = new float[1024 * 8];
    private int vaFaces;
    private int[] vaFaceFrames = new int[0];
    private float[] va = new float[0];

    /**
     * Logs frame {@code frameIndex} (frames arrive in order). {@code box} null: no face. {@code faceRow}: the face gives
     * post-processing a row (false for an audio-only bundle); its head row is {@code head}, or null when it comes
     * later through {@link #setHeadRows} (batched head).
     */
    void add(int frameIndex, double timeSeconds, FaceBox box, boolean faceRow, float[] head, float[] pretrained) {
        if (frameIndex != frames + 1) {
            throw new IllegalStateException(
                    "frames must arrive in order: expected " + (frames + 1) + ", got " + frameIndex);
        }
        if (frames == times.length) {
            int n = frames * 2;
            times = Arrays.copyOf(times, n);
            boxes = Arrays.copyOf(boxes, n);
        }
        times[frames] = timeSeconds;
        if (box != null) {
            boxes[frames] = box;
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

    /**
     * Logs the valence/arousal of face frame {@code frameIndex} (the last one added): {@code values} (2), or null when
     * they come later through {@link #setFaceValues} (batched VA head).
     */
    void addFaceValues(int frameIndex, float[] values) {
        if (vaFaces == vaFaceFrames.length) {
            int n = Math.max(1024, vaFaces * 2);
            vaFaceFrames = Arrays.copyOf(vaFaceFrames, n);
            va = Arrays.copyOf(va, n * 2);
        }
        vaFaceFrames[vaFaces] = frameIndex;
        if (values != null) {
            System.arraycopy(values, 0, va, vaFaces * 2, 2);
        }
        vaFaces++;
    }

    /** Sets the valence/arousal of VA faces {@code firstFace .. firstFace + count - 1} (row-major count × 2). */
    void setFaceValues(int firstFace, float[] rows, int count) {
        if (firstFace < 0 || firstFace + count > vaFaces) {
            throw new IllegalArgumentException("VA rows for faces " + firstFace + ".." + (firstFace + count - 1)
                    + " but " + vaFaces + " faces are logged");
        }
        System.arraycopy(rows, 0, va, firstFace * 2, count * 2);
    }

    int valueFaceCount() {
        return vaFaces;
    }

    int[] valueFaceFrames() {
        return Arrays.copyOf(vaFaceFrames, vaFaces);
    }

    float[] faceValues() {
        return Arrays.copyOf(va, vaFaces * 2);
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
