package io.fer4j.vision.extract;

import java.awt.image.BufferedImage;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Everything extraction knows about one decoded frame, delivered for every frame in order, with or without a face.
 *
 * @param videoId       the video's id
 * @param frameIndex    1-based frame number
 * @param timeSeconds   presentation time
 * @param faces         the main face's features (0 or 1 entries), or with {@code allFaces} every tracked face
 * @param faceThumbnail the main face as a {@link io.fer4j.vision.crop.FaceThumbnails} square when
 *                      {@link ExtractionOptions#frameImages()} asks for it and the frame has a face, else null
 * @param image         the full-resolution BGR frame with {@link FrameImages#FULL_FRAMES}, else null. Valid only
 *                      during the consumer call (it is released afterwards): clone it to keep it.
 * @param people        in people mode every tracked person of the frame, largest face first (also on frames the
 *                      stride does not embed); otherwise empty
 */
public record FrameResult(
        String videoId,
        int frameIndex,
        double timeSeconds,
        List<FrameFeatures> faces,
        BufferedImage faceThumbnail,
        Mat image,
        List<PersonInFrame> people) {
    public FrameResult {
        people = people == null ? List.of() : List.copyOf(people);
    }

    /** A frame outside people mode. */
    public FrameResult(
            String videoId,
            int frameIndex,
            double timeSeconds,
            List<FrameFeatures> faces,
            BufferedImage faceThumbnail,
            Mat image) {
        this(videoId, frameIndex, timeSeconds, faces, faceThumbnail, image, List.of());
    }

    /** A frame without pixels. */
    public static FrameResult of(String videoId, int frameIndex, double timeSeconds, List<FrameFeatures> faces) {
        return new FrameResult(videoId, frameIndex, timeSeconds, faces, null, null);
    }

    /** The first (main) face, or null when the frame has none. */
    public FrameFeatures mainFace() {
        return faces.isEmpty() ? null : faces.get(0);
    }
}
