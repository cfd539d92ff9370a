package io.fer4j.vision.convert;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;

import io.fer4j.geometry.FaceBox;
import io.fer4j.vision.crop.FaceCrops;
import io.fer4j.vision.detect.YuNetDetector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Writes the real face crops that {@code tools/faceapi/make-reference.sh} feeds to face-api.js: fer4j's own YuNet
 * detection (320 px, default threshold) and cropping (margin 0) on the face-api.js test images of {@code ../shared},
 * saved as lossless RGB PNG so both sides read the same bytes.
 *
 * <p>Usage: {@code FaceApiReferenceCrops SHARED_MEDIA_DIR YUNET_ONNX OUT_DIR}.
 */
public final class FaceApiReferenceCrops {
    private FaceApiReferenceCrops() {}

    public static void main(String[] args) throws Exception {
        Path media = Path.of(args[0]);
        Path yunet = Path.of(args[1]);
        Path out = Path.of(args[2]);
        Files.createDirectories(out);
        try (YuNetDetector detector = new YuNetDetector(yunet, 320, YuNetDetector.DEFAULT_SCORE_THRESHOLD)) {
            for (String image : List.of("angry.jpg", "surprised.jpg", "faces.jpg")) {
                try (Mat bgr = imread(media.resolve(image).toString())) {
                    List<FaceBox> faces = detector.detect(bgr);
                    for (int i = 0; i < faces.size(); i++) {
                        // imwrite takes BGR, so the crop is written from the BGR frame: the PNG holds RGB pixels
                        FaceCrops.PixelBox b = FaceCrops.bounds(faces.get(i), 0f, bgr.cols(), bgr.rows());
                        try (org.bytedeco.opencv.opencv_core.Rect r = new org.bytedeco.opencv.opencv_core.Rect(
                                        b.x0(), b.y0(), b.width(), b.height());
                                Mat roi = new Mat(bgr, r)) {
                            String name = image.replaceFirst("\\.jpg$", "") + "_" + i + ".png";
                            imwrite(out.resolve(name).toString(), roi);
                            System.out.printf("%s %dx%d at %d,%d%n", name, b.width(), b.height(), b.x0(), b.y0());
                        }
                    }
                }
            }
            for (String crop : List.of("face1.png", "face2.png")) {
                Files.copy(media.resolve(crop), out.resolve(crop), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
