package io.fer4j.vision.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.vision.backbone.BackboneOptions;
import io.fer4j.vision.backbone.BackboneOptions.Spinning;
import org.junit.jupiter.api.Test;

class ThreadBudgetTest {
    @Test
    void oneAndTwoCoresRunABatchPerCoreOnOneThreadEach() {
        assertEquals(new ThreadBudget(1, 1, 1, Spinning.OFF, 1, 1), ThreadBudget.forCores(1));
        assertEquals(new ThreadBudget(2, 2, 1, Spinning.OFF, 1, 1), ThreadBudget.forCores(2));
    }

    @Test
    void fromThreeCoresTheDecodeThreadHasACoreOfItsOwn() {
        assertEquals(new ThreadBudget(3, 1, 2, Spinning.ON, 1, 1), ThreadBudget.forCores(3));
        assertEquals(new ThreadBudget(16, 1, 15, Spinning.ON, 1, 1), ThreadBudget.forCores(16));
        for (int cores = 3; cores <= 64; cores++) {
            ThreadBudget b = ThreadBudget.forCores(cores);
            // the decode/detect thread plus ONNX Runtime's intra-op threads never exceed the cores asked for
            assertTrue(b.concurrentBatches() * b.backboneThreads() + 1 <= cores, "cores " + cores);
        }
    }

    @Test
    void zeroMeansEveryCoreOfThisMachine() {
        assertEquals(ThreadBudget.forCores(Runtime.getRuntime().availableProcessors()), ThreadBudget.forCores(0));
    }

    @Test
    void appliesToBackboneAndExtractionOptionsKeepingTheRest() {
        ThreadBudget b = ThreadBudget.forCores(2);
        BackboneOptions bo = b.applyTo(new BackboneOptions(0, BackboneOptions.Device.CUDA, 1));
        assertEquals(1, bo.resolvedThreads());
        assertEquals(Spinning.OFF, bo.spinning());
        assertEquals(BackboneOptions.Device.CUDA, bo.device());
        assertEquals(1, bo.cudaDeviceId());
        ExtractionOptions eo =
                b.applyTo(ExtractionOptions.defaults().withBatchSize(7).withStride(2));
        assertEquals(2, eo.concurrentBatches());
        assertEquals(1, eo.decoderThreads());
        assertEquals(1, eo.detectorThreads());
        assertEquals(7, eo.batchSize());
        assertEquals(2, eo.stride());
        assertEquals("2 cores: backbone 2 batches × 1 thread, decode/detect 1", b.describe());
        assertEquals(
                "8 cores: backbone 1 batch × 7 threads, decode/detect 1",
                ThreadBudget.forCores(8).describe());
    }

    @Test
    void rejectsImpossibleBudgets() {
        assertThrows(IllegalArgumentException.class, () -> new ThreadBudget(0, 1, 1, Spinning.ON, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new ThreadBudget(2, 0, 1, Spinning.ON, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new ThreadBudget(2, 1, 0, Spinning.ON, 1, 1));
    }
}
