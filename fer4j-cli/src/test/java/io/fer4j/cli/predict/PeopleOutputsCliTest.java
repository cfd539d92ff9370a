package io.fer4j.cli.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer4j.cli.Fer4jCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code predict --people} end to end on fer4j's own four-person test video (embedded YuNet, descriptor and
 * faceapi_expression, so no download): the JSON's people agree with the CSV's person rows, and the report has each
 * person's lane and the anchor the JSON's thumbnail reference names.
 */
class PeopleOutputsCliTest {
    @TempDir
    Path dir;

    /** The video PeopleVideoTest checks the tracker on (surefire runs in the module folder). */
    static final Path PEOPLE_VIDEO =
            Path.of("..", "fer4j-vision", "src", "test", "resources", "io", "fer4j", "vision", "people", "people.mp4");

    @Test
    void jsonPeopleAgreeWithTheCsvsPersonRows() throws Exception {
        assertTrue(Files.isRegularFile(PEOPLE_VIDEO), "people.mp4 is part of the repository: " + PEOPLE_VIDEO);
        Path out = dir.resolve("out");
        CommandLine cl = Fer4jCommand.commandLine();
        StringWriter text = new StringWriter();
        cl.setOut(new PrintWriter(text));
        cl.setErr(new PrintWriter(text));
        int exit = cl.execute(
                "predict",
                PEOPLE_VIDEO.toString(),
                "--people",
                "--backbone",
                "faceapi_expression",
                "--out",
                out.toString());
        assertEquals(0, exit, text.toString());

        // per person id: [rows, first frame, last frame], read from the CSV
        List<String> lines = Files.readAllLines(out.resolve("people.csv"));
        List<String> header = List.of(lines.get(0).split(","));
        int frameCol = header.indexOf("frame");
        int personCol = header.indexOf("person");
        Map<Integer, int[]> csvPeople = new TreeMap<>();
        int personRows = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            if (cells[personCol].isEmpty()) {
                continue;
            }
            personRows++;
            int frame = Integer.parseInt(cells[frameCol]);
            int[] s = csvPeople.computeIfAbsent(Integer.parseInt(cells[personCol]), k -> new int[] {0, frame, frame});
            s[0]++;
            s[1] = Math.min(s[1], frame);
            s[2] = Math.max(s[2], frame);
        }

        JsonNode json = new ObjectMapper().readTree(out.resolve("people.json").toFile());
        assertEquals(4, json.get("people_count").asInt(), "four people in the test video");
        JsonNode people = json.get("people");
        assertEquals(4, people.size());
        assertEquals(List.of(1, 2, 3, 4), List.copyOf(csvPeople.keySet()), "the CSV has the same four ids");
        String html = Files.readString(out.resolve("people.html"));
        int framesSeen = 0;
        for (int i = 0; i < 4; i++) {
            JsonNode p = people.get(i);
            int id = p.get("id").asInt();
            assertEquals(i + 1, id);
            int[] csv = csvPeople.get(id);
            assertEquals(csv[0], p.get("frames_seen").asInt(), "person " + id + "'s rows");
            assertEquals(csv[1], p.get("first_frame").asInt(), "person " + id);
            assertEquals(csv[2], p.get("last_frame").asInt(), "person " + id);
            int segmentFrames = 0;
            for (JsonNode s : p.get("segments")) {
                segmentFrames +=
                        s.get("end_frame").asInt() - s.get("start_frame").asInt() + 1;
            }
            assertEquals(csv[0], segmentFrames, "person " + id + "'s segments cover the frames they were seen in");
            framesSeen += p.get("frames_seen").asInt();
            String anchor = "person-" + id;
            assertEquals(
                    "people.html#" + anchor, p.get("thumbnail").get("report").asText());
            assertTrue(html.contains("id=\"" + anchor + "\"") && html.contains("id=\"lane-" + id + "\""), anchor);
        }
        assertEquals(personRows, framesSeen, "frames_seen add up to the CSV's person rows");
        int main = json.get("main_person").asInt();
        assertEquals(
                json.get("face_frame_count").asInt(),
                people.get(main - 1).get("frames_seen").asInt(),
                "the video-level timeline is the main person's");
    }
}
