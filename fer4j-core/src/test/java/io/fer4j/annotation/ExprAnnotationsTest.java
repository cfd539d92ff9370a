package io.fer4j.annotation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.error.Fer4jException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExprAnnotationsTest {
    static final String HEADER = "Neutral,Anger,Disgust,Fear,Happiness,Sadness,Surprise,Other\n";

    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        return p;
    }

    @Test
    void lineTwoIsFrameOne() throws IOException {
        ExprAnnotation a = ExprAnnotations.read(file("118-30-640x480.txt", HEADER + "0\n-1\n7\n4\n"));
        assertEquals("118-30-640x480", a.videoId());
        assertEquals(4, a.frameCount());
        assertArrayEquals(new int[] {0, -1, 7, 4}, a.labels());
        assertEquals(0, a.label(1));
        assertEquals(-1, a.label(2));
        assertEquals(4, a.label(4));
        assertEquals(3, a.labelledFrameCount());
        assertThrows(IndexOutOfBoundsException.class, () -> a.label(0));
        assertThrows(IndexOutOfBoundsException.class, () -> a.label(5));
    }

    @Test
    void toleratesBomCrlfSpacesAndTrailingBlankLines() throws IOException {
        String content = "\uFEFFNeutral, Anger,Disgust,Fear,Happiness,Sadness,Surprise,Other\r\n 3 \r\n5\r\n\r\n\n";
        ExprAnnotation a = ExprAnnotations.read(file("video10_1_left.txt", content));
        assertArrayEquals(new int[] {3, 5}, a.labels());
        assertEquals("video10_1_left", a.videoId());
    }

    @Test
    void noTrailingNewline() throws IOException {
        assertArrayEquals(
                new int[] {1, 2},
                ExprAnnotations.read(file("v.txt", HEADER + "1\n2")).labels());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "valence,arousal\\n0.1,0.2\\n|line 1: expected the EXPR header",
                "Neutral,Anger,Disgust,Fear,Happiness,Sadness,Surprise\\n1\\n|line 1: expected the EXPR header",
                "HEADER0\\n1\\nx\\n|line 4: expected an integer label -1..7 for frame 3, found 'x'",
                "HEADER0\\n1.0\\n|line 3: expected an integer",
                "HEADER8\\n|line 2: label 8 of frame 1 is outside -1..7",
                "HEADER0\\n-2\\n|line 3: label -2 of frame 2",
                "HEADER0\\n\\n1\\n|line 3: blank line between labels",
                "HEADER|no frame labels after the header",
                "HEADER\\n\\n|no frame labels after the header",
                "EMPTY|empty annotation file (line 1)",
            })
    void malformedFilesNameFileAndLine(String content, String expected) throws IOException {
        Path p = file(
                "bad.txt",
                content.replace("EMPTY", "").replace("HEADER", HEADER).replace("\\n", "\n"));
        Fer4jException e = assertThrows(Fer4jException.class, () -> ExprAnnotations.read(p));
        assertTrue(e.getMessage().startsWith(p.toString() + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void readSplitSortsByVideoAndSkipsOtherFiles() throws IOException {
        file("ann/Train_Set/b.txt", HEADER + "1\n");
        file("ann/Train_Set/a.txt", HEADER + "2\n3\n");
        file("ann/Train_Set/.hidden.txt", "junk");
        file("ann/Train_Set/readme.md", "junk");
        file("ann/Validation_Set/c.txt", HEADER + "0\n");
        SortedMap<String, ExprAnnotation> train =
                ExprAnnotations.readSplit(dir.resolve("ann"), ExprAnnotations.TRAIN_SET);
        assertEquals(List.of("a", "b"), List.copyOf(train.keySet()));
        assertArrayEquals(new int[] {2, 3}, train.get("a").labels());
        assertEquals(
                List.of("c"),
                List.copyOf(ExprAnnotations.readSplit(dir.resolve("ann"), ExprAnnotations.VALIDATION_SET)
                        .keySet()));
    }

    @Test
    void readSplitReportsMissingOrEmptyFolder() throws IOException {
        Fer4jException missing =
                assertThrows(Fer4jException.class, () -> ExprAnnotations.readSplit(dir, ExprAnnotations.TRAIN_SET));
        assertTrue(
                missing.getMessage().contains("Train_Set")
                        && missing.getMessage().contains("--annotations"),
                missing.getMessage());
        Files.createDirectories(dir.resolve("Validation_Set"));
        Fer4jException empty = assertThrows(
                Fer4jException.class, () -> ExprAnnotations.readSplit(dir, ExprAnnotations.VALIDATION_SET));
        assertTrue(empty.getMessage().contains("no annotation files"), empty.getMessage());
    }

    @Test
    void badFileInASplitNamesThatFile() throws IOException {
        file("Train_Set/a.txt", HEADER + "1\n");
        Path bad = file("Train_Set/z.txt", HEADER + "1\n9\n");
        Fer4jException e = assertThrows(Fer4jException.class, () -> ExprAnnotations.readSplit(dir, "Train_Set"));
        assertEquals(bad, e.file());
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
    }

    @Test
    void recordCopiesAndChecks() {
        int[] labels = {1, 2};
        ExprAnnotation a = new ExprAnnotation("v", labels);
        labels[0] = 5;
        assertEquals(1, a.label(1));
        a.labels()[1] = 6;
        assertEquals(2, a.label(2));
        assertEquals(new ExprAnnotation("v", new int[] {1, 2}), a);
        assertThrows(IllegalArgumentException.class, () -> new ExprAnnotation("v", new int[] {8}));
    }
}
