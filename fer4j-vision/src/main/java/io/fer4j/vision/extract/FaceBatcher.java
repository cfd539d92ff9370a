package io.fer4j.vision.extract;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Collects faces from consecutive frames and runs the backbone on them {@code batchSize} at a time: on the calling
 * thread, or with {@code concurrentBatches > 1} on that many worker threads at once, each batch on one ONNX Runtime
 * thread (see {@link ThreadBudget}: independent batches do not wait for each other at every operator, as intra-op
 * threads do, so a decode thread taking a core stalls one batch instead of all of them).
 *
 * <p>Only the calling thread touches the faces: a worker computes a batch's outputs and the caller copies them into
 * the faces when it collects the finished batch ({@link #collect}), in submission order. Not thread-safe; one per
 * extraction run, closed at its end (which waits for every batch in flight, so the backbone may then be closed).
 */
final class FaceBatcher implements AutoCloseable {
    private final BatchEmbedder embedder;
    private final int batchSize;
    private final int concurrentBatches;
    private final ExecutorService workers;
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    private List<PendingFace> batch;

    private record InFlight(List<PendingFace> faces, Future<BatchEmbedder.Outputs> outputs) {}

    FaceBatcher(BatchEmbedder embedder, int batchSize, int concurrentBatches) {
        this.embedder = embedder;
        this.batchSize = batchSize;
        this.concurrentBatches = concurrentBatches;
        this.batch = new ArrayList<>(batchSize);
        this.workers = concurrentBatches > 1
                ? Executors.newFixedThreadPool(concurrentBatches, r -> {
                    Thread t = new Thread(r, "fer4j-backbone");
                    t.setDaemon(true);
                    return t;
                })
                : null;
    }

    /** Adds a face; a full batch starts at once. */
    void add(PendingFace face) {
        batch.add(face);
        if (batch.size() == batchSize) {
            run();
        }
    }

    /** No face collected and not yet started. */
    boolean isEmpty() {
        return batch.isEmpty();
    }

    /** Some batch is running on a worker. */
    boolean running() {
        return !inFlight.isEmpty();
    }

    /**
     * Starts the faces collected so far (a partial batch), if any: on this thread (done when this returns), or on a
     * worker once fewer than {@code concurrentBatches} are running (waiting for the oldest otherwise).
     */
    void run() {
        if (batch.isEmpty()) {
            return;
        }
        List<PendingFace> faces = batch;
        batch = new ArrayList<>(batchSize);
        float[][] inputs = new float[faces.size()][];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = faces.get(i).input;
        }
        if (workers == null) {
            apply(faces, embedder.infer(inputs, inputs.length));
            return;
        }
        while (inFlight.size() >= concurrentBatches) {
            completeOldest();
        }
        inFlight.add(new InFlight(faces, workers.submit(() -> embedder.infer(inputs, inputs.length))));
    }

    /** Copies the outputs of finished batches into their faces, oldest first; with {@code all}, waits for all. */
    void collect(boolean all) {
        while (!inFlight.isEmpty() && (all || inFlight.peekFirst().outputs().isDone())) {
            completeOldest();
        }
    }

    /** Drops the collected faces without running them (their video failed); running batches finish. */
    void clear() {
        batch.clear();
    }

    private void completeOldest() {
        InFlight f = inFlight.pollFirst();
        apply(f.faces(), await(f.outputs()));
    }

    private static void apply(List<PendingFace> faces, BatchEmbedder.Outputs out) {
        for (int i = 0; i < faces.size(); i++) {
            PendingFace f = faces.get(i);
            f.embedding = out.embeddings()[i];
            f.logits = out.logits()[i];
            f.input = null;
        }
    }

    private static BatchEmbedder.Outputs await(Future<BatchEmbedder.Outputs> outputs) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return outputs.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the batch must finish before anyone may close the backbone
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error er) {
                throw er;
            }
            throw new IllegalStateException(cause);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Waits for every running batch and stops the workers. A batch that failed is rethrown (after all the others
     * finished): at the end of a run that failed already, try-with-resources adds it as suppressed.
     */
    @Override
    public void close() {
        batch.clear();
        try {
            collect(true);
        } finally {
            for (InFlight f : inFlight) { // left by a failure above: they still finish before the backbone may close
                awaitQuietly(f.outputs());
            }
            inFlight.clear();
            if (workers != null) {
                workers.shutdown();
            }
        }
    }

    private static void awaitQuietly(Future<BatchEmbedder.Outputs> outputs) {
        try {
            await(outputs);
        } catch (RuntimeException | Error ignored) {
            // the first failure is already on its way out of close()
        }
    }
}
