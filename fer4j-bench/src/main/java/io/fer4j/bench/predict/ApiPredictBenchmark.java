package io.fer4j.bench.predict;

import io.fer4j.api.Fer4j;
import io.fer4j.api.VideoResult;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code Fer4j.predict(Path)} through the public API, timed in-process from the builder to the result (model loading
 * included, as {@code fer4j predict}'s own "N frames in S s" line): one arm of {@code bench/predict-before-after.sh}.
 * Usage: {@code ApiPredictBenchmark VIDEO BACKBONE DETECTOR}.
 */
public final class ApiPredictBenchmark {
    private ApiPredictBenchmark() {}

    public static void main(String[] args) {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: ApiPredictBenchmark VIDEO BACKBONE DETECTOR");
        }
        long t0 = System.nanoTime();
        try (Fer4j fer4j = Fer4j.builder()
                .backbone(Path.of(args[1]))
                .detector(Path.of(args[2]))
                .build()) {
            VideoResult r = fer4j.predict(Path.of(args[0]));
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "api: %d frames in %.1f s (%.1f frames/s)%n",
                    r.frames().size(),
                    s,
                    r.frames().size() / s);
        }
    }
}
