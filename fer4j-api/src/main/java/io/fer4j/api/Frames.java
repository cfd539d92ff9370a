package io.fer4j.api;

import io.fer4j.error.Fer4jException;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.util.Objects;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;

/** Caller frames (BufferedImage, packed RGB bytes) → the 8-bit BGR {@link Mat}s the pipeline reads, checked. */
final class Frames {
    /** The largest frame accepted: its BGR copy (w·h·3 bytes, 768 MiB) must fit a Java array with room to spare. */
    static final long MAX_PIXELS = 16384L * 16384L;

    private int width = -1;
    private int height = -1;
    private int count;

    /** Checks the next frame against the first one's size; {@code count} numbers frames from 1 in messages. */
    void check(int frameWidth, int frameHeight) {
        if ((long) frameWidth * frameHeight > MAX_PIXELS) {
            throw new Fer4jException("frame " + (count + 1) + " is " + frameWidth + "x" + frameHeight + " = "
                    + (long) frameWidth * frameHeight + " pixels; frames may have at most " + MAX_PIXELS
                    + " pixels (16384 x 16384); downscale it first (faces are detected at a few hundred pixels)");
        }
        count++;
        if (width < 0) {
            width = frameWidth;
            height = frameHeight;
        } else if (frameWidth != width || frameHeight != height) {
            throw new Fer4jException("frame " + count + " is " + frameWidth + "x" + frameHeight + " but frame 1 is "
                    + width + "x" + height + "; pass frames of one size (resize them first), or start a new "
                    + "session for another stream");
        }
    }

    void check(BufferedImage image) {
        Objects.requireNonNull(image, () -> "frame " + (count + 1) + " is null");
        check(image.getWidth(), image.getHeight());
    }

    /** Writes {@code image} into {@code dst} (reallocated when its size differs) as BGR; returns {@code dst}. */
    static Mat toBgr(BufferedImage image, Mat dst) {
        int w = image.getWidth();
        int h = image.getHeight();
        Mat m = ensure(dst, w, h);
        byte[] bgr = new byte[w * h * 3];
        if (image.getType() == BufferedImage.TYPE_3BYTE_BGR
                && image.getRaster().getDataBuffer() instanceof DataBufferByte b
                && image.getRaster().getSampleModel() instanceof ComponentSampleModel sm
                && sm.getScanlineStride() == w * 3
                && b.getData().length == bgr.length
                && image.getRaster().getSampleModelTranslateX() == 0
                && image.getRaster().getSampleModelTranslateY() == 0) {
            System.arraycopy(b.getData(), 0, bgr, 0, bgr.length); // already BGR rows: the common decoder output
        } else {
            int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
            for (int i = 0; i < argb.length; i++) {
                bgr[i * 3] = (byte) argb[i];
                bgr[i * 3 + 1] = (byte) (argb[i] >> 8);
                bgr[i * 3 + 2] = (byte) (argb[i] >> 16);
            }
        }
        m.data().put(bgr, 0, bgr.length);
        return m;
    }

    /** Packed 8-bit RGB rows (width × height × 3 bytes) → BGR; checks the length. */
    static Mat rgbToBgr(byte[] rgb, int w, int h, int frameNumber) {
        Objects.requireNonNull(rgb, "rgb");
        if (w < 1 || h < 1 || (long) w * h * 3 != rgb.length) {
            throw new Fer4jException("frame " + frameNumber + " has " + rgb.length + " bytes but a " + w + "x" + h
                    + " RGB frame needs " + (long) Math.max(0, w) * Math.max(0, h) * 3 + "; pass packed 8-bit RGB "
                    + "rows (width x height x 3 bytes)");
        }
        byte[] bgr = new byte[rgb.length];
        for (int i = 0; i < rgb.length; i += 3) {
            bgr[i] = rgb[i + 2];
            bgr[i + 1] = rgb[i + 1];
            bgr[i + 2] = rgb[i];
        }
        Mat m = new Mat(h, w, opencv_core.CV_8UC3);
        m.data().put(bgr, 0, bgr.length);
        return m;
    }

    private static Mat ensure(Mat dst, int w, int h) {
        if (dst != null && dst.cols() == w && dst.rows() == h) {
            return dst;
        }
        if (dst != null) {
            dst.close();
        }
        return new Mat(h, w, opencv_core.CV_8UC3);
    }
}
