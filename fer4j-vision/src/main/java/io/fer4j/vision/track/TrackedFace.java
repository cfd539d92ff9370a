package io.fer4j.vision.track;

import io.fer4j.geometry.FaceBox;

/** A face in one frame with the id of the track (person) it belongs to; ids start at 1 and are never reused. */
public record TrackedFace(int trackId, FaceBox box) {}
