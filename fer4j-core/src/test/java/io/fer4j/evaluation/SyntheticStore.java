package io.fer4j.evaluation;

import io.fer4j.label.AbawClass;
import io.fer4j.label.ClassSpace;
import io.fer4j.store.AtomicFiles;
import io.fer4j.store.FeatureStore;
import io.fer4j.store.StoreVideoWriter;
import io.fer4j.store.VideoMeta;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes a small, learnable synthetic dataset for tests, benchmarks and demos: a feature store (CONTRACTS §3), ABAW
 * annotations (§2) for {@code Train_Set} and {@code Validation_Set}, and a test list. Deterministic for a seed.
 *
 * <p>Each video is a sequence of expression segments (20–80 frames, classes drawn from an imbalanced prior, so
 * logit adjustment matters). A face frame's embedding is its class mean plus Gaussian noise (noisy enough that
 * temporal smoothing helps); its backbone logits (AffectNet-8 order) peak at the true class on most frames;
 * audio rows (optional) are a weaker class signal. About 10% of frames have no face and 5% are labelled −1.
 * Validation video {@code val_noface} has no face at all; validation video {@code val_1} has an annotation one
 * frame longer than its frame_count (the organisers' off-by-one).
 */
public final class SyntheticStore {
    /** Class prior of the generated labels (ABAW order). */
    static final double[] PRIOR = {0.30, 0.06, 0.04, 0.04, 0.28, 0.10, 0.08, 0.10};

    private final long seed;
    private final int embeddingDim;
    private final int audioDim;
    private final float noise;

    /**
     * @param seed         random seed
     * @param embeddingDim D
     * @param audioDim     Da, 0 = no audio.npy
     * @param noise        embedding noise standard deviation (class means have unit scale)
     */
    public SyntheticStore(long seed, int embeddingDim, int audioDim, float noise) {
        this.seed = seed;
        this.embeddingDim = embeddingDim;
        this.audioDim = audioDim;
        this.noise = noise;
    }

    /**
     * Where the data went.
     *
     * @param store       feature store folder
     * @param annotations folder holding Train_Set/ and Validation_Set/
     * @param testList    test list of the test videos (every frame, plus two frames beyond the last)
     * @param testVideos  ids of the test videos
     */
    public record Layout(Path store, Path annotations, Path testList, List<String> testVideos) {}

    /** Writes {@code train} + {@code validation} + {@code test} videos of about {@code frames} frames under {@code root}. */
    public Layout write(Path root, int train, int validation, int test, int frames) {
        Random r = new Random(seed);
        float[][] means = new float[AbawClass.COUNT][embeddingDim];
        float[][] audioMeans = new float[AbawClass.COUNT][Math.max(audioDim, 1)];
        for (int c = 0; c < AbawClass.COUNT; c++) {
            for (int j = 0; j < embeddingDim; j++) {
                means[c][j] = (float) r.nextGaussian();
            }
            for (int j = 0; j < audioDim; j++) {
                audioMeans[c][j] = (float) r.nextGaussian();
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
                    means,
                    audioMeans,
                    false,
                    0);
        }
        for (int i = 0; i < validation; i++) {
            writeVideo(
                    fs,
                    annotations.resolve("Validation_Set"),
                    "val_" + i,
                    frames + r.nextInt(frames / 2 + 1),
                    r,
                    means,
                    audioMeans,
                    false,
                    i == 1 ? 1 : 0);
        }
        writeVideo(fs, annotations.resolve("Validation_Set"), "val_noface", frames / 2, r, means, audioMeans, true, 0);
        List<String> testIds = new ArrayList<>();
        StringBuilder list =
                new StringBuilder("image_location,Neutral,Anger,Disgust,Fear,Happiness,Sadness,Surprise,Other\n");
        for (int i = 0; i < test; i++) {
            String id = "test_" + i;
            int f = frames + r.nextInt(frames / 2 + 1);
            writeVideo(fs, null, id, f, r, means, audioMeans, false, 0);
            testIds.add(id);
            for (int k = 1; k <= f + 2; k++) {
                list.append(String.format("%s/%05d.jpg,0%n", id, k));
            }
        }
        Path testList = root.resolve("test_list.txt");
        AtomicFiles.writeString(testList, list.toString());
        return new Layout(store, annotations, testList, testIds);
    }

    private void writeVideo(
            FeatureStore fs,
            Path annotationDir,
            String id,
            int frameCount,
            Random r,
            float[][] means,
            float[][] audioMeans,
            boolean noFace,
            int extraAnnotatedFrames) {
        int[] labels = new int[frameCount];
        int f = 0;
        while (f < frameCount) {
            int len = 20 + r.nextInt(61);
            int c = draw(r);
            for (int k = 0; k < len && f < frameCount; k++) {
                labels[f++] = c;
            }
        }
        int[] map = ClassSpace.AFFECTNET_8.toAbaw();
        try (StoreVideoWriter w = fs.beginVideo(id, embeddingDim, 8, true)) {
            float[] e = new float[embeddingDim];
            float[] z = new float[8];
            for (int frame = 1; frame <= frameCount; frame++) {
                if (noFace || r.nextDouble() < 0.10) {
                    continue;
                }
                int c = labels[frame - 1];
                for (int j = 0; j < embeddingDim; j++) {
                    e[j] = means[c][j] + noise * (float) r.nextGaussian();
                }
                for (int k = 0; k < 8; k++) {
                    z[k] = (float) r.nextGaussian();
                }
                // the backbone is right on 60% of frames (strongly), otherwise confidently wrong on 15%
                double u = r.nextDouble();
                if (u < 0.60) {
                    z[map[c]] += 3.5f;
                } else if (u < 0.75) {
                    z[r.nextInt(8)] += 3.5f;
                }
                w.appendFrame(frame, e, 0, z, 0);
            }
            if (audioDim > 0) {
                float[] a = new float[frameCount * audioDim];
                for (int frame = 0; frame < frameCount; frame++) {
                    for (int j = 0; j < audioDim; j++) {
                        a[frame * audioDim + j] = audioMeans[labels[frame]][j] + 2.0f * (float) r.nextGaussian();
                    }
                }
                w.setAudio(a, frameCount, audioDim, false);
            }
            w.commit(new VideoMeta(30.0, frameCount, "synthetic_b0", "0123456789abcdef", embeddingDim));
        }
        if (annotationDir != null) {
            StringBuilder s = new StringBuilder(AbawClass.headerLine()).append('\n');
            for (int frame = 0; frame < frameCount + extraAnnotatedFrames; frame++) {
                int l = labels[Math.min(frame, frameCount - 1)];
                s.append(r.nextDouble() < 0.05 ? -1 : l).append('\n');
            }
            AtomicFiles.writeString(annotationDir.resolve(id + ".txt"), s.toString());
        }
    }

    private static int draw(Random r) {
        double u = r.nextDouble();
        double acc = 0;
        for (int c = 0; c < PRIOR.length; c++) {
            acc += PRIOR[c];
            if (u < acc) {
                return c;
            }
        }
        return PRIOR.length - 1;
    }
}
