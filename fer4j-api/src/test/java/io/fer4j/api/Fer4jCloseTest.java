package io.fer4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Issue 18 item 4: {@code close()} waits for a running {@code predict}, which returns its result (docs/api.md). */
class Fer4jCloseTest {
    @Test
    @Timeout(300)
    void aPredictRunningWhenCloseIsCalledReturnsItsResult() throws Exception {
        Fer4j own = Fer4j.builder().backbone("faceapi_expression").threads(1).build();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            AtomicReference<Thread> worker = new AtomicReference<>();
            Future<VideoResult> run = pool.submit(() -> {
                worker.set(Thread.currentThread());
                return own.predict(Fer4jTest.SAMPLE);
            });
            // close only once the call is inside the pipeline (it then holds the models)
            while (worker.get() == null
                    || Arrays.stream(worker.get().getStackTrace())
                            .noneMatch(f -> f.getClassName().endsWith("VideoFeatureExtractor"))) {
                if (run.isDone()) {
                    run.get(); // a failure before the pipeline: report it
                    break;
                }
                Thread.onSpinWait();
            }
            own.close();
            VideoResult r = run.get();
            assertEquals(300, r.frames().size(), "every frame of the 12 s sample at 25 fps");
        } finally {
            pool.shutdownNow();
            own.close();
        }
    }
}
