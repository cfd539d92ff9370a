package io.fer4j.api;

import io.fer4j.label.AbawClass;
import io.fer4j.prediction.PredictedVideo;
import java.util.List;

/**
 * The labels of one video (or frame list) with its summary and provenance: what {@code fer4j predict} writes to
 * {@code <id>.csv}, {@code <id>.json} and the report. Immutable.
 *
 * @param videoId    the video id (file name without extension)
 * @param source     the input as given
 * @param fps        frames per second used for times
 * @param frames     every frame 1..F in order, with or without a face
 * @param summary    shares, dominant expression, segments
 * @param provenance what ran: models (with sha256), bundle facts, δ/p0/w applied, fer4j version, time
 * @param warnings   notes for the reader (no face found, no audio track, fallback backbone...)
 */
public record VideoResult(
        String videoId,
        String source,
        double fps,
        List<FrameLabel> frames,
        Summary summary,
        RunInfo provenance,
        List<String> warnings) {
    public VideoResult {
        frames = List.copyOf(frames);
        warnings = List.copyOf(warnings);
    }

    static VideoResult of(PredictedVideo v, RunInfo provenance) {
        return new VideoResult(
                v.videoId(),
                v.source(),
                v.fps(),
                v.frames().stream().map(FrameLabel::of).toList(),
                Summary.of(v),
                provenance,
                v.warnings());
    }

    /** The label of frame {@code frameIndex} (1-based). */
    public AbawClass label(int frameIndex) {
        return frames.get(frameIndex - 1).label();
    }

    /** Labels of frames 1..F in order. */
    public List<AbawClass> labels() {
        return frames.stream().map(FrameLabel::label).toList();
    }
}
