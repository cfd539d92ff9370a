package io.fer4j.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.label.AbawClass;
import io.fer4j.prediction.PersonTimeline;
import io.fer4j.prediction.PredictedVideo;
import io.fer4j.prediction.PredictionProvenance;
import io.fer4j.prediction.Segment;
import io.fer4j.prediction.ValenceArousalSummary;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The JSON summary of one video: share of time per expression (fractions summing to 1), the segments with start/end
 * (frames and seconds), and the provenance. Keys are snake_case and stable.
 *
 * <p>People mode ({@code --people}) adds {@code people_count}, {@code main_person} (whose timeline the video-level
 * {@code share}, {@code dominant} and {@code segments} describe) and a {@code people} list: per person their id, first
 * and last frame, frames seen, dominant label, share per label, segments, valence/arousal summary (when the run gives
 * it) and a thumbnail reference into the HTML report; see docs/people.md.
 */
public final class SummaryJsonWriter {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SummaryJsonWriter() {}

    public static ObjectNode toJson(PredictedVideo video, PredictionProvenance provenance) {
        return toJson(video, provenance, Map.of());
    }

    /**
     * As {@link #toJson(PredictedVideo, PredictionProvenance)}; in people mode with each person's thumbnail
     * ({@code personThumbnails}: person id → the face the HTML report shows for them).
     */
    public static ObjectNode toJson(
            PredictedVideo video, PredictionProvenance provenance, Map<Integer, Thumbnail> personThumbnails) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("video", video.videoId());
        root.put("source", video.source());
        root.put("mode", provenance.mode());
        root.put("fps", video.fps());
        root.put("frame_count", video.frameCount());
        root.put("face_frame_count", video.faceFrameCount());
        root.put("duration_seconds", video.durationSeconds());
        if (video.hasPeople()) {
            root.put("people_count", video.people().size());
            int main = People.mainPersonId(video);
            if (main > 0) {
                root.put("main_person", main);
            } else {
                root.putNull("main_person");
            }
        }
        double[] share = video.labelShares();
        ObjectNode shares = root.putObject("share");
        int dominant = -1;
        for (int c = 0; c < AbawClass.COUNT; c++) {
            shares.put(AbawClass.of(c).displayName(), share[c]);
            if (video.frameCount() > 0 && (dominant < 0 || share[c] > share[dominant])) {
                dominant = c;
            }
        }
        if (dominant >= 0) {
            root.put("dominant", AbawClass.of(dominant).displayName());
        } else {
            root.putNull("dominant");
        }
        segments(root.putArray("segments"), video.segments());
        // only when the run gives valence/arousal: summaries of every other run keep their bytes
        video.valenceArousalSummary().ifPresent(va -> valenceArousal(root.putObject("valence_arousal"), va));
        if (video.hasPeople()) {
            ArrayNode people = root.putArray("people");
            for (PersonTimeline p : video.people()) {
                person(people.addObject(), video.videoId(), p, personThumbnails.get(p.personId()));
            }
        }
        ArrayNode warnings = root.putArray("warnings");
        video.warnings().forEach(warnings::add);
        root.set("provenance", provenanceJson(provenance));
        return root;
    }

    private static void segments(ArrayNode segs, List<Segment> segments) {
        for (Segment s : segments) {
            ObjectNode o = segs.addObject();
            o.put("label", AbawClass.of(s.label()).displayName());
            o.put("label_id", s.label());
            o.put("start_frame", s.startFrame());
            o.put("end_frame", s.endFrame());
            o.put("start_seconds", s.startSeconds());
            o.put("end_seconds", s.endSeconds());
        }
    }

    private static void valenceArousal(ObjectNode o, ValenceArousalSummary va) {
        o.put("frame_count", va.frameCount());
        o.put("valence_mean", va.meanValence());
        o.put("valence_std", va.spreadValence());
        o.put("arousal_mean", va.meanArousal());
        o.put("arousal_std", va.spreadArousal());
    }

    /**
     * One entry of {@code people}. The thumbnail is referenced, not inlined: {@code report} is the person's anchor in
     * the video's HTML report (which inlines the face), {@code frame}/{@code time_seconds} where the face was taken;
     * null when no face of the person was sampled.
     */
    private static void person(ObjectNode o, String videoId, PersonTimeline p, Thumbnail face) {
        o.put("id", p.personId());
        o.put("first_frame", p.firstFrame());
        o.put("last_frame", p.lastFrame());
        o.put("frames_seen", p.framesSeen());
        o.put("dominant", p.dominant().displayName());
        double[] share = p.labelShares();
        ObjectNode shares = o.putObject("share");
        for (int c = 0; c < AbawClass.COUNT; c++) {
            shares.put(AbawClass.of(c).displayName(), share[c]);
        }
        segments(o.putArray("segments"), p.segments());
        p.valenceArousalSummary().ifPresent(va -> valenceArousal(o.putObject("valence_arousal"), va));
        if (face == null) {
            o.putNull("thumbnail");
        } else {
            ObjectNode t = o.putObject("thumbnail");
            t.put("report", videoId + ".html#" + People.anchor(p.personId()));
            t.put("frame", face.frameIndex());
            t.put("time_seconds", face.timeSeconds());
        }
    }

    static ObjectNode provenanceJson(PredictionProvenance p) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("mode", p.mode());
        o.put("tool", p.tool());
        o.put("created_utc", p.createdUtc());
        ArrayNode models = o.putArray("models");
        for (PredictionProvenance.ModelInfo m : p.models()) {
            ObjectNode mo = models.addObject();
            mo.put("role", m.role());
            mo.put("name", m.name());
            mo.put("path", m.path());
            mo.put("sha256", m.sha256());
        }
        o.set("bundle", p.bundle().isEmpty() ? null : MAPPER.valueToTree(p.bundle()));
        o.set("parameters", MAPPER.valueToTree(p.parameters()));
        return o;
    }

    public static void write(Path file, PredictedVideo video, PredictionProvenance provenance) {
        write(file, video, provenance, Map.of());
    }

    /** As {@link #write(Path, PredictedVideo, PredictionProvenance)}, with people mode's person thumbnails. */
    public static void write(
            Path file,
            PredictedVideo video,
            PredictionProvenance provenance,
            Map<Integer, Thumbnail> personThumbnails) {
        ObjectNode json = toJson(video, provenance, personThumbnails);
        ReportFiles.writeAtomically(file, out -> out.write(MAPPER.writeValueAsBytes(json)));
    }

    /** A JSON index over several videos (predict on a directory). */
    public static void writeIndex(Path file, List<Map<String, Object>> entries) {
        ReportFiles.writeAtomically(file, out -> out.write(MAPPER.writeValueAsBytes(Map.of("videos", entries))));
    }
}
