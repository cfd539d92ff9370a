package io.fer4j.spark;

import io.fer4j.store.AtomicFiles;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.spark.TaskContext;
import org.apache.spark.util.TaskCompletionListener;

/**
 * A task's local temporary folder on an executor (staged {@code hdfs://}/{@code s3a://} inputs, the local store of a
 * remote store). Named {@code fer4j-spark-<host>-<pid>-<taskAttemptId>-…} so that it is removed when its task ends —
 * killed tasks included, through a task-completion listener — and, when the whole JVM died (kill -9, lost executor),
 * by the next task on the same host, which finds the owner's pid gone.
 */
final class ExecutorTemp {
    static final String PREFIX = "fer4j-spark-";

    private ExecutorTemp() {}

    /** Creates the attempt's folder under {@code java.io.tmpdir}, after sweeping folders of dead JVMs there. */
    static Path create(TaskAttempt attempt) throws IOException {
        Path root = Path.of(System.getProperty("java.io.tmpdir"));
        sweepDead(root);
        Path dir = Files.createTempDirectory(root, ownPrefix() + attempt.taskAttemptId() + "-");
        TaskContext tc = TaskContext.get();
        if (tc != null) {
            tc.addTaskCompletionListener((TaskCompletionListener) ctx -> AtomicFiles.deleteQuietly(dir));
        }
        return dir;
    }

    /** Removes this host's folders whose JVM no longer runs; returns how many. */
    static int sweepDead(Path root) {
        String hostPrefix = PREFIX + host() + "-";
        int removed = 0;
        try (Stream<Path> entries = Files.list(root)) {
            for (Path p : entries.toList()) {
                String name = p.getFileName().toString();
                if (!name.startsWith(hostPrefix)) {
                    continue;
                }
                String rest = name.substring(hostPrefix.length());
                int dash = rest.indexOf('-');
                long pid;
                try {
                    pid = Long.parseLong(dash < 0 ? rest : rest.substring(0, dash));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (ProcessHandle.of(pid).isEmpty()) {
                    AtomicFiles.deleteQuietly(p);
                    removed++;
                }
            }
        } catch (IOException e) {
            // the temp root cannot be listed: creating the folder will fail with a clear error instead
        }
        return removed;
    }

    static String ownPrefix() {
        return PREFIX + host() + "-" + ManagementFactory.getRuntimeMXBean().getPid() + "-";
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9.]", "_");
        } catch (IOException e) {
            return "localhost";
        }
    }
}
