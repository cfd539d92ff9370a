package io.fer4j.report;

/** A face box in source-frame pixels (top-left corner, width, height). */
public record FaceBox(float x, float y, float width, float height) {
    public FaceBox {
        if (!(width >= 0) || !(height >= 0)) {
            throw new IllegalArgumentException("face box width/height must be >= 0, got " + width + "x" + height);
        }
    }
}
