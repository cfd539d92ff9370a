package io.fer4j.report;

/** A small JPEG of a face, shown in the HTML report at a segment change. */
public record Thumbnail(int frameIndex, double timeSeconds, byte[] jpeg) {
    public Thumbnail {
        jpeg = jpeg.clone();
    }

    @Override
    public byte[] jpeg() {
        return jpeg.clone();
    }
}
