package io.fer4j.api;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.error.Fer4jException;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 18 item 8: a 27000×27000 frame is refused naming the limit (w·h·3 overflowed an int before). */
class HugeFrameTest {
    @Test
    void aFrameBeyondTheLimitIsAClearError() {
        // one bit per pixel: 91 MB in memory, 2.2 GB as BGR
        BufferedImage huge = new BufferedImage(27000, 27000, BufferedImage.TYPE_BYTE_BINARY);
        try (Fer4j fer4j =
                Fer4j.builder().backbone("faceapi_expression").threads(1).build()) {
            Fer4jException e = assertThrows(Fer4jException.class, () -> fer4j.predict(List.of(huge)));
            assertTrue(
                    e.getMessage().startsWith("frame 1 is 27000x27000")
                            && e.getMessage().contains("at most " + Frames.MAX_PIXELS + " pixels"),
                    e.getMessage());
            try (Session s = fer4j.newSession()) {
                e = assertThrows(Fer4jException.class, () -> s.accept(huge));
                assertTrue(e.getMessage().contains("downscale"), e.getMessage());
            }
        }
    }
}
