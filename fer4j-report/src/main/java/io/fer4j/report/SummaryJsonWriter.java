package io.fer4j.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.label.AbawClass;
import io.fer4j.prediction.PredictedVideo;
import io.fer4j.prediction.PredictionProvenance;
import io.fer4j.prediction.Segment;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The JSON summary of one video: share of time per expression (fractions summing to 1), the segments with start/end
 * (frames and seconds), and the provenance. Keys are snake_case and stable.
 */
public final class SummaryJsonWriter {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SummaryJsonWriter() {}

    public static ObjectNode toJson(PredictedVideo video, PredictionProvenance provenance) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("video", video.videoId());
        root.put("source", video.source());
        root.put("mode", provenance.mode());
        root.put("fps", video.fps());
        root.put("frame_count", video.frameCount());
        root.put("face_frame_count", video.faceFrameCount());
        root.put("duration_seconds", video.durationSeconds());
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
        ArrayNode segs = root.putArray("segments");
        for (Segment s : video.segments()) {
            ObjectNode o = segs.addObject();
            o.put("label", AbawClass.of(s.label()).displayName());
            o.put("label_id", s.label());
            o.put("start_frame", s.startFrame());
            o.put("end_frame", s.endFrame());
            o.put("start_seconds", s.startSeconds());
            o.put("end_seconds", s.endSeconds());
        }
        // only when the run gives valence/arousal: summaries of every other run keep their bytes
        video.valenceArousalSummary().ifPresent(va -> {
            ObjectNode o = root.putObject("valence_arousal");
            o.put("frame_count", va.frameCount());
            o.put("valence_mean", va.meanValence());
            o.put("valence_std", va.spreadValence());
            o.put("arousal_mean", va.meanArousal());
            o.put("arousal_std", va.spreadArousal());
        });
        ArrayNode warnings = root.putArray("warnings");
        video.warnings().forEach(warnings::add);
        root.set("provenance", provenanceJson(provenance));
        return root;
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
        ObjectNode json = toJson(video, provenance);
        ReportFiles.writeAtomically(file, out -> out.write(MAPPER.writeValueAsBytes(json)));
    }

    /** A JSON index over several videos (predict on a directory). */
    public static void writeIndex(Path file, List<Map<String, Object>> entries) {
        ReportFiles.writeAtomically(file, out -> out.write(MAPPER.writeValueAsBytes(Map.of("videos", entries))));
    }
}
