package io.fer4j.engine;

import io.fer4j.vision.registry.DownloadProgress;
import io.fer4j.vision.registry.ModelEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A model download reported through SLF4J (library code prints nothing itself): its start and its end. */
final class LoggedDownload implements DownloadProgress {
    private static final Logger LOG = LoggerFactory.getLogger(LoggedDownload.class);

    private final String file;
    private boolean started;
    private long doneBytes;

    LoggedDownload(ModelEntry entry) {
        this.file = entry.fileName();
    }

    @Override
    public synchronized void update(long done, long totalBytes) {
        if (!started) {
            started = true;
            LOG.info("downloading {} ({} bytes)", file, totalBytes < 0 ? "unknown" : totalBytes);
        }
        doneBytes = done;
    }

    @Override
    public synchronized void finish() {
        LOG.info("download of {} ended after {} bytes", file, doneBytes);
    }
}
