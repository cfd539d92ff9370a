package io.fer4j.bench.training;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * Peak heap over an interval, measured two ways: the sum of the heap pools' peak usage (JMX, an upper bound since
 * pools peak at different times) and the largest total heap use sampled every 20 ms by a daemon thread.
 */
final class HeapWatch implements AutoCloseable {
    private final Thread sampler;
    private volatile boolean running = true;
    private volatile long sampledPeak;
    private final long gcCountStart;
    private final long gcMillisStart;

    HeapWatch() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
        gcCountStart = gcCount();
        gcMillisStart = gcMillis();
        sampler = new Thread(
                () -> {
                    while (running) {
                        long used = ManagementFactory.getMemoryMXBean()
                                .getHeapMemoryUsage()
                                .getUsed();
                        sampledPeak = Math.max(sampledPeak, used);
                        try {
                            Thread.sleep(20);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "heap-watch");
        sampler.setDaemon(true);
        sampler.start();
    }

    long poolPeakBytes() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    long sampledPeakBytes() {
        return sampledPeak;
    }

    long gcCollections() {
        return gcCount() - gcCountStart;
    }

    long gcMillisSpent() {
        return gcMillis() - gcMillisStart;
    }

    private static long gcCount() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }

    private static long gcMillis() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionTime());
        }
        return n;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
