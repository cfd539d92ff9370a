package io.fer4j.va;

import io.fer4j.store.AtomicFiles;
import io.fer4j.store.FeatureStore;
import io.fer4j.store.StoreVideoWriter;
import io.fer4j.store.VideoMeta;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Writes a small synthetic valence-arousal dataset for tests, benchmarks and demos: a feature store of a multi-task
 * backbone (10 outputs: 8 expression logits, then valence, arousal), ABAW VA annotations for {@code Train_Set} and
 * {@code Validation_Set}, and a VA test list of the validation videos. Deterministic for a seed.
 *
 * <p>Each video's true valence and arousal are slow random curves in [−0.9, 0.9] (a sum of two sinusoids of random
 * period 60–400 frames). A face frame's embedding is a fixed random linear map of (v, a, v·a) plus Gaussian noise
 * ({@code noise}; large enough that smoothing helps); the backbone's own valence/arousal outputs are a biased,
 * shrunk and noisy copy ({@code 0.5·v + 0.15} plus noise), so a head trained on the embeddings should beat them.
 * Audio rows (optional) are a weaker linear map plus more noise. About 10% of frames have no face and 5% are
 * annotated −5,−5; the annotation's frame count equals the store's frame_count.
 */
public final class SyntheticVaStore {
    private final long seed;
    private final int embeddingDim;
    private final int audioDim;
    private final float noise;

    public SyntheticVaStore(long seed, int embeddingDim, int audioDim, float noise) {
        this.seed = seed;
        this.embeddingDim = embeddingDim;
        this.audioDim = audioDim;
        this.noise = noise;
    }

    /**
     * Where the data went.
     *
     * @param testList a VA test list (header {@code image_location,valence,arousal}) of every validation frame
     */
    public record Layout(Path store, Path annotations, Path testList, List<String> validationVideos) {}

    public Layout write(Path root, int train, int validation, int frames) {
        Random r = new Random(seed);
        float[][] map = new float[3][embeddingDim];
        float[][] audioMap = new float[2][Math.max(audioDim, 1)];
        for (int k = 0; k < 3; k++) {
            for (int j = 0; j < embeddingDim; j++) {
                map[k][j] = (float) r.nextGaussian();
            }
        }
        for (int k = 0; k < 2; k++) {
            for (int j = 0; j < audioDim; j++) {
                audioMap[k][j] = (float) r.nextGaussian();
            }
        }
        Path store = root.resolve("store");
        Path annotations = root.resolve("annotations");
        FeatureStore fs = FeatureStore.create(store);
        try {
            Files.createDirectories(annotations.resolve("Train_Set"));
            Files.createDirectories(annotations.resolve("Validation_Set"));
        } catch (IOException e) {
            throw AtomicFiles.failure(annotations, "create", e);
        }
        for (int i = 0; i < train; i++) {
            writeVideo(
                    fs,
                    annotations.resolve("Train_Set"),
                    "train_" + i,
                    frames + r.nextInt(frames / 2 + 1),
                    r,
                    map,
                    audioMap);
        }
        List<String> ids = new ArrayList<>();
        StringBuilder list = new StringBuilder("image_location,valence,arousal\n");
        for (int i = 0; i < validation; i++) {
            String id = "val_" + i;
            int f = frames + r.nextInt(frames / 2 + 1);
            writeVideo(fs, annotations.resolve("Validation_Set"), id, f, r, map, audioMap);
            ids.add(id);
            for (int k = 1; k <= f; k++) {
                list.append(String.format("%s/%05d.jpg,0,0%n", id, k));
            }
        }
        Path testList = root.resolve("va_test_list.txt");
        AtomicFiles.writeString(testList, list.toString());
        return new Layout(store, annotations, testList, ids);
    }

    private void writeVideo(
            FeatureStore fs,
            Path annotationDir,
            String id,
            int frameCount,
            Random r,
            float[][] map,
            float[][] audioMap) {
        float[] v = curve(frameCount, r);
        float[] a = curve(frameCount, r);
        try (StoreVideoWriter w = fs.beginVideo(id, embeddingDim, 10, true)) {
            float[] e = new float[embeddingDim];
            float[] z = new float[10];
            for (int frame = 1; frame <= frameCount; frame++) {
                if (r.nextDouble() < 0.10) {
                    continue;
                }
                float vi = v[frame - 1];
                float ai = a[frame - 1];
                for (int j = 0; j < embeddingDim; j++) {
                    e[j] = map[0][j] * vi + map[1][j] * ai + map[2][j] * vi * ai + noise * (float) r.nextGaussian();
                }
                for (int k = 0; k < 8; k++) {
                    z[k] = (float) r.nextGaussian();
                }
                z[8] = 0.5f * vi + 0.15f + 0.35f * (float) r.nextGaussian();
                z[9] = 0.5f * ai + 0.15f + 0.35f * (float) r.nextGaussian();
                w.appendFrame(frame, e, 0, z, 0);
            }
            if (audioDim > 0) {
                float[] rows = new float[frameCount * audioDim];
                for (int f = 0; f < frameCount; f++) {
                    for (int j = 0; j < audioDim; j++) {
                        rows[f * audioDim + j] = 0.5f * (audioMap[0][j] * v[f] + audioMap[1][j] * a[f])
                                + 1.5f * (float) r.nextGaussian();
                    }
                }
                w.setAudio(rows, frameCount, audioDim, false);
            }
            w.commit(new VideoMeta(30.0, frameCount, "synthetic_b0_va_mtl", "fedcba9876543210", embeddingDim));
        }
        StringBuilder s = new StringBuilder("valence,arousal\n");
        for (int f = 0; f < frameCount; f++) {
            if (r.nextDouble() < 0.05) {
                s.append("-5,-5\n");
            } else {
                s.append(String.format(Locale.ROOT, "%.6f,%.6f%n", v[f], a[f]));
            }
        }
        AtomicFiles.writeString(annotationDir.resolve(id + ".txt"), s.toString());
    }

    /** A slow curve in [−0.9, 0.9]: two sinusoids of random period and phase. */
    private static float[] curve(int frames, Random r) {
        double p1 = 60 + 340 * r.nextDouble();
        double p2 = 60 + 340 * r.nextDouble();
        double f1 = 2 * Math.PI * r.nextDouble();
        double f2 = 2 * Math.PI * r.nextDouble();
        double offset = 0.3 * (2 * r.nextDouble() - 1);
        float[] out = new float[frames];
        for (int t = 0; t < frames; t++) {
            double x = offset + 0.35 * Math.sin(2 * Math.PI * t / p1 + f1) + 0.25 * Math.sin(2 * Math.PI * t / p2 + f2);
            out[t] = (float) Math.max(-0.9, Math.min(0.9, x));
        }
        return out;
    }
}
