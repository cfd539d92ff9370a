package io.fer4j.vision.extract;

import java.awt.image.BufferedImage;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * What the decode/detect thread sends the inference thread, in order: per video {@code Start}, one {@code Frame}
 * per decoded frame, then {@code End} or {@code Failed}; {@code Done} after the last video, {@code Fatal} when the
 * thread itself broke.
 */
sealed interface PipelineMessage {
    record Start(VideoInfo info) implements PipelineMessage {}

    record Frame(
            int frameIndex,
            double timeSeconds,
            List<PendingFace> faces,
            BufferedImage faceThumbnail,
            Mat image,
            List<PersonInFrame> people)
            implements PipelineMessage {
        boolean embedded() {
            for (PendingFace face : faces) {
                if (!face.embedded()) {
                    return false;
                }
            }
            return true;
        }
    }

    record End(int frameCount, List<String> warnings, TrackedPeople people) implements PipelineMessage {}

    record Failed(String id, RuntimeException error) implements PipelineMessage {}

    record Done() implements PipelineMessage {}

    record Fatal(Throwable error) implements PipelineMessage {}
}
