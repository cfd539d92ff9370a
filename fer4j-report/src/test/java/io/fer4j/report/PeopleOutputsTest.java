package io.fer4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer4j.label.AbawClass;
import io.fer4j.prediction.PredictedVideo;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The people-mode CSV, JSON summary and HTML report of {@link SyntheticVideos#threePeople()}, against the numbers worked
 * by hand from its frame table (first/last frame, shares, segments with a gap, tie-broken dominant, nobody's row).
 */
class PeopleOutputsTest {
    @TempDir
    Path dir;

    static final PredictedVideo VIDEO = SyntheticVideos.threePeople();

    /** Person 1's face sampled at frame 2, person 2's at frame 6, none of person 3. */
    static Map<Integer, Thumbnail> faces() {
        BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        return Map.of(1, Thumbnail.ofFace(2, 0.25, img, 48), 2, Thumbnail.ofFace(6, 1.25, img, 48));
    }

    @Test
    void csvHasOneRowPerFrameAndPersonAndOneEmptyRowForAFrameWithNobody() throws Exception {
        Path csv = dir.resolve("meeting.csv");
        FrameCsvWriter.write(csv, VIDEO, "tiny");
        List<String> lines = Files.readAllLines(csv);
        List<String> header = List.of(lines.get(0).split(","));
        assertEquals(21, header.size());
        for (String scriptsRead : List.of("frame", "person", "box_x", "box_y", "box_w", "box_h", "label_name")) {
            assertTrue(header.contains(scriptsRead), scriptsRead);
        }
        assertEquals(header.indexOf("face") + 1, header.indexOf("person"), "person sits after face");
        // frames 1-2: 1 row, 3-4: 2, 5-6: 1, 7-9: 2, 10: 2, 11: 1, 12 (nobody): 1
        assertEquals(18, lines.size() - 1);
        List<List<String>> rows = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            rows.add(Arrays.asList(l.split(",", -1)));
        }
        List<List<String>> frame3 =
                rows.stream().filter(r -> r.get(0).equals("3")).toList();
        assertEquals(
                List.of("3", "0.5000", "1", "1", "13", "20", "30", "40", "4", "Happiness"),
                frame3.get(0).subList(0, 10));
        assertEquals(
                List.of("3", "0.5000", "1", "2", "23", "40", "30", "40", "6", "Surprise"),
                frame3.get(1).subList(0, 10));
        assertEquals(2, frame3.size(), "two people in frame 3, ascending ids");
        List<String> frame9person2 = rows.stream()
                .filter(r -> r.get(0).equals("9") && r.get(3).equals("2"))
                .findFirst()
                .orElseThrow();
        assertEquals(List.of("-0.500000", "0.250000", "tiny"), frame9person2.subList(18, 21));
        List<String> nobody = new ArrayList<>(List.of("12", "2.7500", "0"));
        nobody.addAll(Collections.nCopies(17, ""));
        nobody.add("tiny");
        assertEquals(nobody, rows.get(rows.size() - 1), "frame 12: one row, empty person, box, label and scores");
        assertEquals(7, rows.stream().filter(r -> r.get(3).equals("1")).count());
        assertEquals(8, rows.stream().filter(r -> r.get(3).equals("2")).count());
        assertEquals(2, rows.stream().filter(r -> r.get(3).equals("3")).count());
    }

    @Test
    void jsonListsEveryPersonWithFramesSharesSegmentsAndThumbnail() throws Exception {
        Path file = dir.resolve("meeting.json");
        SummaryJsonWriter.write(file, VIDEO, SyntheticVideos.provenance("bundle"), faces());
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertEquals(3, json.get("people_count").asInt());
        assertEquals(2, json.get("main_person").asInt(), "person 2 is seen in 8 frames, person 1 in 7");
        // the video-level keys describe the main person's timeline over all 12 frames
        assertEquals(12, json.get("frame_count").asInt());
        assertEquals(8, json.get("face_frame_count").asInt());
        assertEquals("Sadness", json.get("dominant").asText());
        assertEquals(7.0 / 12, json.get("share").get("Sadness").asDouble(), 1e-12);
        JsonNode people = json.get("people");
        assertEquals(3, people.size());

        JsonNode p1 = people.get(0);
        assertEquals(1, p1.get("id").asInt());
        assertEquals(1, p1.get("first_frame").asInt());
        assertEquals(9, p1.get("last_frame").asInt());
        assertEquals(7, p1.get("frames_seen").asInt());
        assertEquals("Happiness", p1.get("dominant").asText());
        assertShares(p1, Map.of("Happiness", 6.0 / 7, "Anger", 1.0 / 7));
        // frames 5-6 away: the Happiness run is cut in two; the segments' frames add up to frames_seen
        assertSegments(p1, new Object[][] {
            {"Happiness", 1, 4, 0.0, 1.0}, {"Happiness", 7, 8, 1.5, 2.0}, {"Anger", 9, 9, 2.0, 2.25}
        });
        assertFalse(p1.has("valence_arousal"), "person 1 has no valence/arousal");
        assertEquals("meeting.html#person-1", p1.get("thumbnail").get("report").asText());
        assertEquals(2, p1.get("thumbnail").get("frame").asInt());
        assertEquals(0.25, p1.get("thumbnail").get("time_seconds").asDouble(), 0);

        JsonNode p2 = people.get(1);
        assertEquals(3, p2.get("first_frame").asInt());
        assertEquals(10, p2.get("last_frame").asInt());
        assertEquals(8, p2.get("frames_seen").asInt());
        assertEquals("Sadness", p2.get("dominant").asText());
        assertShares(p2, Map.of("Surprise", 3.0 / 8, "Sadness", 5.0 / 8));
        assertSegments(p2, new Object[][] {{"Surprise", 3, 5, 0.5, 1.25}, {"Sadness", 6, 10, 1.25, 2.5}});
        JsonNode va = p2.get("valence_arousal");
        assertEquals(8, va.get("frame_count").asInt());
        assertEquals(-0.125, va.get("valence_mean").asDouble(), 1e-9); // (3 * 0.5 - 5 * 0.5) / 8
        assertEquals(Math.sqrt(0.234375), va.get("valence_std").asDouble(), 1e-9); // (3 * .625² + 5 * .375²) / 8
        assertEquals(0.25, va.get("arousal_mean").asDouble(), 1e-9);
        assertEquals(0.0, va.get("arousal_std").asDouble(), 1e-9);
        assertEquals(6, p2.get("thumbnail").get("frame").asInt());

        JsonNode p3 = people.get(2);
        assertEquals(10, p3.get("first_frame").asInt());
        assertEquals(11, p3.get("last_frame").asInt());
        assertEquals(2, p3.get("frames_seen").asInt());
        assertEquals("Disgust", p3.get("dominant").asText(), "Fear and Disgust tie: the lower ABAW id (2) wins");
        assertShares(p3, Map.of("Fear", 0.5, "Disgust", 0.5));
        assertSegments(p3, new Object[][] {{"Fear", 10, 10, 2.25, 2.5}, {"Disgust", 11, 11, 2.5, 2.75}});
        assertTrue(p3.get("thumbnail").isNull(), "no face sampled for person 3");
    }

    @Test
    void mainPersonSummaryHasNoPeopleKeys() {
        var v = SyntheticVideos.of("clip", 30, new int[] {0, 0, 4});
        JsonNode json = SummaryJsonWriter.toJson(v, SyntheticVideos.provenance("bundle"), faces());
        for (String key : List.of("people", "people_count", "main_person")) {
            assertFalse(json.has(key), key);
        }
        String html = VideoReportHtml.render(v, SyntheticVideos.provenance("bundle"), List.of(), faces());
        assertFalse(html.contains("<h2>People") || html.contains("lane"), "no people section or style");
    }

    @Test
    void nobodyFoundIsSaidAndListsNoOne() {
        var nobody = new PredictedVideo(
                "empty",
                "/v/empty.mp4",
                4,
                SyntheticVideos.of("empty", 4, new int[] {0, 0}, 1, 2).frames(),
                List.of(),
                List.of());
        JsonNode json = SummaryJsonWriter.toJson(nobody, SyntheticVideos.provenance("bundle"));
        assertEquals(0, json.get("people_count").asInt());
        assertTrue(json.get("main_person").isNull());
        assertEquals(0, json.get("people").size());
        String html = VideoReportHtml.render(nobody, SyntheticVideos.provenance("bundle"), List.of());
        assertTrue(html.contains("Nobody was found in any frame."), "said in the report");
    }

    @Test
    void reportHasALanePerPersonOnTheVideosFrameScale() {
        String html = VideoReportHtml.render(VIDEO, SyntheticVideos.provenance("bundle"), List.of(), faces());
        assertTrue(html.contains("person 2, seen in the most frames"), "names the main person");
        // frame i of 12 spans [(i-1)/12, i/12): person 1's runs 1-4, 7-8 and 9
        assertTrue(html.contains("<div class=\"lane\" id=\"lane-1\"><div class=\"seg\" style=\"left:0.0000%;width:"
                + "33.3333%;background:#f2b701\""));
        assertTrue(html.contains("style=\"left:50.0000%;width:16.6667%;background:#f2b701\""), "after the gap");
        assertTrue(html.contains("style=\"left:66.6667%;width:8.3333%;background:#d62728\""), "Anger at frame 9");
        for (int p = 1; p <= 3; p++) {
            assertTrue(html.contains("id=\"person-" + p + "\""), "anchor of person " + p);
        }
        assertTrue(html.contains("id=\"person-1-face\"") && html.contains("id=\"person-2-face\""));
        assertFalse(html.contains("id=\"person-3-face\""), "person 3 has no face sampled");
        assertTrue(html.contains("<td class=\"num\">85.7%</td>"), "person 1's Happiness share, 6 of 7 frames");
        assertTrue(html.contains("<td class=\"num\">-0.125</td>"), "person 2's mean valence");
        assertEquals(AbawClass.COUNT, html.split("class=\"swatch\"", -1).length - 1, "one legend swatch per class");
    }

    private static void assertShares(JsonNode person, Map<String, Double> nonZero) {
        JsonNode share = person.get("share");
        assertEquals(AbawClass.COUNT, share.size());
        for (String name : AbawClass.displayNames()) {
            assertEquals(nonZero.getOrDefault(name, 0.0), share.get(name).asDouble(), 1e-12, name);
        }
    }

    private static void assertSegments(JsonNode person, Object[][] expected) {
        JsonNode segs = person.get("segments");
        assertEquals(expected.length, segs.size(), segs.toString());
        for (int i = 0; i < expected.length; i++) {
            JsonNode s = segs.get(i);
            assertEquals(expected[i][0], s.get("label").asText());
            assertEquals(expected[i][1], s.get("start_frame").asInt());
            assertEquals(expected[i][2], s.get("end_frame").asInt());
            assertEquals((double) expected[i][3], s.get("start_seconds").asDouble(), 1e-12);
            assertEquals((double) expected[i][4], s.get("end_seconds").asDouble(), 1e-12);
        }
    }
}
