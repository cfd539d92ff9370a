package io.fer4j.bench.extract;

import io.fer4j.geometry.FaceBox;
import io.fer4j.vision.backbone.Backbone;
import io.fer4j.vision.backbone.BackboneOptions;
import io.fer4j.vision.crop.FaceCrops;
import io.fer4j.vision.decode.DecodedFrame;
import io.fer4j.vision.decode.FfmpegVideoSource;
import io.fer4j.vision.detect.DetectionSchedule;
import io.fer4j.vision.detect.FaceDetector;
import io.fer4j.vision.detect.YuNetDetector;
import io.fer4j.vision.extract.BackboneEmbedder;
import io.fer4j.vision.track.FaceTracker;
import io.fer4j.vision.track.TrackedFace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code --detect-every K} against per-frame detection, one command. Quality (one decode pass, every K side by side
 * on the same frames): IoU of the main face's box with the per-frame one (mean, 5th percentile, minimum), frames
 * whose face presence differs, and the embedding cosine of the two crops on every 7th frame (fixture B0). Speed:
 * decode + detect + track frames/s on one thread for each K (runs interleaved, medians).
 *
 * <p>Options: {@code --videos a.mp4,b.mp4} (video_long.mp4 and video.mp4), {@code --model FILE --detector FILE
 * --detect-width 320 --ks 2,3,5 --runs 3}.
 */
public final class DetectEveryBenchmark {
    private DetectEveryBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path shared = Path.of(System.getProperty("fer4j.shared", "../shared"));
        List<Path> videos =
                List.of(shared.resolve("fixtures/media/video_long.mp4"), shared.resolve("fixtures/media/video.mp4"));
        Path model = shared.resolve("fixtures/models/enet_b0_random.onnx");
        Path yunet = shared.resolve("fixtures/models/face_detection_yunet.onnx");
        int width = 320;
        int[] ks = {2, 3, 5};
        int runs = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--videos" ->
                    videos = Arrays.stream(args[++i].split(",")).map(Path::of).toList();
                case "--model" -> model = Path.of(args[++i]);
                case "--detector" -> yunet = Path.of(args[++i]);
                case "--detect-width" -> width = Integer.parseInt(args[++i]);
                case "--ks" ->
                    ks = Arrays.stream(args[++i].split(","))
                            .mapToInt(Integer::parseInt)
                            .toArray();
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; see the class comment");
            }
        }
        List<String> summary = new ArrayList<>();
        try (Backbone backbone = Backbone.open(model, BackboneOptions.cpu(2));
                BackboneEmbedder embedder = BackboneEmbedder.borrowing(backbone)) {
            for (Path video : videos) {
                quality(video, yunet, width, ks, embedder, summary);
            }
        }
        for (Path video : videos) {
            int[] all = new int[ks.length + 1];
            all[0] = 1;
            System.arraycopy(ks, 0, all, 1, ks.length);
            List<List<Double>> rates = new ArrayList<>();
            for (int k : all) {
                rates.add(new ArrayList<>());
            }
            for (int r = 0; r < runs; r++) {
                for (int j = 0; j < all.length; j++) {
                    rates.get(j).add(speed(video, yunet, width, all[j]));
                }
            }
            double base = ExtractBenchmark.median(rates.get(0));
            for (int j = 0; j < all.length; j++) {
                double m = ExtractBenchmark.median(rates.get(j));
                summary.add(String.format(
                        Locale.ROOT,
                        "%s decode+detect+track, 1 thread, --detect-every %d: median "
                                + "%.1f frames/s (%.2fx every frame) runs %s",
                        video.getFileName(),
                        all[j],
                        m,
                        m / base,
                        rates.get(j)));
            }
        }
        System.out.println("--- summary");
        summary.forEach(System.out::println);
    }

    private static void quality(
            Path video, Path yunet, int width, int[] ks, BackboneEmbedder embedder, List<String> summary) {
        int n = ks.length;
        FaceTracker base = new FaceTracker();
        FaceTracker[] trackers = new FaceTracker[n];
        DetectionSchedule[] schedules = new DetectionSchedule[n];
        List<List<Double>> ious = new ArrayList<>();
        List<List<Double>> cosines = new ArrayList<>();
        int[] presence = new int[n];
        for (int j = 0; j < n; j++) {
            trackers[j] = new FaceTracker();
            schedules[j] = new DetectionSchedule(ks[j]);
            ious.add(new ArrayList<>());
            cosines.add(new ArrayList<>());
        }
        int frames = 0;
        try (FfmpegVideoSource s = FfmpegVideoSource.open(video, 1);
                FaceDetector d = YuNetDetector.factory(yunet, width, 0.7f).create()) {
            DecodedFrame f;
            while ((f = s.next()) != null) {
                frames++;
                TrackedFace ref = base.mainFace(base.update(f.frameIndex(), d.detect(f.bgr())));
                for (int j = 0; j < n; j++) {
                    TrackedFace got =
                            trackers[j].mainFace(trackers[j].update(f.frameIndex(), schedules[j].boxes(d, f.bgr())));
                    if ((ref == null) != (got == null)) {
                        presence[j]++;
                    } else if (ref != null) {
                        ious.get(j).add((double) ref.box().iou(got.box()));
                        if (frames % 7 == 0) { // 7 is coprime with every K measured: carried and detected frames alike
                            cosines.get(j).add(cosine(embedder, f, ref.box(), got.box()));
                        }
                    }
                }
            }
        } finally {
            for (DetectionSchedule sc : schedules) {
                sc.close();
            }
        }
        for (int j = 0; j < n; j++) {
            double[] v = ious.get(j).stream()
                    .mapToDouble(Double::doubleValue)
                    .sorted()
                    .toArray();
            double[] c = cosines.get(j).stream()
                    .mapToDouble(Double::doubleValue)
                    .sorted()
                    .toArray();
            summary.add(String.format(
                    Locale.ROOT,
                    "%s --detect-every %d: detector on %d of %d frames; main-face IoU "
                            + "vs every frame mean %.3f p5 %.3f min %.3f over %d frames; face presence differs on %d frames; "
                            + "embedding cosine (B0, every 7th frame) mean %.4f min %.4f",
                    video.getFileName(),
                    ks[j],
                    schedules[j].detections(),
                    frames,
                    mean(v),
                    v.length == 0 ? Double.NaN : v[(int) (0.05 * v.length)],
                    v.length == 0 ? Double.NaN : v[0],
                    v.length,
                    presence[j],
                    mean(c),
                    c.length == 0 ? Double.NaN : c[0]));
        }
    }

    private static double cosine(BackboneEmbedder e, DecodedFrame f, FaceBox a, FaceBox b) {
        FaceCrops.PixelBox pa = FaceCrops.bounds(a, 0f, f.width(), f.height());
        FaceCrops.PixelBox pb = FaceCrops.bounds(b, 0f, f.width(), f.height());
        if (pa.isEmpty() || pb.isEmpty()) {
            return Double.NaN;
        }
        float[][] out = e.infer(new float[][] {e.preprocess(f.bgr(), pa), e.preprocess(f.bgr(), pb)}, 2)
                .embeddings();
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < out[0].length; i++) {
            dot += (double) out[0][i] * out[1][i];
            na += (double) out[0][i] * out[0][i];
            nb += (double) out[1][i] * out[1][i];
        }
        return dot / Math.sqrt(na * nb);
    }

    private static double speed(Path video, Path yunet, int width, int k) {
        long t0 = System.nanoTime();
        int frames = 0;
        FaceTracker tracker = new FaceTracker();
        try (FfmpegVideoSource s = FfmpegVideoSource.open(video, 1);
                FaceDetector d = YuNetDetector.factory(yunet, width, 0.7f).create();
                DetectionSchedule schedule = new DetectionSchedule(k)) {
            DecodedFrame f;
            while ((f = s.next()) != null) {
                tracker.mainFace(tracker.update(f.frameIndex(), schedule.boxes(d, f.bgr())));
                frames++;
            }
        }
        return frames / ((System.nanoTime() - t0) / 1e9);
    }

    private static double mean(double[] v) {
        double s = 0;
        int n = 0;
        for (double x : v) {
            if (!Double.isNaN(x)) {
                s += x;
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }
}
