package io.fer4j.bench.extract;

import io.fer4j.geometry.FaceBox;
import io.fer4j.store.AtomicFiles;
import io.fer4j.vision.backbone.Backbone;
import io.fer4j.vision.backbone.BackboneOptions;
import io.fer4j.vision.crop.FaceCrops;
import io.fer4j.vision.decode.DecodedFrame;
import io.fer4j.vision.decode.FfmpegVideoSource;
import io.fer4j.vision.decode.VideoFileScanner;
import io.fer4j.vision.detect.FaceDetector;
import io.fer4j.vision.detect.YuNetDetector;
import io.fer4j.vision.extract.BackboneEmbedder;
import io.fer4j.vision.extract.ExtractionOptions;
import io.fer4j.vision.extract.StoreExtraction;
import io.fer4j.vision.extract.ThreadBudget;
import io.fer4j.vision.extract.VideoFeatureExtractor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.opencv.global.opencv_core;

/**
 * Extraction throughput, one command: end-to-end frames/s (decode + detect + track + crop + preprocess + backbone +
 * store writing, the {@code fer4j extract} pipeline) next to backbone-only faces/s on pre-cropped batches, measured in
 * the same run with the same session settings; then faces found and decode+detect frames/s per detection width; and
 * peak RSS (VmHWM). Defaults: ../shared/fixtures video_long.mp4, enet_b0_random.onnx, face_detection_yunet.onnx.
 *
 * <p>Options: {@code --video FILE --model FILE --detector FILE --batch 32 --cores N (the thread budget of
 * fer4j extract --threads N, default all cores; the next five override its parts) --concurrent-batches N
 * --threads N (ORT intra-op per batch)
 * --spin on|off (--no-spin: ORT intra-op threads sleep when idle) --decoder-threads N (FFmpeg) --cv-threads N
 * (OpenCV while detecting; 0 = OpenCV's choice) --detect-width 320 --runs 1 --widths 0,640,480,320,240,160
 * --no-sweep --device cpu|cuda[:N] --detect-every K}.
 */
public final class ExtractBenchmark {
    private ExtractBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path shared = Path.of(System.getProperty("fer4j.shared", "../shared"));
        Path video = shared.resolve("fixtures/media/video_long.mp4");
        Path model = shared.resolve("fixtures/models/enet_b0_random.onnx");
        Path yunet = shared.resolve("fixtures/models/face_detection_yunet.onnx");
        int batch = 32;
        // the defaults are fer4j extract's: ThreadBudget.forCores(--cores, 0 = all)
        int cores = 0;
        Integer threads = null;
        int detectWidth = 320;
        Integer decoderThreads = null;
        Integer concurrentBatches = null;
        int runs = 1;
        int[] widths = {0, 640, 480, 320, 240, 160};
        boolean sweep = true;
        String device = "cpu";
        BackboneOptions.Spinning spinning = null;
        int detectEvery = 1;
        Integer cvThreads = null; // 0: OpenCV's own choice
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--video" -> video = Path.of(args[++i]);
                case "--model" -> model = Path.of(args[++i]);
                case "--detector" -> yunet = Path.of(args[++i]);
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--cores" -> cores = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--concurrent-batches" -> concurrentBatches = Integer.parseInt(args[++i]);
                case "--spin" -> spinning = BackboneOptions.Spinning.valueOf(args[++i].toUpperCase(Locale.ROOT));
                case "--detect-width" -> detectWidth = Integer.parseInt(args[++i]);
                case "--decoder-threads" -> decoderThreads = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--widths" ->
                    widths = Arrays.stream(args[++i].split(","))
                            .mapToInt(Integer::parseInt)
                            .toArray();
                case "--no-sweep" -> sweep = false;
                case "--device" -> device = args[++i];
                case "--no-spin" -> spinning = BackboneOptions.Spinning.OFF;
                case "--detect-every" -> detectEvery = Integer.parseInt(args[++i]);
                case "--cv-threads" -> cvThreads = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; see the class comment");
            }
        }
        for (Path p : List.of(video, model, yunet)) {
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("missing " + p
                        + "; run from the repository root with ../shared/fixtures present, or pass the file");
            }
        }
        ThreadBudget budget = ThreadBudget.forCores(cores);
        threads = threads != null ? threads : budget.backboneThreads();
        spinning = spinning != null ? spinning : budget.spinning();
        decoderThreads = decoderThreads != null ? decoderThreads : budget.decoderThreads();
        concurrentBatches = concurrentBatches != null ? concurrentBatches : budget.concurrentBatches();
        cvThreads = cvThreads != null ? cvThreads : budget.detectorThreads();
        System.out.printf(
                Locale.ROOT,
                "budget for %d cores: %s | this run: %d batches x %d threads, spinning %s |"
                        + " OpenCV detection threads %s%n",
                budget.cores(),
                budget.describe(),
                concurrentBatches,
                threads,
                spinning,
                cvThreads == 0 ? "OpenCV's choice (" + opencv_core.getNumThreads() + ")" : cvThreads);
        System.out.printf(
                Locale.ROOT,
                "java %s | %d cores | video %s | model %s | batch %d | ORT threads %d | detect width %d | decoder threads %d | spinning %s | detect every %d%n",
                System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(),
                video.getFileName(),
                model.getFileName(),
                batch,
                threads,
                detectWidth,
                decoderThreads,
                spinning,
                detectEvery);

        BackboneOptions backboneOptions = new BackboneOptions(
                threads, BackboneOptions.Device.parse(device), BackboneOptions.Device.ordinal(device), spinning);
        // the machine's limit: backbone-only with every core, spinning (ONNX Runtime's fastest setting alone)
        BackboneOptions limitOptions = new BackboneOptions(
                budget.cores(),
                BackboneOptions.Device.parse(device),
                BackboneOptions.Device.ordinal(device),
                BackboneOptions.Spinning.ON);
        try (Backbone backbone = Backbone.open(model, backboneOptions);
                BackboneEmbedder embedder = BackboneEmbedder.borrowing(backbone);
                Backbone limitBackbone = Backbone.open(model, limitOptions);
                BackboneEmbedder limit = BackboneEmbedder.borrowing(limitBackbone)) {
            float[][] crops = preCrop(video, yunet, detectWidth, embedder, 4 * batch);
            List<Double> e2e = new ArrayList<>();
            List<Double> only = new ArrayList<>();
            List<Double> own = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                // backbone-only before and after the end-to-end run, averaged: on a shared machine the load drifts
                double ownBefore = backboneOnly(embedder, crops, batch);
                double before = backboneOnly(limit, crops, batch);
                e2e.add(endToEnd(
                        embedder,
                        video,
                        yunet,
                        detectWidth,
                        ExtractionOptions.defaults()
                                .withBatchSize(batch)
                                .withDecoderThreads(decoderThreads)
                                .withDetectorThreads(cvThreads)
                                .withDetectEvery(detectEvery)
                                .withConcurrentBatches(concurrentBatches)));
                double after = backboneOnly(limit, crops, batch);
                double ownAfter = backboneOnly(embedder, crops, batch);
                System.out.printf(
                        Locale.ROOT,
                        "  backbone-only, all cores spinning: %.1f faces/s before, %.1f after;"
                                + " with this run's settings: %.1f, %.1f%n",
                        before,
                        after,
                        ownBefore,
                        ownAfter);
                only.add((before + after) / 2);
                own.add((ownBefore + ownAfter) / 2);
                System.out.printf(
                        Locale.ROOT,
                        "run %d: end-to-end %.1f frames/s | backbone-only %.1f faces/s%n",
                        r + 1,
                        e2e.get(r),
                        only.get(r));
            }
            double me = median(e2e);
            double mo = median(only);
            System.out.printf(
                    Locale.ROOT,
                    "MEDIAN end-to-end %.1f frames/s, backbone-only %.1f faces/s (all cores, "
                            + "spinning; %.1f with this run's settings), ratio %.0f%% (target >= 85%%), %.1fx the ~14 fps "
                            + "Python pipeline%n",
                    me,
                    mo,
                    median(own),
                    100 * me / mo,
                    me / 14.0);
        }
        System.out.printf(Locale.ROOT, "peak RSS after extraction: %s%n", vmHwm());
        if (sweep) {
            System.out.println(
                    "detection width sweep (decode + YuNet only, 1 thread): width | frames with a face | faces/frame | frames/s");
            for (int w : widths) {
                detectOnly(video, yunet, w, decoderThreads);
            }
        }
        System.out.printf(Locale.ROOT, "peak RSS (VmHWM): %s%n", vmHwm());
    }

    /** Faces of the video's first frames, preprocessed: the backbone-only input. */
    public static float[][] preCrop(Path video, Path yunet, int detectWidth, BackboneEmbedder embedder, int count) {
        List<float[]> out = new ArrayList<>();
        try (FfmpegVideoSource s = FfmpegVideoSource.open(video, 1);
                FaceDetector d = new YuNetDetector(yunet, detectWidth, 0.7f)) {
            DecodedFrame f;
            while (out.size() < count && (f = s.next()) != null) {
                for (FaceBox b : d.detect(f.bgr())) {
                    FaceCrops.PixelBox px = FaceCrops.bounds(b, 0f, f.width(), f.height());
                    if (!px.isEmpty() && out.size() < count) {
                        out.add(embedder.preprocess(f.bgr(), px));
                    }
                }
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("no face found in " + video);
        }
        while (out.size() < count) {
            out.add(out.get(0)); // pads with the first face (written as out.get(size % size), which is always 0)
        }
        return out.toArray(new float[0][]);
    }

    public static double backboneOnly(BackboneEmbedder embedder, float[][] crops, int batch) {
        float[][] b = Arrays.copyOf(crops, batch);
        embedder.infer(b, batch); // warm-up
        long t0 = System.nanoTime();
        int faces = 0;
        for (int i = 0; i + batch <= crops.length; i += batch) {
            embedder.infer(Arrays.copyOfRange(crops, i, i + batch), batch);
            faces += batch;
        }
        return faces / ((System.nanoTime() - t0) / 1e9);
    }

    static double endToEnd(
            BackboneEmbedder embedder, Path video, Path yunet, int detectWidth, int batch, int decoderThreads)
            throws IOException {
        return endToEnd(
                embedder,
                video,
                yunet,
                detectWidth,
                ExtractionOptions.defaults().withBatchSize(batch).withDecoderThreads(decoderThreads));
    }

    /** {@code fer4j extract} of one video into a temporary store with these options; frames/s. */
    static double endToEnd(
            BackboneEmbedder embedder, Path video, Path yunet, int detectWidth, ExtractionOptions options)
            throws IOException {
        Path store = Files.createTempDirectory("fer4j-extract-bench");
        try {
            VideoFeatureExtractor ex =
                    new VideoFeatureExtractor(embedder, YuNetDetector.factory(yunet, detectWidth, 0.7f), options);
            long t0 = System.nanoTime();
            StoreExtraction.Report r = StoreExtraction.run(
                    ex,
                    VideoFileScanner.scan(video),
                    store,
                    new StoreExtraction.Settings(false, Map.of()),
                    new StoreExtraction.Listener() {});
            double secs = (System.nanoTime() - t0) / 1e9;
            if (!r.allOk()) {
                throw r.failed().get(0).failure();
            }
            var s = r.extracted().get(0);
            System.out.printf(
                    Locale.ROOT,
                    "  end-to-end: %d frames, %d with a face, %.2f s%n",
                    s.frameCount(),
                    s.framesWithFace(),
                    secs);
            return s.frameCount() / secs;
        } finally {
            AtomicFiles.deleteQuietly(store);
        }
    }

    /** Decode + YuNet alone on one thread; prints a sweep row and returns frames/s. */
    public static double detectOnly(Path video, Path yunet, int width, int decoderThreads) {
        int frames = 0;
        int withFace = 0;
        long faces = 0;
        long t0 = System.nanoTime();
        try (FfmpegVideoSource s = FfmpegVideoSource.open(video, decoderThreads);
                FaceDetector d = new YuNetDetector(yunet, width, 0.7f)) {
            DecodedFrame f;
            while ((f = s.next()) != null) {
                List<FaceBox> found = d.detect(f.bgr());
                frames++;
                faces += found.size();
                if (!found.isEmpty()) {
                    withFace++;
                }
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "  %5s | %d/%d | %.2f | %.1f%n",
                width == 0 ? "full" : Integer.toString(width),
                withFace,
                frames,
                (double) faces / frames,
                frames / secs);
        return frames / secs;
    }

    public static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    static String vmHwm() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("VmHWM"))
                    .map(l -> l.substring(6).trim())
                    .findFirst()
                    .orElse("n/a");
        } catch (IOException e) {
            return "n/a";
        }
    }
}
