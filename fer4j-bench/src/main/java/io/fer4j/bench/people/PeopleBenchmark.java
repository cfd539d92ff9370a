package io.fer4j.bench.people;

import io.fer4j.geometry.FaceBox;
import io.fer4j.vision.backbone.FacePreprocessor;
import io.fer4j.vision.crop.FaceCrops;
import io.fer4j.vision.decode.DecodedFrame;
import io.fer4j.vision.decode.FfmpegVideoSource;
import io.fer4j.vision.detect.YuNetDetector;
import io.fer4j.vision.people.FaceDescriptor;
import io.fer4j.vision.people.PeopleTracker;
import io.fer4j.vision.registry.ModelCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * The cost of following every person, on the first {@code --frames} frames of video_long.mp4 (six faces per frame,
 * 1280×720), measured side by side in one process: decode + YuNet (640 px, one thread) per frame as the yardstick;
 * the embedded face descriptor per face (crop preprocessing + ONNX Runtime, one thread, batch 1); PeopleTracker's
 * own work per frame (detections replayed, descriptors looked up so only the tracker is timed); and how many
 * descriptors the tracker asks for. Medians over {@code --runs}. Usage:
 * {@code PeopleBenchmark [--shared DIR] [--runs 3] [--frames 300]}.
 */
public final class PeopleBenchmark {
    private PeopleBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path shared = Path.of(System.getProperty("fer4j.shared", "../shared"));
        int runs = 3;
        int frames = 300;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--shared" -> shared = Path.of(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--frames" -> frames = Integer.parseInt(args[++i]);
                default ->
                    throw new IllegalArgumentException("unknown argument " + args[i]
                            + "; usage: PeopleBenchmark [--shared DIR] [--runs 3] [--frames 300]");
            }
        }
        Path video = shared.resolve("fixtures/media/video_long.mp4");
        Path yunet = shared.resolve("fixtures/models/face_detection_yunet.onnx");
        Path home = Files.createTempDirectory("fer4j-people-bench");
        double[] detectMs = new double[runs];
        double[] describeMs = new double[runs];
        double[] trackUs = new double[runs];
        long describedFaces = 0;
        long facesSeen = 0;
        PeopleTracker.Summary summary = null;
        List<List<FaceBox>> detections = new ArrayList<>();
        Map<FaceBox, float[]> descriptorOf = new IdentityHashMap<>();
        try (FaceDescriptor descriptor = FaceDescriptor.openEmbedded(new ModelCache(home), 1)) {
            for (int r = 0; r < runs; r++) {
                detections.clear();
                descriptorOf.clear();
                long detectNs = 0;
                long describeNs = 0;
                int described = 0;
                try (YuNetDetector detector = new YuNetDetector(yunet, 640, 0.3f);
                        FfmpegVideoSource source = FfmpegVideoSource.open(video, 1)) {
                    long t0 = System.nanoTime();
                    for (DecodedFrame f; detections.size() < frames && (f = source.next()) != null; ) {
                        List<FaceBox> faces = detector.detect(f.bgr());
                        long t1 = System.nanoTime();
                        detectNs += t1 - t0;
                        detections.add(faces);
                        for (FaceBox b : faces) { // every face once, to time the descriptor and replay the tracker
                            FaceCrops.PixelBox p = FaceCrops.bounds(b, 0f, f.width(), f.height());
                            try (Rect rect = new Rect(p.x0(), p.y0(), p.width(), p.height())) {
                                descriptorOf.put(
                                        b, descriptor.describe(f.bgr(), rect, FacePreprocessor.ChannelOrder.BGR));
                            }
                            described++;
                        }
                        t0 = System.nanoTime();
                        describeNs += t0 - t1;
                    }
                }
                detectMs[r] = detectNs / 1e6 / detections.size();
                describeMs[r] = describeNs / 1e6 / described;
                PeopleTracker tracker = PeopleTracker.builder().build();
                long t = System.nanoTime();
                for (int i = 0; i < detections.size(); i++) {
                    tracker.update(i + 1, detections.get(i), descriptorOf::get);
                }
                trackUs[r] = (System.nanoTime() - t) / 1e3 / detections.size();
                summary = tracker.summary();
                describedFaces = summary.descriptorCalls();
                facesSeen = detections.stream().mapToInt(List::size).sum();
                System.out.printf(
                        Locale.ROOT,
                        "  run %d: decode+YuNet %.2f ms/frame, descriptor %.2f ms/face, " + "tracker %.1f us/frame%n",
                        r + 1,
                        detectMs[r],
                        describeMs[r],
                        trackUs[r]);
            }
        }
        double det = median(detectMs);
        double desc = median(describeMs);
        double track = median(trackUs);
        double perFrame = facesSeen / (double) detections.size();
        double describedPerFrame = describedFaces / (double) detections.size();
        System.out.printf(
                Locale.ROOT,
                "MEDIAN %d frames, %.1f faces/frame, %d cores, load %s%n",
                detections.size(),
                perFrame,
                Runtime.getRuntime().availableProcessors(),
                Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        System.out.printf(
                Locale.ROOT,
                "  decode + YuNet 640 px: %.2f ms/frame; tracker found %d people, dropped %d " + "short tracks%n",
                det,
                summary.people(),
                summary.droppedTracks());
        System.out.printf(
                Locale.ROOT,
                "  descriptor: %.2f ms/face; the tracker asked for %d of %d faces "
                        + "(%.2f per frame) = %.2f ms/frame, %.0f%% of detection%n",
                desc,
                describedFaces,
                facesSeen,
                describedPerFrame,
                desc * describedPerFrame,
                100 * desc * describedPerFrame / det);
        System.out.printf(
                Locale.ROOT,
                "  tracker alone: %.1f us/frame (%.2f%% of detection); every face every frame "
                        + "would cost %.2f ms/frame%n",
                track,
                100 * track / 1000 / det,
                desc * perFrame);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
