package io.fer4j.vision.people;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;

import io.fer4j.geometry.FaceBox;
import io.fer4j.vision.crop.FaceCrops;
import io.fer4j.vision.decode.DecodedFrame;
import io.fer4j.vision.decode.FfmpegVideoSource;
import io.fer4j.vision.detect.YuNetDetector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * Writes the real face crops that {@code tools/faceapi/make-descriptor-reference.sh} feeds to face-api.js's
 * FaceRecognitionNet: fer4j's YuNet detection (320 px, default threshold) and cropping (margin 0 unless given) on the face-api.js
 * test media of {@code ../shared}, as lossless RGB PNG named {@code <person>_<source>.png}. The person label comes
 * from geometry, never from a descriptor: faces.jpg's six people and video_long.mp4's zoom on them (frames 30 and
 * 270) sorted left to right (a zoom keeps that order); angry.jpg and surprised.jpg hold one face each; video.mp4's
 * frames with a face (one person) give their largest face.
 *
 * <p>Usage: {@code DescriptorReferenceCrops SHARED_MEDIA_DIR YUNET_ONNX OUT_DIR [MARGIN [ALIGN_ZOOM]]} (see {@link Crop}; defaults 0, 0).
 */
public final class DescriptorReferenceCrops {
    private DescriptorReferenceCrops() {}

    public static void main(String[] args) throws Exception {
        Path media = Path.of(args[0]);
        Path out = Path.of(args[2]);
        Crop crop = new Crop(
                args.length > 3 ? Float.parseFloat(args[3]) : 0f,
                args.length > 4 ? Float.parseFloat(args[4]) : 0f,
                Path.of(args[1]));
        Files.createDirectories(out);
        try (YuNetDetector detector = new YuNetDetector(Path.of(args[1]), 320, YuNetDetector.DEFAULT_SCORE_THRESHOLD)) {
            try (Mat bgr = imread(media.resolve("faces.jpg").toString())) {
                writeLeftToRight(crop, detector, bgr, "faces", "group", 6, out);
            }
            for (String single : List.of("angry", "surprised")) {
                try (Mat bgr = imread(media.resolve(single + ".jpg").toString())) {
                    writeLeftToRight(crop, detector, bgr, single, single, 1, out);
                }
            }
            Set<Integer> wanted = Set.of(30, 270);
            try (FfmpegVideoSource video = FfmpegVideoSource.open(media.resolve("video_long.mp4"), 1)) {
                for (DecodedFrame f; (f = video.next()) != null; ) {
                    int i = f.frameIndex();
                    if (wanted.contains(i)) {
                        writeLeftToRight(crop, detector, f.bgr(), String.format("long%03d", i), "group", 6, out);
                    }
                    if (i >= 270) {
                        break;
                    }
                }
            }
            try (FfmpegVideoSource video = FfmpegVideoSource.open(media.resolve("video.mp4"), 1)) {
                for (DecodedFrame f; (f = video.next()) != null; ) {
                    List<FaceBox> faces = new ArrayList<>(detector.detect(f.bgr()));
                    faces.sort(Comparator.comparingDouble(b -> -b.area()));
                    System.out.printf("video.mp4 frame %d: %d faces%n", f.frameIndex(), faces.size());
                    if (!faces.isEmpty()) {
                        write(crop, f.bgr(), faces.get(0), out.resolve("video_video" + f.frameIndex() + ".png"));
                    }
                }
            }
        }
    }

    /** Detects, requires {@code expected} faces, and writes them sorted by centre x as {@code <person><k>_<source>}. */
    private static void writeLeftToRight(
            Crop crop, YuNetDetector detector, Mat bgr, String source, String person, int expected, Path out) {
        List<FaceBox> faces = new ArrayList<>(detector.detect(bgr));
        faces.sort(Comparator.comparingDouble(FaceBox::centerX));
        if (faces.size() != expected) {
            throw new IllegalStateException(
                    source + ": " + faces.size() + " faces, expected " + expected + ": " + faces);
        }
        for (int k = 0; k < faces.size(); k++) {
            String name = (expected == 1 ? person : person + k) + "_" + source + ".png";
            write(crop, bgr, faces.get(k), out.resolve(name));
        }
    }

    private static void write(Crop crop, Mat bgr, FaceBox box, Path file) {
        if (crop.alignZoom() > 0) {
            writeAligned(crop, bgr, box, file);
            return;
        }
        // imwrite takes BGR, so the crop is written from the BGR frame: the PNG holds RGB pixels
        FaceCrops.PixelBox b = FaceCrops.bounds(box, crop.margin(), bgr.cols(), bgr.rows());
        try (Rect r = new Rect(b.x0(), b.y0(), b.width(), b.height());
                Mat roi = new Mat(bgr, r)) {
            imwrite(file.toString(), roi);
            System.out.printf(
                    "%s %dx%d at %d,%d (centre %.0f,%.0f)%n",
                    file.getFileName(), b.width(), b.height(), b.x0(), b.y0(), box.centerX(), box.centerY());
        }
    }

    /**
     * How crops are cut: {@code margin} as {@code --margin}; {@code alignZoom} 0 = plain box crops, otherwise a 150×150
     * chip from a 5-point similarity alignment (YuNet's landmarks at full resolution) to ArcFace's 112-px template
     * scaled to 150 and zoomed about the chip centre by this factor (the experiment of docs/people.md).
     */
    record Crop(float margin, float alignZoom, Path yunet) {}

    private static final double[] ARCFACE_112 = {
        38.2946, 51.6963, 73.5318, 51.5014, 56.0252, 71.7366, 41.5493, 92.3655, 70.7299, 92.2041
    };

    private static void writeAligned(Crop crop, Mat bgr, FaceBox box, Path file) {
        try (org.bytedeco.opencv.opencv_core.Size size =
                        new org.bytedeco.opencv.opencv_core.Size(bgr.cols(), bgr.rows());
                org.bytedeco.opencv.opencv_objdetect.FaceDetectorYN yn =
                        org.bytedeco.opencv.opencv_objdetect.FaceDetectorYN.create(
                                crop.yunet().toString(), "", size, 0.5f, 0.3f, 5000, 0, 0);
                Mat faces = new Mat()) {
            yn.detect(bgr, faces);
            int best = -1;
            double bestD = Double.MAX_VALUE;
            try (org.bytedeco.javacpp.indexer.FloatIndexer idx = faces.createIndexer()) {
                for (int i = 0; i < faces.rows(); i++) {
                    double d = Math.hypot(
                            idx.get(i, 0) + idx.get(i, 2) / 2 - box.centerX(),
                            idx.get(i, 1) + idx.get(i, 3) / 2 - box.centerY());
                    if (d < bestD) {
                        bestD = d;
                        best = i;
                    }
                }
                float[] src = new float[10];
                float[] dst = new float[10];
                for (int k = 0; k < 10; k++) {
                    src[k] = idx.get(best, 4 + k);
                    double c = 75 + (ARCFACE_112[k] * 150 / 112 - 75) * crop.alignZoom(); // zoom about the chip centre
                    dst[k] = (float) c;
                }
                try (Mat from = new Mat(5, 1, org.bytedeco.opencv.global.opencv_core.CV_32FC2);
                        Mat to = new Mat(5, 1, org.bytedeco.opencv.global.opencv_core.CV_32FC2)) {
                    org.bytedeco.javacpp.indexer.FloatIndexer fi = from.createIndexer();
                    org.bytedeco.javacpp.indexer.FloatIndexer ti = to.createIndexer();
                    for (int k = 0; k < 10; k++) {
                        fi.put(k / 2, 0, k % 2, src[k]);
                        ti.put(k / 2, 0, k % 2, dst[k]);
                    }
                    fi.close();
                    ti.close();
                    try (Mat m = org.bytedeco.opencv.global.opencv_calib3d.estimateAffinePartial2D(from, to);
                            Mat chip = new Mat();
                            org.bytedeco.opencv.opencv_core.Size chipSize =
                                    new org.bytedeco.opencv.opencv_core.Size(150, 150)) {
                        org.bytedeco.opencv.global.opencv_imgproc.warpAffine(bgr, chip, m, chipSize);
                        imwrite(file.toString(), chip);
                        System.out.println(file.getFileName() + " aligned");
                    }
                }
            }
        }
    }
}
