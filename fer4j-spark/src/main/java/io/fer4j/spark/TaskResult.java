package io.fer4j.spark;

import java.io.Serializable;

/**
 * What happened to one video on an executor; the driver turns these into the job summary.
 *
 * @param status        {@code extracted}, {@code skipped} (already complete) or {@code failed}
 * @param frameCount    decoded frames (0 when skipped or failed)
 * @param framesWithFace frames with an embedded face
 * @param seconds       wall time of the task on the executor
 * @param message       why it failed, else empty
 * @param executor      host and JVM that ran it (shows the models were loaded once per JVM)
 */
public record TaskResult(
        String videoId,
        String status,
        int frameCount,
        int framesWithFace,
        double seconds,
        String message,
        String executor)
        implements Serializable {
    public static final String EXTRACTED = "extracted";
    public static final String SKIPPED = "skipped";
    public static final String FAILED = "failed";
}
