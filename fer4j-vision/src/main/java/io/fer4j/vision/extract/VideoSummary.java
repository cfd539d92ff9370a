package io.fer4j.vision.extract;

/**
 * A video as extraction finished it.
 *
 * @param id             video id
 * @param fps            frames per second
 * @param frameCount     decoded frames (face-image folders: the highest frame number)
 * @param framesWithFace frames for which at least one face was embedded
 * @param facesEmbedded  faces run through the backbone (more than frames with {@code allFaces})
 * @param warnings       what the source reported that did not stop it ({@link
 *                       io.fer4j.vision.decode.VideoSource#warnings()})
 * @param people         in people mode what the tracker found (each track's final person, dropped tracks), else null
 */
public record VideoSummary(
        String id,
        double fps,
        int frameCount,
        int framesWithFace,
        long facesEmbedded,
        java.util.List<String> warnings,
        TrackedPeople people) {
    public VideoSummary {
        warnings = java.util.List.copyOf(warnings);
    }

    /** A summary outside people mode. */
    public VideoSummary(
            String id,
            double fps,
            int frameCount,
            int framesWithFace,
            long facesEmbedded,
            java.util.List<String> warnings) {
        this(id, fps, frameCount, framesWithFace, facesEmbedded, warnings, null);
    }

    /** A summary without warnings. */
    public VideoSummary(String id, double fps, int frameCount, int framesWithFace, long facesEmbedded) {
        this(id, fps, frameCount, framesWithFace, facesEmbedded, java.util.List.of());
    }
}
