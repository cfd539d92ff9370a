package io.fer4j.engine;

import io.fer4j.prediction.PredictedVideo;
import io.fer4j.report.Thumbnail;
import io.fer4j.vision.extract.FrameFeaturesConsumer;
import java.util.List;
import java.util.Map;

/** Collects one video's frames and labels it at the end: {@link VideoCollector} or, in people mode, {@link PeopleCollector}. */
interface PredictionCollector extends FrameFeaturesConsumer {
    /** The labelled video, once {@link #onEnd} returned. */
    PredictedVideo result();

    /** Sampled main-face thumbnails for the report. */
    List<Thumbnail> thumbnails();

    /** Person id → their largest sampled face (people mode), else empty. */
    default Map<Integer, Thumbnail> personThumbnails() {
        return Map.of();
    }
}
