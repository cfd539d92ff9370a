package io.fer4j.cli.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer4j.cli.Fer4jCommand;
import io.fer4j.geometry.FaceBox;
import io.fer4j.vision.decode.DecodedFrame;
import io.fer4j.vision.decode.FfmpegVideoSource;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code fer4j predict --people} end to end with the embedded models (YuNet, faceapi_expression, faceapi_descriptor):
 * fer4j's own multi-person video against its ground truth ({@code tools/people/make-video.sh}), and the bad
 * inputs built here from the repository's {@code samples/faces.mp4} (frame 50: six faces of faces.jpg; frame 150:
 * angry.jpg; frame 250: surprised.jpg).
 */
class PeoplePredictTest {
    @TempDir
    Path dir;

    private static final Path PEOPLE_VIDEO =
            Path.of("..", "fer4j-vision", "src", "test", "resources", "io", "fer4j", "vision", "people");
    private static final Path SAMPLE = Path.of("..", "samples", "faces.mp4");
    private static Mat group;
    private static Mat angry;
    private static Mat surprised;

    private record Run(int exit, String out, String err) {}

    /** One CSV row: its frame, person (0 = the nobody row), box and label. */
    private record Row(int frame, int person, FaceBox box, String label) {}

    private static Run run(String... args) {
        CommandLine cl = Fer4jCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @BeforeAll
    static void sampleFrames() {
        try (FfmpegVideoSource v = FfmpegVideoSource.open(SAMPLE, 1)) {
            for (DecodedFrame f; (f = v.next()) != null; ) {
                switch (f.frameIndex()) {
                    case 50 -> group = f.bgr().clone();
                    case 150 -> angry = f.bgr().clone();
                    case 250 -> surprised = f.bgr().clone();
                    default -> {}
                }
            }
        }
    }

    @AfterAll
    static void release() {
        group.close();
        angry.close();
        surprised.close();
    }

    private static List<Row> rows(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        List<String> header = List.of(lines.get(0).split(","));
        int frame = header.indexOf("frame");
        int person = header.indexOf("person");
        int x = header.indexOf("box_x");
        int label = header.indexOf("label_name");
        assertTrue(frame >= 0 && person >= 0 && x >= 0 && label >= 0, "the columns scripts read: " + header);
        List<Row> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",", -1);
            boolean nobody = c[person].isEmpty();
            out.add(new Row(
                    Integer.parseInt(c[frame]),
                    nobody ? 0 : Integer.parseInt(c[person]),
                    nobody
                            ? null
                            : new FaceBox(
                                    Float.parseFloat(c[x]),
                                    Float.parseFloat(c[x + 1]),
                                    Float.parseFloat(c[x + 2]),
                                    Float.parseFloat(c[x + 3]),
                                    1f),
                    c[label]));
        }
        return out;
    }

    /** Every frame 1..frames has its rows: people (each once) or one nobody row. */
    private static void checkFrameRows(List<Row> rows, int frames) {
        Map<Integer, List<Row>> byFrame = new HashMap<>();
        rows.forEach(
                r -> byFrame.computeIfAbsent(r.frame(), k -> new ArrayList<>()).add(r));
        assertEquals(frames, byFrame.size(), "every frame has a row");
        byFrame.forEach((frame, list) -> {
            Set<Integer> ids = new HashSet<>();
            for (Row r : list) {
                assertTrue(ids.add(r.person()), "frame " + frame + " names person " + r.person() + " twice");
            }
            assertTrue(!ids.contains(0) || list.size() == 1, "a nobody row is a frame's only row: frame " + frame);
        });
    }

    @Test
    void everyPersonOfTheTestVideoKeepsTheirIdAndTheirOwnExpression() throws Exception {
        Run r = run(
                "predict",
                PEOPLE_VIDEO.resolve("people.mp4").toString(),
                "--people",
                "--offline",
                "--backbone",
                "faceapi_expression",
                "--out",
                dir.resolve("out").toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        List<Row> rows = rows(dir.resolve("out").resolve("people.csv"));
        checkFrameRows(rows, 100);
        // ground truth: frame, person (A-D), pasted face box, visible fraction
        Map<String, List<Integer>> idsOf = new HashMap<>();
        Map<String, Map<String, Integer>> labelsOf = new HashMap<>();
        Map<String, Integer> visible = new HashMap<>();
        Set<Integer> cBefore = new HashSet<>();
        Set<Integer> cAfter = new HashSet<>();
        List<String> truth = Files.readAllLines(PEOPLE_VIDEO.resolve("people-truth.csv"));
        for (String line : truth.subList(1, truth.size())) {
            String[] t = line.split(",");
            if (Double.parseDouble(t[6]) < 0.5) {
                continue; // mostly hidden behind the other person
            }
            int frame = Integer.parseInt(t[0]);
            FaceBox face = new FaceBox(
                    Float.parseFloat(t[2]), Float.parseFloat(t[3]), Float.parseFloat(t[4]), Float.parseFloat(t[5]), 1f);
            visible.merge(t[1], 1, Integer::sum);
            for (Row row : rows) {
                if (row.frame() == frame && row.person() > 0 && row.box().iou(face) >= 0.3) {
                    idsOf.computeIfAbsent(t[1], k -> new ArrayList<>()).add(row.person());
                    labelsOf.computeIfAbsent(t[1], k -> new HashMap<>()).merge(row.label(), 1, Integer::sum);
                    if (t[1].equals("C")) {
                        (frame <= 30 ? cBefore : cAfter).add(row.person());
                    }
                }
            }
        }
        Map<String, Integer> idOf = new HashMap<>();
        for (String person : List.of("A", "B", "C", "D")) {
            List<Integer> ids = idsOf.getOrDefault(person, List.of());
            int top = ids.stream()
                    .reduce((a, b) -> a)
                    .map(first -> mostCommon(ids))
                    .orElse(0);
            long withTop = ids.stream().filter(i -> i == top).count();
            assertTrue(
                    withTop >= 0.95 * visible.get(person),
                    person + ": one id in " + withTop + " of " + visible.get(person) + " visible frames: " + ids);
            idOf.put(person, top);
        }
        // ids in order of first appearance (frame 1 left to right: A, C, B; D enters at frame 40)
        assertEquals(Map.of("A", 1, "C", 2, "B", 3, "D", 4), idOf);
        assertEquals(Set.of(2), cBefore);
        assertEquals(Set.of(2), cAfter, "C, away for 35 frames, comes back as person 2");
        // each person's own expression (the source images: A smiles, B is neutral, angry.jpg, surprised.jpg)
        Map<String, String> expression = Map.of("A", "Happiness", "B", "Neutral", "C", "Anger", "D", "Surprise");
        for (String person : expression.keySet()) {
            Map<String, Integer> labels = labelsOf.get(person);
            int own = labels.getOrDefault(expression.get(person), 0);
            int all = labels.values().stream().mapToInt(Integer::intValue).sum();
            assertTrue(own >= 0.9 * all, person + "'s labels " + labels);
        }
        JsonNode json = new ObjectMapper()
                .readTree(dir.resolve("out").resolve("people.json").toFile());
        assertFalse(
                json.toString().contains("dropped"), "no spurious track in the test video: " + json.get("warnings"));
    }

    private static int mostCommon(List<Integer> ids) {
        Map<Integer, Integer> counts = new HashMap<>();
        ids.forEach(i -> counts.merge(i, 1, Integer::sum));
        return counts.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .orElseThrow()
                .getKey();
    }

    /** Writes {@code frames} frames of 640×360 at 25 fps, frame k drawn by {@code draw}. */
    private Path video(String name, int frames, IntFunction<Mat> draw) throws Exception {
        Path file = dir.resolve(name + ".mp4");
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toFile(), 640, 360, 0);
                OpenCVFrameConverter.ToMat conv = new OpenCVFrameConverter.ToMat()) {
            rec.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            rec.setFrameRate(25);
            rec.setVideoQuality(2);
            rec.start();
            for (int k = 1; k <= frames; k++) {
                try (Mat m = draw.apply(k)) {
                    rec.record(conv.convert(m));
                }
            }
            rec.stop();
        }
        return file;
    }

    private static Mat grey() {
        return new Mat(360, 640, opencv_core.CV_8UC3, new Scalar(112, 112, 112, 0));
    }

    private Run predictPeople(Path video, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "predict",
                video.toString(),
                "--people",
                "--offline",
                "--backbone",
                "faceapi_expression",
                "--out",
                dir.resolve("out-" + video.getFileName()).toString()));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    private JsonNode json(Path video) throws Exception {
        String id = video.getFileName().toString().replace(".mp4", "");
        return new ObjectMapper()
                .readTree(dir.resolve("out-" + video.getFileName())
                        .resolve(id + ".json")
                        .toFile());
    }

    private List<Row> csv(Path video) throws Exception {
        String id = video.getFileName().toString().replace(".mp4", "");
        return rows(dir.resolve("out-" + video.getFileName()).resolve(id + ".csv"));
    }

    @Test
    void aCrowdOf36FacesIsBoundedByMaxPeopleAndSaysSo() throws Exception {
        // faces.jpg's six faces tiled 3 × 2 at half size: 36 faces about 35 px wide
        Path crowd = video("crowd", 8, k -> {
            Mat canvas = grey();
            try (Mat small = new Mat();
                    Size half = new Size(213, 180)) {
                opencv_imgproc.resize(group, small, half, 0, 0, opencv_imgproc.INTER_AREA);
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 2; j++) {
                        try (Rect at = new Rect(i * 213, j * 180, 213, 180);
                                Mat roi = canvas.apply(at)) {
                            small.copyTo(roi);
                        }
                    }
                }
            }
            return canvas;
        });
        Run r = predictPeople(crowd, "--max-people", "8", "--detect-width", "640");
        assertEquals(0, r.exit(), r.out() + r.err());
        List<Row> rows = csv(crowd);
        checkFrameRows(rows, 8);
        Map<Integer, Integer> perFrame = new HashMap<>();
        rows.stream().filter(x -> x.person() > 0).forEach(x -> perFrame.merge(x.frame(), 1, Integer::sum));
        assertTrue(perFrame.values().stream().allMatch(n -> n <= 8), "at most 8 people per frame: " + perFrame);
        assertTrue(perFrame.values().stream().anyMatch(n -> n == 8), "the crowd fills --max-people: " + perFrame);
        String warnings = json(crowd).get("warnings").toString();
        assertTrue(warnings.contains("--max-people"), warnings);
    }

    @Test
    void aPersonSeenForThreeFramesIsDroppedAndCounted() throws Exception {
        Path blink = video("blink", 20, k -> k >= 9 && k <= 11 ? angry.clone() : grey());
        Run r = predictPeople(blink);
        assertEquals(0, r.exit(), r.out() + r.err());
        List<Row> rows = csv(blink);
        checkFrameRows(rows, 20);
        assertTrue(rows.stream().allMatch(x -> x.person() == 0), "nobody is a person: " + rows);
        String warnings = json(blink).get("warnings").toString();
        assertTrue(warnings.contains("1 short face track(s) (3 faces) dropped"), warnings);
    }

    @Test
    void facesOnlyInTheLastFrameAreNotAPersonAndTheRunSaysWhy() throws Exception {
        Path last = video("last", 20, k -> k == 20 ? surprised.clone() : grey());
        Run r = predictPeople(last);
        assertEquals(0, r.exit(), r.out() + r.err());
        List<Row> rows = csv(last);
        checkFrameRows(rows, 20);
        assertTrue(rows.stream().allMatch(x -> x.person() == 0), rows.toString());
        String warnings = json(last).get("warnings").toString();
        assertTrue(warnings.contains("1 short face track(s) (1 faces) dropped"), warnings);
    }

    @Test
    void twoFacesOverlappingAlmostEntirelyNeverShareAnIdInAFrame() throws Exception {
        // the angry face with the surprised one blended over it, shifted by 12 px: boxes overlap almost entirely
        Path overlap = video("overlap", 20, k -> {
            Mat canvas = angry.clone();
            try (Mat shifted = grey();
                    Rect from = new Rect(0, 0, 628, 360);
                    Rect to = new Rect(12, 0, 628, 360);
                    Mat src = surprised.apply(from);
                    Mat dst = shifted.apply(to)) {
                src.copyTo(dst);
                opencv_core.addWeighted(canvas, 0.5, shifted, 0.5, 0, canvas);
            }
            return canvas;
        });
        Run r = predictPeople(overlap);
        assertEquals(0, r.exit(), r.out() + r.err());
        List<Row> rows = csv(overlap);
        checkFrameRows(rows, 20);
        Set<Integer> people = new HashSet<>();
        rows.stream().filter(x -> x.person() > 0).forEach(x -> people.add(x.person()));
        assertTrue(people.size() <= 2, "at most the two faces: " + people);
    }

    @Test
    void peopleAndMainPersonAreRefusedTogetherNamingBoth() {
        Run r = run(
                "predict",
                SAMPLE.toString(),
                "--people",
                "--main-person",
                "--out",
                dir.resolve("refused").toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("--people") && r.err().contains("--main-person"), r.err());
        assertFalse(Files.exists(dir.resolve("refused")), "nothing written");
        Run maxAlone = run(
                "predict",
                SAMPLE.toString(),
                "--max-people",
                "3",
                "--out",
                dir.resolve("refused").toString());
        assertEquals(2, maxAlone.exit(), maxAlone.err());
        assertTrue(maxAlone.err().contains("--max-people applies to --people"), maxAlone.err());
        Run keep = run(
                "predict",
                SAMPLE.toString(),
                "--people",
                "--keep-features",
                "--out",
                dir.resolve("refused").toString());
        assertEquals(2, keep.exit(), keep.err());
        assertTrue(keep.err().contains("--keep-features") && keep.err().contains("--people"), keep.err());
        Run extract = run(
                "extract",
                "--input",
                SAMPLE.toString(),
                "--store",
                dir.resolve("store").toString(),
                "--people",
                "--main-person");
        assertEquals(2, extract.exit(), extract.err());
        assertTrue(extract.err().contains("--people") && extract.err().contains("--main-person"), extract.err());
    }
}
