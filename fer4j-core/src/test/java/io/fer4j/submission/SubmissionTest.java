package io.fer4j.submission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.error.Fer4jException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubmissionTest {
    static final String HEADER = "image_location,Neutral,Anger,Disgust,Fear,Happiness,Sadness,Surprise,Other";

    @TempDir
    Path dir;

    private Path list(String... lines) throws IOException {
        Path p = dir.resolve("test_list.csv");
        Files.writeString(p, String.join("\n", lines) + "\n");
        return p;
    }

    @Test
    void readsEntriesInFileOrder() throws IOException {
        TestList t = TestList.read(list(
                HEADER,
                "video2/00003.jpg,0",
                "118-30-640x480/00001.jpg,0",
                "video2/00001.jpg,0",
                "",
                "video10_1_left/00012.jpg"));
        assertEquals(4, t.size());
        assertEquals(
                new TestList.Entry("video2/00003.jpg", "video2", 3), t.entries().get(0));
        assertEquals(
                new TestList.Entry("118-30-640x480/00001.jpg", "118-30-640x480", 1),
                t.entries().get(1));
        assertEquals(12, t.entries().get(3).frameIndex());
        assertEquals(List.of("video2", "118-30-640x480", "video10_1_left"), t.videoIds());
    }

    @Test
    void writesInListOrderWithLastPredictionFill() throws IOException {
        TestList t = TestList.read(list(
                HEADER,
                "b/00002.jpg,0",
                "a/00001.jpg,0",
                "b/00001.jpg,0",
                "a/00005.jpg,0",
                "a/00003.jpg,0",
                "b/00004.jpg,0"));
        // a has predictions for frames 1..3, b for 1..2: a/00005 and b/00004 lie beyond and take the last one
        LabelLookup lookup = LabelLookup.perFrame(Map.of("a", new int[] {0, 4, 6}, "b", new int[] {1, 7}));
        Path out = dir.resolve("sub/predictions.txt");
        Files.createDirectories(out.getParent());
        SubmissionWriter.write(out, t, lookup);
        assertEquals(
                List.of(
                        HEADER,
                        "b/00002.jpg,7",
                        "a/00001.jpg,0",
                        "b/00001.jpg,1",
                        "a/00005.jpg,6",
                        "a/00003.jpg,6",
                        "b/00004.jpg,7"),
                Files.readAllLines(out));
        assertEquals(1, Files.list(out.getParent()).count());
    }

    @Test
    void unknownVideoOrBadLabelWritesNothing() throws IOException {
        TestList t = TestList.read(list(HEADER, "a/00001.jpg,0", "z/00001.jpg,0"));
        Path out = dir.resolve("out.txt");
        Fer4jException missing = assertThrows(
                Fer4jException.class,
                () -> SubmissionWriter.write(out, t, LabelLookup.perFrame(Map.of("a", new int[] {1}))));
        assertTrue(missing.getMessage().contains("'z'"), missing.getMessage());
        Fer4jException bad = assertThrows(Fer4jException.class, () -> SubmissionWriter.write(out, t, (v, f) -> -1));
        assertTrue(bad.getMessage().contains("label -1 for a/00001.jpg"), bad.getMessage());
        assertFalse(Files.exists(out));
        assertEquals(1, Files.list(dir).count()); // only the test list: no temporary file left behind
    }

    @Test
    void malformedListsNameTheLine() throws IOException {
        String[][] cases = {
            {"video,label", "a/00001.jpg,0", "line 1: expected a header starting with 'image_location'"},
            {HEADER, "a/00001.jpg,0", "00002.jpg,0", "line 3: expected an image location"},
            {HEADER, "a/frame1.jpg,0", "line 2: the image name 'frame1.jpg' is not a frame number"},
            {HEADER, "a/00000.jpg,0", "line 2: frame number 0"},
            {HEADER, "a/-0001.jpg,0", "line 2: the image name"},
            {HEADER, "no frame labels"},
        };
        for (String[] c : cases) {
            String expected = c[c.length - 1];
            String[] lines = java.util.Arrays.copyOf(c, c.length - 1);
            if (expected.equals("no frame labels")) {
                expected = "no frames after its header";
            }
            Path p = list(lines);
            String want = expected;
            Fer4jException e = assertThrows(Fer4jException.class, () -> TestList.read(p));
            assertTrue(e.getMessage().contains(want), e.getMessage());
            assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
        }
        Files.writeString(dir.resolve("empty.csv"), "");
        assertThrows(Fer4jException.class, () -> TestList.read(dir.resolve("empty.csv")));
        assertThrows(Fer4jException.class, () -> TestList.read(dir.resolve("missing.csv")));
    }

    @Test
    void headerLineIsTheChallengeHeader() {
        assertEquals(HEADER, SubmissionWriter.headerLine());
    }
}
