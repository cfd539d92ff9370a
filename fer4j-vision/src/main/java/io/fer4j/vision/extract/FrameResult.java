package io.fer4j.vision.extract;

import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Everything extraction knows about one decoded frame, delivered for every frame in order, with or without a face.
 *
 * @param videoId     the video's id
 * @param frameIndex  1-based frame number
 * @param timeSeconds presentation time
 * @param faces       the main face's features (0 or 1 entries), or with {@code allFaces} every tracked face
 * @param image       the full-resolution BGR frame when {@link ExtractionOptions#keepFrameImages()} is set, else
 *                    null. Valid only during the consumer call (it is released afterwards): clone it to keep it.
 */
public record FrameResult(String videoId, int frameIndex, double timeSeconds, List<FrameFeatures> faces, Mat image) {
    /** The first (main) face, or null when the frame has none. */
    public FrameFeatures mainFace() {
        return faces.isEmpty() ? null : faces.get(0);
    }
}
