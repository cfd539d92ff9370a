package io.fer4j.vision.people;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.geometry.FaceBox;
import io.fer4j.vision.backbone.FacePreprocessor;
import io.fer4j.vision.crop.FaceCrops;
import io.fer4j.vision.decode.DecodedFrame;
import io.fer4j.vision.decode.FfmpegVideoSource;
import io.fer4j.vision.detect.YuNetDetector;
import io.fer4j.vision.registry.DownloadProgress;
import io.fer4j.vision.registry.ModelCache;
import io.fer4j.vision.registry.ModelDownloader;
import io.fer4j.vision.registry.ModelRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bytedeco.opencv.opencv_core.Rect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fer4j's own multi-person test video ({@code people.mp4}, made by {@code tools/people/make-video.sh} with its
 * ground truth {@code people-truth.csv}): the embedded YuNet, {@link PeopleTracker} and the embedded face descriptor
 * must give each person one id in at least 95 % of their rows, through a crossing where B is hidden behind A for
 * six frames, and give C, away for 35 frames and back elsewhere, the id C had before.
 */
class PeopleVideoTest {
    @TempDir
    Path home;

    private record Truth(int frame, String person, FaceBox face, double visible) {}

    private record Row(int frame, int trackId, int personId, FaceBox box) {}

    @Test
    void everyPersonKeepsOneIdAndTheReturningPersonGetsTheOldOne() throws Exception {
        Path dir = Path.of(getClass().getResource("people.mp4").toURI()).getParent();
        List<Truth> truth = new ArrayList<>();
        List<String> lines = Files.readAllLines(dir.resolve("people-truth.csv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            truth.add(new Truth(
                    Integer.parseInt(f[0]),
                    f[1],
                    new FaceBox(
                            Float.parseFloat(f[2]),
                            Float.parseFloat(f[3]),
                            Float.parseFloat(f[4]),
                            Float.parseFloat(f[5]),
                            1f),
                    Double.parseDouble(f[6])));
        }
        ModelCache cache = new ModelCache(home);
        Path yunet =
                cache.fetch(ModelRegistry.builtIn().get("yunet"), ModelDownloader.defaults(), DownloadProgress.NONE);
        PeopleTracker tracker = PeopleTracker.builder().build();
        List<Row> rows = new ArrayList<>();
        try (FaceDescriptor descriptor = FaceDescriptor.openEmbedded(cache, 1);
                YuNetDetector detector = new YuNetDetector(yunet, 640, 0.3f);
                FfmpegVideoSource video = FfmpegVideoSource.open(dir.resolve("people.mp4"), 1)) {
            for (DecodedFrame f; (f = video.next()) != null; ) {
                DecodedFrame frame = f;
                List<FaceBox> faces = detector.detect(frame.bgr());
                for (PeopleTracker.PersonFace p : tracker.update(frame.frameIndex(), faces, box -> {
                    FaceCrops.PixelBox b = FaceCrops.bounds(box, 0f, frame.width(), frame.height());
                    if (b.isEmpty()) {
                        return null;
                    }
                    try (Rect r = new Rect(b.x0(), b.y0(), b.width(), b.height())) {
                        return descriptor.describe(frame.bgr(), r, FacePreprocessor.ChannelOrder.BGR);
                    }
                })) {
                    rows.add(new Row(frame.frameIndex(), p.trackId(), p.personId(), p.box()));
                }
            }
        }
        PeopleTracker.Summary summary = tracker.summary();
        Map<String, List<Integer>> idsOf = new HashMap<>();
        Map<String, Integer> visibleFrames = new HashMap<>();
        for (Truth t : truth) {
            if (t.visible() < 0.5) {
                continue; // mostly hidden: the detector is not expected to see it
            }
            visibleFrames.merge(t.person(), 1, Integer::sum);
            for (Row r : rows) {
                if (r.frame() == t.frame() && r.box().iou(t.face()) >= 0.3) {
                    int id = r.personId() > 0
                            ? r.personId()
                            : summary.personOfTrack().getOrDefault(r.trackId(), 0);
                    idsOf.computeIfAbsent(t.person(), k -> new ArrayList<>()).add(id);
                }
            }
        }
        Map<String, Integer> idOf = new HashMap<>();
        for (String person : List.of("A", "B", "C", "D")) {
            List<Integer> ids = idsOf.get(person);
            assertTrue(
                    ids != null && ids.size() >= 0.9 * visibleFrames.get(person),
                    person + ": detected in " + (ids == null ? 0 : ids.size()) + " of " + visibleFrames.get(person));
            Map<Integer, Integer> counts = new HashMap<>();
            ids.forEach(i -> counts.merge(i, 1, Integer::sum));
            Map.Entry<Integer, Integer> top =
                    counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
            assertTrue(top.getKey() > 0 && top.getValue() >= 0.95 * ids.size(), person + ": ids " + counts);
            idOf.put(person, top.getKey());
        }
        assertEquals(4, new HashSet<>(idOf.values()).size(), "four different people: " + idOf);
        // C before leaving (frames 1-30) and after coming back (66-100): the same id in every row
        Set<Integer> cBefore = new HashSet<>();
        Set<Integer> cAfter = new HashSet<>();
        for (Truth t : truth) {
            if (t.person().equals("C")) {
                for (Row r : rows) {
                    if (r.frame() == t.frame() && r.box().iou(t.face()) >= 0.3 && r.personId() > 0) {
                        (t.frame() <= 30 ? cBefore : cAfter).add(r.personId());
                    }
                }
            }
        }
        assertEquals(Set.of(idOf.get("C")), cBefore);
        assertEquals(Set.of(idOf.get("C")), cAfter, "C comes back with the old id");
        // ids by first appearance: A (left), C, B (right) in frame 1, D from frame 40
        assertEquals(Map.of("A", 1, "C", 2, "B", 3, "D", 4), idOf);
        assertTrue(
                summary.descriptorCalls() < rows.size() / 3,
                summary.descriptorCalls() + " descriptors for " + rows.size() + " faces");
    }
}
