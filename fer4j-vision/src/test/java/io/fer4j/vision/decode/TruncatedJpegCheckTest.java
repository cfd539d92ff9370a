package io.fer4j.vision.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18 item 8: what is a JPEG is read from the file, so a PNG named .jpg is not "a truncated JPEG". */
class TruncatedJpegCheckTest {
    @TempDir
    Path dir;

    private Path image(String format, String name) throws Exception {
        BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_3BYTE_BGR);
        img.setRGB(3, 4, 0xff8040);
        Path f = dir.resolve(name);
        assertTrue(ImageIO.write(img, format, f.toFile()));
        return f;
    }

    @Test
    void aPngNamedJpgIsNotATruncatedJpeg() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("faces"));
        Path png = image("png", "faces/00001.jpg");
        assertFalse(FaceImageFolderSource.isTruncatedJpeg(png));
        try (FaceImageFolderSource s = FaceImageFolderSource.open(folder, 30)) {
            while (s.next() != null) {
                // read every frame
            }
            assertEquals(java.util.List.of(), s.warnings(), "no false truncated-JPEG warning");
        }
    }

    @Test
    void aCutJpegIsOneWhateverItsName() throws Exception {
        Path jpg = image("jpg", "whole.jpg");
        assertFalse(FaceImageFolderSource.isTruncatedJpeg(jpg));
        byte[] all = Files.readAllBytes(jpg);
        Path cut = Files.write(dir.resolve("cut.png"), Arrays.copyOf(all, all.length - 40));
        assertTrue(FaceImageFolderSource.isTruncatedJpeg(cut));
    }

    @Test
    void aCutJpegPassedAsTheInputIsReportedToo() throws Exception {
        BufferedImage img = new BufferedImage(320, 240, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 240; y++) {
            for (int x = 0; x < 320; x++) {
                img.setRGB(x, y, (x * 7 + y * 13) * 0x010305 & 0xffffff);
            }
        }
        Path whole = dir.resolve("whole.jpg");
        assertTrue(ImageIO.write(img, "jpg", whole.toFile()));
        try (FfmpegVideoSource s = FfmpegVideoSource.open(whole, 1)) {
            while (s.next() != null) {
                // read every frame
            }
            assertEquals(java.util.List.of(), s.warnings(), "a whole JPEG gets no warning");
        }
        byte[] all = Files.readAllBytes(whole);
        Path cut = Files.write(dir.resolve("cut.jpg"), Arrays.copyOf(all, all.length - all.length / 3));
        try (FfmpegVideoSource s = FfmpegVideoSource.open(cut, 1)) {
            while (s.next() != null) {
                // read every frame
            }
            assertEquals(1, s.warnings().size(), s.warnings().toString());
            assertTrue(
                    s.warnings().get(0).startsWith("truncated JPEG (" + cut + ")"),
                    s.warnings().get(0));
        }
    }
}
