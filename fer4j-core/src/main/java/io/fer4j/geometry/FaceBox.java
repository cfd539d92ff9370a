package io.fer4j.geometry;

/**
 * A detected face: axis-aligned box in pixel coordinates of the full-resolution frame (x, y = top-left corner),
 * with the detector's confidence (1 for detectors without one, such as Haar).
 */
public record FaceBox(float x, float y, float width, float height, float score) {
    public float area() {
        return Math.max(0f, width) * Math.max(0f, height);
    }

    public float centerX() {
        return x + width / 2f;
    }

    public float centerY() {
        return y + height / 2f;
    }

    /** Intersection over union with another box, 0 when either is empty. */
    public float iou(FaceBox o) {
        float ix = Math.max(0f, Math.min(x + width, o.x + o.width) - Math.max(x, o.x));
        float iy = Math.max(0f, Math.min(y + height, o.y + o.height) - Math.max(y, o.y));
        float inter = ix * iy;
        float union = area() + o.area() - inter;
        return union <= 0f ? 0f : inter / union;
    }

    /** This box with all coordinates multiplied by {@code s} (maps a box found on a downscaled frame back). */
    public FaceBox scaled(float s) {
        return new FaceBox(x * s, y * s, width * s, height * s, score);
    }
}
