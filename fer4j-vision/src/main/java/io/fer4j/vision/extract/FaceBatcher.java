package io.fer4j.vision.extract;

import java.util.ArrayList;
import java.util.List;

/** Collects faces from consecutive frames and runs the backbone on them {@code batchSize} at a time. */
final class FaceBatcher {
    private final BatchEmbedder embedder;
    private final int batchSize;
    private final List<PendingFace> batch;

    FaceBatcher(BatchEmbedder embedder, int batchSize) {
        this.embedder = embedder;
        this.batchSize = batchSize;
        this.batch = new ArrayList<>(batchSize);
    }

    /** Adds a face; a full batch runs at once. */
    void add(PendingFace face) {
        batch.add(face);
        if (batch.size() == batchSize) {
            run();
        }
    }

    boolean isEmpty() {
        return batch.isEmpty();
    }

    /** Runs the faces collected so far (a partial batch), if any. */
    void run() {
        if (batch.isEmpty()) {
            return;
        }
        float[][] inputs = new float[batch.size()][];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = batch.get(i).input;
        }
        BatchEmbedder.Outputs out = embedder.infer(inputs, inputs.length);
        for (int i = 0; i < inputs.length; i++) {
            PendingFace f = batch.get(i);
            f.embedding = out.embeddings()[i];
            f.logits = out.logits()[i];
            f.input = null;
        }
        batch.clear();
    }

    /** Drops the collected faces without running them (their video failed). */
    void clear() {
        batch.clear();
    }
}
