package io.fer4j.vision.extract;

import io.fer4j.geometry.FaceBox;
import java.awt.image.BufferedImage;

/**
 * One tracked person's face in one frame ({@link ExtractionOptions#people()} mode), on every frame the tracker saw
 * it, also on frames the stride does not embed.
 *
 * @param trackId   the tracker's track (its features in {@link FrameResult#faces()} carry the same id)
 * @param personId  the person (1, 2, … in order of first appearance), 0 while the track is tentative: offline callers
 *                  take the final person from {@link VideoSummary#people()} at the end
 * @param box       the face box in full-resolution pixels
 * @param thumbnail a {@link io.fer4j.vision.crop.FaceThumbnails} square of this face when thumbnails were asked for
 *                  and this is one of the track's sampled frames (its first and every
 *                  {@link #THUMBNAIL_EVERY_FRAMES}th), else null
 */
public record PersonInFrame(int trackId, int personId, FaceBox box, BufferedImage thumbnail) {
    public static final int THUMBNAIL_EVERY_FRAMES = 30;
}
