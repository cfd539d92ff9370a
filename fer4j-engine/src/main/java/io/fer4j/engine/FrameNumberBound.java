package io.fer4j.engine;

import io.fer4j.error.Fer4jException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The highest frame number predict accepts from a face-image folder. Predict labels every frame number 1..F (a
 * missing number is a frame without a face, filled from its neighbours, CONTRACTS §7) and holds the video's rows until
 * its end for the centred smoothing, so its memory grows with the highest number, not with the images present: a
 * folder holding {@code 00001.png} and {@code 99999999.png} would ask for 100 million rows. Extract stores only the
 * frames present and has no such bound.
 */
public final class FrameNumberBound {
    /** One million frames: 9.3 hours at 30 frames/s, far beyond any face-image folder of a real video. */
    public static final int MAX_FACE_FOLDER_FRAMES = 1_000_000;

    private FrameNumberBound() {}

    /**
     * @param folder             the face-image folder (for the message)
     * @param highestFrameNumber its highest frame number, F
     * @throws Fer4jException when F exceeds {@link #MAX_FACE_FOLDER_FRAMES}
     */
    public static void requireWithin(Path folder, int highestFrameNumber) {
        if (highestFrameNumber > MAX_FACE_FOLDER_FRAMES) {
            throw new Fer4jException(
                    folder,
                    String.format(
                            Locale.ROOT,
                            "its images are numbered up to frame %d; "
                                    + "predict labels every frame number from 1 and accepts at most %d (%.1f hours at 30 frames/s); "
                                    + "number the images by their frame in the video, or run fer4j extract, which keeps only the "
                                    + "frames present",
                            highestFrameNumber,
                            MAX_FACE_FOLDER_FRAMES,
                            MAX_FACE_FOLDER_FRAMES / 30.0 / 3600));
        }
    }
}
