package io.fer4j.annotation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.error.Fer4jException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VaAnnotationsTest {
    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void readsValuesAndPlaceholders() throws IOException {
        VaAnnotation a = VaAnnotations.read(
                file("118-30-640x480.txt", "\uFEFFvalence, arousal\r\n0.25,-0.5\r\n-5,-5\n1,-1\n-5,0.3\n\n"));
        assertEquals("118-30-640x480", a.videoId());
        assertEquals(4, a.frameCount());
        assertArrayEquals(new double[] {0.25, -5, 1, -5}, a.valence());
        assertTrue(a.isAnnotated(1));
        assertFalse(a.isAnnotated(2));
        assertTrue(a.isAnnotated(3));
        assertFalse(a.isAnnotated(4), "one value -5 leaves the frame unannotated");
        assertEquals(2, a.annotatedFrameCount());
        assertArrayEquals(new int[] {0, -1, 0, -1}, a.presenceMask().labels());
    }

    private String error(String text) throws IOException {
        Path p = file("v.txt", text);
        Fer4jException e = assertThrows(Fer4jException.class, () -> VaAnnotations.read(p));
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
        return e.getMessage();
    }

    @Test
    void rejectsBadInputNamingFileAndLine() throws IOException {
        assertTrue(error("valence;arousal\n0,0\n").contains("line 1"));
        String expr = error("Neutral,Anger,Disgust,Fear,Happiness,Sadness,Surprise,Other\n0\n");
        assertTrue(expr.contains("line 1") && expr.contains("--task expr"), expr);
        assertTrue(error("valence,arousal\n0.1,0.2\n0.1\n").contains("line 3: expected 2 values"));
        assertTrue(error("valence,arousal\n0.1,0.2,0.3\n").contains("line 2: expected 2 values"));
        String nan = error("valence,arousal\n0.1,0.2\nnan,0.2\n");
        assertTrue(nan.contains("line 3") && nan.contains("valence"), nan);
        String big = error("valence,arousal\n0.1,2.5\n");
        assertTrue(big.contains("line 2") && big.contains("arousal 2.5") && big.contains("outside [-1, 1]"), big);
        assertTrue(error("valence,arousal\n0.1,-3\n").contains("only -5"));
        assertTrue(error("valence,arousal\n0.1,Infinity\n").contains("line 2"));
        assertTrue(error("valence,arousal\n0.1,0.2\n\n0.1,0.2\n").contains("line 3: blank line"));
        assertTrue(error("valence,arousal\n").contains("no frame values"));
        assertTrue(error("").contains("empty"));
    }

    @Test
    void exprReaderPointsVaFilesToTaskVa() throws IOException {
        Path p = file("v.txt", "valence,arousal\n0.1,0.2\n");
        Fer4jException e = assertThrows(Fer4jException.class, () -> ExprAnnotations.read(p));
        assertTrue(e.getMessage().contains("line 1") && e.getMessage().contains("--task va"), e.getMessage());
    }
}
