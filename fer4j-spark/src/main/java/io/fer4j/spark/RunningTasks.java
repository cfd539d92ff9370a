package io.fer4j.spark;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;

/**
 * Tracks the task attempts of a job on the driver. A job returns as soon as every partition has one result, while
 * speculative copies it killed may still be running (the kill is a request); the driver waits here until the job
 * has ended and every started attempt has reported its end (killed, lost with its executor, …) before it removes
 * attempt folders, so it never deletes one an attempt still writes.
 */
final class RunningTasks extends SparkListener {
    private final Set<Long> running = new HashSet<>();
    private boolean jobEnded;

    @Override
    public synchronized void onTaskStart(SparkListenerTaskStart start) {
        running.add(start.taskInfo().taskId());
    }

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
        running.remove(end.taskInfo().taskId());
        notifyAll();
    }

    @Override
    public synchronized void onJobEnd(SparkListenerJobEnd end) {
        jobEnded = true;
        notifyAll();
    }

    /** Waits until the job ended and no attempt runs; false when {@code timeout} passed first. */
    synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!jobEnded || !running.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
