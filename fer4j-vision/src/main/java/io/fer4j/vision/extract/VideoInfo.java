package io.fer4j.vision.extract;

/**
 * A video as extraction starts it.
 *
 * @param id                 video id (CONTRACTS §2)
 * @param fps                frames per second
 * @param declaredFrameCount the container's frame count, or -1 when unknown (streams)
 * @param framesAreFaces     true for face-image folders (no detection)
 */
public record VideoInfo(String id, double fps, int declaredFrameCount, boolean framesAreFaces) {}
