package io.fer4j.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Spark standalone cluster on loopback for tests: a master and one 1-core worker per host address, each a JVM of
 * its own started from this JVM's classpath (workers launch executors as further JVMs). Workers get different
 * loopback addresses (127.0.0.2, 127.0.0.3, …) because Spark never runs a speculative copy on the host of the
 * original attempt.
 */
final class StandaloneCluster implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Pattern MASTER_URL = Pattern.compile("Starting Spark master at (spark://\\S+)");

    private final List<Process> processes;
    private final String masterUrl;

    private StandaloneCluster(List<Process> processes, String masterUrl) {
        this.processes = processes;
        this.masterUrl = masterUrl;
    }

    /**
     * Starts the master on 127.0.0.1 and {@code workers} workers. {@code sparkHome} needs a {@code jars/} folder
     * (may be empty: executors take their classes from {@code spark.executor.extraClassPath}).
     */
    static StandaloneCluster start(Path work, Path sparkHome, int workers, String javaOptions) throws Exception {
        List<Process> started = new ArrayList<>();
        try {
            Path masterLog = work.resolve("master.log");
            started.add(java(
                    List.of(
                            "org.apache.spark.deploy.master.Master",
                            "--host",
                            "127.0.0.1",
                            "--port",
                            "0",
                            "--webui-port",
                            "0"),
                    masterLog,
                    sparkHome,
                    javaOptions));
            Matcher m = awaitLine(masterLog, MASTER_URL, started.get(0));
            String url = m.group(1);
            for (int w = 1; w <= workers; w++) {
                Path log = work.resolve("worker" + w + ".log");
                started.add(java(
                        List.of(
                                "org.apache.spark.deploy.worker.Worker",
                                "--host",
                                "127.0.0." + (w + 1),
                                "--cores",
                                "1",
                                "--memory",
                                "1536m",
                                "--work-dir",
                                work.resolve("worker" + w).toString(),
                                "--webui-port",
                                "0",
                                url),
                        log,
                        sparkHome,
                        javaOptions));
                awaitLine(log, Pattern.compile("Successfully registered with master"), started.get(w));
            }
            return new StandaloneCluster(started, url);
        } catch (Exception e) {
            started.forEach(StandaloneCluster::destroyTree);
            throw e;
        }
    }

    String masterUrl() {
        return masterUrl;
    }

    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            destroyTree(processes.get(i));
        }
    }

    private static void destroyTree(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    private static Process java(List<String> mainAndArgs, Path log, Path sparkHome, String javaOptions)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(javaOptions.split(" ")));
        cmd.addAll(List.of("-Xmx512m", "-cp", System.getProperty("java.class.path")));
        cmd.addAll(mainAndArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("SPARK_HOME", sparkHome.toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        return pb.start();
    }

    /** Polls a process's log until a line matches (the process's own observable state), failing when it exits. */
    private static Matcher awaitLine(Path log, Pattern pattern, Process p) throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)) {
                for (String line : Files.readAllLines(log)) {
                    Matcher m = pattern.matcher(line);
                    if (m.find()) {
                        return m;
                    }
                }
            }
            if (!p.isAlive()) {
                throw new IllegalStateException(
                        log + ": the process exited (" + p.exitValue() + ") before '" + pattern + "'");
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(log + ": no '" + pattern + "' within " + START_TIMEOUT);
    }
}
