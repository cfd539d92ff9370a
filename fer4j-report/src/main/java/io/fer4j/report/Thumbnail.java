package io.fer4j.report;

import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * A small face image shown in the HTML report at a segment change. Sampled thumbnails keep their pixels and are
 * JPEG-encoded only if the report shows them ({@link #jpeg()}): a video offers hundreds, the report shows a few
 * dozen, and encoding ran on the inference thread. Thread-safe.
 */
public final class Thumbnail {
    private final int frameIndex;
    private final double timeSeconds;
    private final BufferedImage face;
    private final int sizePixels;
    private byte[] jpeg;

    private Thumbnail(int frameIndex, double timeSeconds, BufferedImage face, int sizePixels, byte[] jpeg) {
        this.frameIndex = frameIndex;
        this.timeSeconds = timeSeconds;
        this.face = face;
        this.sizePixels = sizePixels;
        this.jpeg = jpeg;
    }

    /** An already encoded thumbnail. */
    public static Thumbnail ofJpeg(int frameIndex, double timeSeconds, byte[] jpeg) {
        return new Thumbnail(
                frameIndex,
                timeSeconds,
                null,
                0,
                Objects.requireNonNull(jpeg, "jpeg").clone());
    }

    /** A face crop, scaled to {@code sizePixels}² and encoded when {@link #jpeg()} is first asked for. */
    public static Thumbnail ofFace(int frameIndex, double timeSeconds, BufferedImage face, int sizePixels) {
        return new Thumbnail(frameIndex, timeSeconds, Objects.requireNonNull(face, "face"), sizePixels, null);
    }

    public int frameIndex() {
        return frameIndex;
    }

    public double timeSeconds() {
        return timeSeconds;
    }

    /** The JPEG bytes (a copy). */
    public synchronized byte[] jpeg() {
        if (jpeg == null) {
            jpeg = ThumbnailSampler.jpeg(ThumbnailSampler.scale(face, sizePixels));
        }
        return jpeg.clone();
    }
}
