package io.fer4j.cli.predict;

import io.fer4j.error.Fer4jException;
import io.fer4j.label.AbawClass;
import io.fer4j.prediction.PredictedVideo;
import io.fer4j.prediction.PredictionProvenance;
import io.fer4j.report.FrameCsvWriter;
import io.fer4j.report.SummaryJsonWriter;
import io.fer4j.report.Thumbnail;
import io.fer4j.report.VideoReportHtml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The output folder of {@code fer4j predict}: {@code <id>.csv}, {@code <id>.json}, {@code <id>.html} per video. */
public final class PredictOutputs {
    private PredictOutputs() {}

    /**
     * Prepares {@code out}: refuses an existing path unless {@code force} (then fer4j's files in it are overwritten,
     * nothing else is touched).
     */
    public static void prepare(Path out, boolean force) {
        if (Files.exists(out) && !force) {
            throw new Fer4jException(
                    out,
                    "the output directory already exists; pass --force to overwrite the "
                            + "fer4j outputs in it, or choose another --out");
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new Fer4jException(out, "exists and is not a directory; choose another --out");
        }
        createDirectory(out);
    }

    /** Creates {@code out} (and its parents) when the first output is about to be written. */
    static void createDirectory(Path out) {
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new Fer4jException(
                    out,
                    "cannot create the output directory (" + e.getMessage()
                            + "); check permissions or choose another --out",
                    e);
        }
    }

    /** Deletes video {@code id}'s outputs after {@code failure}; what cannot be deleted is added to it. */
    static void removeOutputs(Path out, String id, RuntimeException failure) {
        for (Path f : filesOf(out, id)) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
    }

    static Path csv(Path out, String id) {
        return out.resolve(id + ".csv");
    }

    /** The files of video {@code id} in {@code out}: CSV, JSON summary, HTML report, in the order they are written. */
    static List<Path> filesOf(Path out, String id) {
        return List.of(csv(out, id), out.resolve(id + ".json"), out.resolve(id + ".html"));
    }

    /**
     * Writes the CSV, the JSON summary and the HTML report of one batch video; returns its index entry. A video whose
     * outputs cannot all be written (disk full) leaves none of them behind: a failed video never sits in {@code out}
     * beside the complete ones, nor counts as complete on a rerun. {@code personThumbnails} (people mode; empty
     * otherwise): each person's face, for the JSON's thumbnail references and the report's lanes.
     */
    static Map<String, Object> writeAll(
            Path out,
            PredictedVideo video,
            PredictionProvenance provenance,
            List<Thumbnail> thumbs,
            Map<Integer, Thumbnail> personThumbnails) {
        try {
            createDirectory(out);
            FrameCsvWriter.write(
                    csv(out, video.videoId()), video, provenance.models().get(0).name());
            writeSummaryAndReportFiles(out, video, provenance, thumbs, personThumbnails);
        } catch (RuntimeException e) {
            removeOutputs(out, video.videoId(), e);
            throw e;
        }
        return indexEntry(video);
    }

    /** Writes the JSON summary and the HTML report of a video whose CSV was streamed (live); its index entry. */
    static Map<String, Object> writeSummaryAndReport(
            Path out, PredictedVideo video, PredictionProvenance provenance, List<Thumbnail> thumbs) {
        writeSummaryAndReportFiles(out, video, provenance, thumbs, Map.of());
        return indexEntry(video);
    }

    private static void writeSummaryAndReportFiles(
            Path out,
            PredictedVideo video,
            PredictionProvenance provenance,
            List<Thumbnail> thumbs,
            Map<Integer, Thumbnail> personThumbnails) {
        SummaryJsonWriter.write(out.resolve(video.videoId() + ".json"), video, provenance, personThumbnails);
        VideoReportHtml.write(out.resolve(video.videoId() + ".html"), video, provenance, thumbs, personThumbnails);
    }

    /** The batch index entry of a written video. */
    private static Map<String, Object> indexEntry(PredictedVideo video) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("video", video.videoId());
        entry.put("status", "ok");
        entry.put("frame_count", video.frameCount());
        entry.put("face_frame_count", video.faceFrameCount());
        if (video.hasPeople()) {
            entry.put("people_count", video.people().size()); // people mode only: main-person indexes keep their bytes
        }
        double[] share = video.labelShares();
        int dominant = 0;
        for (int c = 1; c < share.length; c++) {
            if (share[c] > share[dominant]) {
                dominant = c;
            }
        }
        entry.put(
                "dominant",
                video.frameCount() == 0 ? null : AbawClass.of(dominant).displayName());
        entry.put("csv", video.videoId() + ".csv");
        entry.put("summary", video.videoId() + ".json");
        entry.put("report", video.videoId() + ".html");
        entry.put("warnings", video.warnings());
        return entry;
    }
}
