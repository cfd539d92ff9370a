package io.fer4j.vision.backbone;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * Test support: a fixed-capacity, reusable NCHW input buffer: add crops, {@link #runOn}, {@link #clear()}, repeat.
 * Not thread-safe: one producer fills it, then hands it over.
 */
public final class FaceBatch {
    private final FacePreprocessor preprocessor;
    private final float[] data;
    private final int capacity;
    private int size;

    /** A batch of {@code backbone}'s preprocessing. */
    public static FaceBatch of(Backbone backbone, int capacity) {
        return new FaceBatch(backbone.preprocessor(), capacity);
    }

    /** Runs the faces held by this batch on {@code backbone}. */
    public BackboneOutput runOn(Backbone backbone) {
        if (preprocessor.inputSize() != backbone.spec().inputSize()) {
            throw new IllegalArgumentException(
                    "batch was preprocessed for " + preprocessor.inputSize() + "x" + preprocessor.inputSize()
                            + ", backbone takes " + backbone.spec().inputSize());
        }
        return backbone.run(data, size);
    }

    public FaceBatch(FacePreprocessor preprocessor, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("batch capacity must be positive, got " + capacity);
        }
        this.preprocessor = preprocessor;
        this.capacity = capacity;
        this.data = new float[Math.multiplyExact(capacity, preprocessor.sliceLength())];
    }

    /** Adds the region {@code box} of an 8-bit frame; returns the slot used. */
    public int add(Mat frame, Rect box, FacePreprocessor.ChannelOrder order) {
        int slot = nextSlot();
        preprocessor.preprocess(frame, box, order, data, slot);
        size++;
        return slot;
    }

    /** Adds a whole 8-bit crop; returns the slot used. */
    public int add(Mat crop, FacePreprocessor.ChannelOrder order) {
        int slot = nextSlot();
        preprocessor.preprocess(crop, order, data, slot);
        size++;
        return slot;
    }

    /** Adds an interleaved 8-bit crop; returns the slot used. */
    public int add(byte[] pixels, int width, int height, FacePreprocessor.ChannelOrder order) {
        int slot = nextSlot();
        preprocessor.preprocess(pixels, width, height, order, data, slot);
        size++;
        return slot;
    }

    private int nextSlot() {
        if (size == capacity) {
            throw new IllegalStateException("batch is full (" + capacity + "); run and clear it first");
        }
        return size;
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return capacity;
    }

    public boolean isFull() {
        return size == capacity;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public void clear() {
        size = 0;
    }

    /** The backing buffer; the first {@code size()·3·S·S} floats are valid. */
    public float[] data() {
        return data;
    }

    public FacePreprocessor preprocessor() {
        return preprocessor;
    }
}
