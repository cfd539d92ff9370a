package io.fer4j.vision.extract;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The frames of one video waiting for their faces' embeddings, handed to the consumer in frame order as soon as
 * every face of the frames before them is embedded; counts what it delivered for the video's summary.
 */
final class OrderedDelivery {
    private final ArrayDeque<PipelineMessage.Frame> pending = new ArrayDeque<>();
    private final FrameImagePool pool;
    private int framesWithFace;
    private long faces;

    OrderedDelivery(FrameImagePool pool) {
        this.pool = pool;
    }

    void add(PipelineMessage.Frame frame) {
        pending.add(frame);
    }

    int size() {
        return pending.size();
    }

    /** Hands over every leading frame whose faces are all embedded. */
    void deliverReady(String videoId, FrameFeaturesConsumer consumer) {
        while (!pending.isEmpty() && pending.peekFirst().embedded()) {
            PipelineMessage.Frame f = pending.pollFirst();
            try {
                List<FrameFeatures> features = new ArrayList<>(f.faces().size());
                for (PendingFace face : f.faces()) {
                    features.add(new FrameFeatures(
                            f.frameIndex(), f.timeSeconds(), face.box, face.trackId, face.embedding, face.logits));
                }
                if (!features.isEmpty()) {
                    framesWithFace++;
                    faces += features.size();
                }
                consumer.onFrame(new FrameResult(
                        videoId,
                        f.frameIndex(),
                        f.timeSeconds(),
                        List.copyOf(features),
                        f.faceThumbnail(),
                        f.image(),
                        f.people()));
            } finally {
                pool.release(f);
            }
        }
    }

    /** Drops every waiting frame (the video failed or the run stops), returning their images to the pool. */
    void discard() {
        while (!pending.isEmpty()) {
            pool.release(pending.pollFirst());
        }
    }

    /** Starts counting a new video. */
    void resetCounts() {
        framesWithFace = 0;
        faces = 0;
    }

    int framesWithFace() {
        return framesWithFace;
    }

    long faces() {
        return faces;
    }
}
