package io.fer4j.vision.decode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
