package io.fer4j.cli.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer4j.engine.Engine;
import io.fer4j.error.Fer4jException;
import io.fer4j.vision.decode.VideoFileScanner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 10, items 2a and 5: a failed annotation is a failed video, the index lists every video, FAILED on stderr. */
class PredictReportsTest {
    @TempDir
    static Path shared;

    static Path video;
    static Path backbone;

    @TempDir
    Path dir;

    @BeforeAll
    static void media() throws Exception {
        video = PredictTestSupport.video(shared);
        backbone = PredictTestSupport.backbone(shared);
    }

    private record Run(PredictRunner.Result result, String out, String err) {}

    private static Run predict(Path input, Path out, Path annotate) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        PredictRunner.Result r;
        try (Engine m = PredictTestSupport.load(PredictTestSupport.choice(backbone, null, null, null))) {
            r = new PredictRunner(
                            m, new PredictRunner.Settings(out, false, annotate), new PrintWriter(o), new PrintWriter(e))
                    .run(VideoFileScanner.scan(input), Map.of(), System.nanoTime());
        }
        return new Run(r, o.toString(), e.toString());
    }

    @Test
    void aFailedAnnotationIsAFailedVideoListedInTheIndex() throws Exception {
        Path out = dir.resolve("out");
        PredictOutputs.prepare(out, false);
        Path notAFolder = Files.writeString(dir.resolve("file"), "a file where a folder is needed");
        Run r = predict(video, out, notAFolder.resolve("clip.mp4"));
        assertEquals(List.of("clip"), r.result().failed(), r.out() + r.err());
        assertTrue(r.err().contains("clip: FAILED: annotation failed"), r.err());
        assertFalse(r.out().contains("FAILED"), "FAILED lines go to stderr: " + r.out());
        JsonNode index = new ObjectMapper()
                .readTree(out.resolve(PredictRunner.INDEX_FILE).toFile());
        JsonNode entry = index.get("videos").get(0);
        assertEquals("clip", entry.get("video").asText());
        assertEquals("failed", entry.get("status").asText());
        assertTrue(entry.get("error").asText().contains("annotated video"), entry.toString());
    }

    @Test
    void theIndexListsFailedVideosAndIsRewrittenByALaterRun() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.copy(video, in.resolve("clip.mp4"));
        Files.copy(video, in.resolve("clip2.mp4"));
        Files.write(in.resolve("broken.mp4"), new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p', 1, 2, 3});
        Path out = dir.resolve("out");
        PredictOutputs.prepare(out, false);
        Run first = predict(in, out, null);
        assertEquals(List.of("broken"), first.result().failed());
        assertTrue(first.err().contains("broken: FAILED"), first.err());
        JsonNode index = new ObjectMapper()
                .readTree(out.resolve(PredictRunner.INDEX_FILE).toFile());
        assertEquals(3, index.get("videos").size(), index.toString());
        JsonNode broken = index.get("videos").get(2);
        assertEquals("broken", broken.get("video").asText());
        assertEquals("failed", broken.get("status").asText());
        assertFalse(broken.get("error").asText().isEmpty());

        // --force with one video: the old three-video index must not stay behind
        PredictOutputs.prepare(out, true);
        Run second = predict(in.resolve("clip.mp4"), out, null);
        assertTrue(second.result().failed().isEmpty(), second.err());
        index = new ObjectMapper()
                .readTree(out.resolve(PredictRunner.INDEX_FILE).toFile());
        assertEquals(1, index.get("videos").size(), index.toString());
        assertEquals("ok", index.get("videos").get(0).get("status").asText());
    }

    @Test
    void anUnmuxableAnnotationTargetFailsCleanlyWithoutStartingARecorder() throws Exception {
        Path target = dir.resolve("x.txt");
        assertThrows(Fer4jException.class, () -> Annotator.requireMuxable(target));
        Annotator.requireMuxable(dir.resolve("ok.mp4"));
        try (Annotator a = new Annotator(target, 10);
                Mat m = new Mat(64, 96, org.bytedeco.opencv.global.opencv_core.CV_8UC3, new Scalar(0, 0, 0, 0))) {
            Fer4jException e = assertThrows(Fer4jException.class, () -> a.write(m, null, 0, null));
            assertTrue(e.getMessage().contains("x.txt"), e.getMessage());
        }
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().contains(".part")), "no temporary left");
        }
    }
}
