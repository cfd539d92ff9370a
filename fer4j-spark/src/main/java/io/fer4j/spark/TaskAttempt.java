package io.fer4j.spark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.util.Locale;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;

/**
 * The Spark task attempt running on this executor: names its private folders (so no two attempts of one video, a
 * speculative copy or a zombie included, ever share or delete each other's files) and its error messages.
 *
 * @param appId         Spark application id (folders of different jobs never collide)
 * @param taskAttemptId Spark's attempt id, unique within the application
 * @param attemptNumber 0 for the first attempt of a task, then 1, 2, … (retries and speculative copies)
 * @param executor      host name and JVM pid
 */
record TaskAttempt(String appId, long taskAttemptId, int attemptNumber, String executor) {
    /** Marker in the names of attempt folders; the driver removes stale ones before and after a job. */
    static final String FOLDER_MARKER = ".attempt-";

    /** The attempt running this thread; outside a Spark task (unit tests) a fixed stand-in. */
    static TaskAttempt current() {
        TaskContext tc = TaskContext.get();
        SparkEnv env = SparkEnv.get();
        String app = env == null ? "local" : env.conf().getAppId();
        return tc == null
                ? new TaskAttempt(app, 0, 0, executorName())
                : new TaskAttempt(app, tc.taskAttemptId(), tc.attemptNumber(), executorName());
    }

    /** {@code .<storeId>.attempt-<taskAttemptId>-<attemptNumber>-<appId>}: hidden, so readers of the store skip it. */
    String folderName(String storeId) {
        return "." + storeId + FOLDER_MARKER + taskAttemptId + "-" + attemptNumber + "-"
                + appId.replaceAll("[^A-Za-z0-9_-]", "_").toLowerCase(Locale.ROOT);
    }

    /** {@code host/pid} of this JVM. */
    static String executorName() {
        String pid = Long.toString(ManagementFactory.getRuntimeMXBean().getPid());
        try {
            return InetAddress.getLocalHost().getHostName() + "/" + pid;
        } catch (IOException e) {
            return "pid " + pid;
        }
    }

    /** Where errors say they happened: {@code executor host/pid, attempt n}. */
    String where() {
        return "executor " + executor + ", task attempt " + taskAttemptId + " (attempt " + (attemptNumber + 1) + ")";
    }
}
