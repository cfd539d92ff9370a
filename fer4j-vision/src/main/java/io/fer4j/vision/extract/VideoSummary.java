package io.fer4j.vision.extract;

/**
 * A video as extraction finished it.
 *
 * @param id             video id
 * @param fps            frames per second
 * @param frameCount     decoded frames (face-image folders: the highest frame number)
 * @param framesWithFace frames for which at least one face was embedded
 * @param facesEmbedded  faces run through the backbone (more than frames with {@code allFaces})
 */
public record VideoSummary(String id, double fps, int frameCount, int framesWithFace, long facesEmbedded) {
}
