package io.fer4j.bench.predict;

import io.fer4j.geometry.FaceBox;
import io.fer4j.vision.crop.FaceThumbnails;
import io.fer4j.vision.decode.DecodedFrame;
import io.fer4j.vision.decode.FfmpegVideoSource;
import io.fer4j.vision.extract.ThreadBudget;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * What {@code predict}'s thumbnails cost the decode thread per frame: cutting the main face to a 96×96 thumbnail
 * ({@code FrameImages.FACE_THUMBNAILS}) against copying the full-resolution frame into a pooled buffer
 * ({@code FULL_FRAMES}, what predict did before). The first 300 frames of video_long.mp4 (1280×720) are decoded
 * once and kept; each way runs over all of them, interleaved, {@code --runs} times (medians, µs per frame).
 */
public final class FrameImagesBenchmark {
    private FrameImagesBenchmark() {}

    public static void main(String[] args) {
        Path shared = Path.of(System.getProperty("fer4j.shared", "../shared"));
        Path video = shared.resolve("fixtures/media/video_long.mp4");
        int runs = args.length > 1 && args[0].equals("--runs") ? Integer.parseInt(args[1]) : 7;
        // as on the decode thread under the default ThreadBudget: OpenCV on one thread
        org.bytedeco.opencv.global.opencv_core.setNumThreads(
                ThreadBudget.forCores(0).detectorThreads());
        List<Mat> frames = new ArrayList<>();
        try (FfmpegVideoSource s = FfmpegVideoSource.open(video, 1)) {
            DecodedFrame f;
            while (frames.size() < 300 && (f = s.next()) != null) {
                frames.add(f.bgr().clone());
            }
        }
        FaceBox face = new FaceBox(560, 200, 220, 260, 1f); // a typical main face of the video, in pixels
        Mat pooled = new Mat();
        double[] thumb = new double[runs];
        double[] copy = new double[runs];
        long sink = 0;
        for (int r = -1; r < runs; r++) { // r = -1: warm-up
            long t0 = System.nanoTime();
            for (Mat m : frames) {
                sink += FaceThumbnails.crop(m, face, FaceThumbnails.SIZE_PIXELS).getWidth();
            }
            long t1 = System.nanoTime();
            for (Mat m : frames) {
                m.copyTo(pooled);
                sink += pooled.cols();
            }
            long t2 = System.nanoTime();
            if (r >= 0) {
                thumb[r] = (t1 - t0) / 1e3 / frames.size();
                copy[r] = (t2 - t1) / 1e3 / frames.size();
            }
        }
        Arrays.sort(thumb);
        Arrays.sort(copy);
        System.out.printf(
                Locale.ROOT,
                "%d frames %dx%d, %d runs (sink %d): face thumbnail %.1f us/frame (27 KB "
                        + "kept), full-frame copy %.1f us/frame (%.1f MB in flight per frame); thumbnail/copy %.2f%n",
                frames.size(),
                frames.get(0).cols(),
                frames.get(0).rows(),
                runs,
                sink,
                thumb[runs / 2],
                copy[runs / 2],
                frames.get(0).total() * frames.get(0).channels() / 1e6,
                thumb[runs / 2] / copy[runs / 2]);
    }
}
