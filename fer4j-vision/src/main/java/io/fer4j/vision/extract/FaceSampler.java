package io.fer4j.vision.extract;

import io.fer4j.error.Fer4jException;
import io.fer4j.vision.backbone.FacePreprocessor;
import io.fer4j.vision.crop.FaceCrops;
import io.fer4j.vision.decode.VideoFileScanner;
import io.fer4j.vision.decode.VideoSource;
import io.fer4j.vision.detect.FaceDetector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Preprocessed face crops sampled evenly from a video or face-image folder, found, cropped and preprocessed exactly as
 * {@code extract} does (same pipeline, main face per frame): calibration data for int8 quantization and real-face
 * inputs for comparing models.
 */
public final class FaceSampler {
    private FaceSampler() {}

    /**
     * Up to {@code count} faces from {@code input}: every {@code stride}-th main face with stride = declared frames /
     * count, starting at {@code phase} (so two calls with different phases draw disjoint frames).
     *
     * @param detectors null is allowed when {@code input} is a face-image folder
     */
    public static List<float[]> sample(
            Path input,
            FacePreprocessor preprocessor,
            FaceDetector.Factory detectors,
            ExtractionOptions options,
            int count,
            int phase) {
        if (count < 1) {
            throw new IllegalArgumentException("face count must be >= 1, got " + count);
        }
        List<VideoFileScanner.Item> items = VideoFileScanner.scan(input);
        List<float[]> faces = new ArrayList<>();
        int frames = 0;
        for (VideoFileScanner.Item item : items) {
            if (faces.size() >= count) {
                break;
            }
            try (VideoSource source = item.open(options.decoderThreads(), options.folderFps())) {
                int declared = source.declaredFrameCount();
                int quota = count - faces.size();
                int stride = declared > 0 ? Math.max(1, declared / quota) : 1;
                Sampling embedder = new Sampling(preprocessor, stride, Math.floorMod(phase, stride), quota);
                VideoFeatureExtractor extractor = new VideoFeatureExtractor(
                        embedder, detectors, options.withAllFaces(false).withFrameImages(FrameImages.NONE));
                frames += extractor.extract(source, frame -> {}).frameCount();
                faces.addAll(embedder.kept);
            }
        }
        if (faces.isEmpty()) {
            throw new Fer4jException(
                    input,
                    "no face was found in its " + frames + " frames; pass a video or "
                            + "face-image folder with visible faces (for small faces try --detect-width 640 or 0)");
        }
        return faces;
    }

    /** Preprocesses every face (as extract does) and keeps every stride-th; inference is a no-op. */
    private static final class Sampling implements BatchEmbedder {
        private final FacePreprocessor preprocessor;
        private final int stride;
        private final int phase;
        private final int quota;
        private final List<float[]> kept = new ArrayList<>();
        private int seen;

        Sampling(FacePreprocessor preprocessor, int stride, int phase, int quota) {
            this.preprocessor = preprocessor;
            this.stride = stride;
            this.phase = phase;
            this.quota = quota;
        }

        @Override
        public String name() {
            return "face-sampler";
        }

        @Override
        public String sha256() {
            return null;
        }

        @Override
        public int embeddingDim() {
            return 1;
        }

        @Override
        public int outputCount() {
            return 1;
        }

        @Override
        public float[] preprocess(Mat bgrFrame, FaceCrops.PixelBox box) { // producer thread only
            if (seen++ % stride == phase && kept.size() < quota) {
                kept.add(BackboneEmbedder.preprocess(preprocessor, bgrFrame, box));
            }
            return new float[0];
        }

        @Override
        public Outputs infer(float[][] inputs, int count) {
            float[][] e = new float[count][1];
            return new Outputs(e, new float[count][1]);
        }

        @Override
        public void close() {}
    }
}
