package io.fer4j.vision.registry;

/** Receives download progress; called from the downloading thread. */
public interface DownloadProgress {
    /** @param totalBytes -1 when the server did not say */
    void update(long doneBytes, long totalBytes);

    /** The transfer ended (successfully or not). */
    default void finish() {}

    DownloadProgress NONE = (done, total) -> {};
}
