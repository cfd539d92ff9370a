package io.fer4j.report;

import io.fer4j.label.AbawClass;
import io.fer4j.prediction.PredictedVideo;
import io.fer4j.prediction.PredictionProvenance;
import io.fer4j.prediction.Segment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The self-contained HTML report of one video: the expression timeline, class probabilities, share per expression,
 * face thumbnails at segment changes, the segments and the provenance. Charts are XChart SVGs inlined as data URIs,
 * thumbnails are inlined JPEGs: the file opens anywhere without network or side files.
 *
 * <p>People mode ({@code --people}) adds a "People" section after the summary: one lane per person on a shared time
 * axis (coloured label segments, gaps where the person is absent), each person's face (anchor {@code person-<id>}) and
 * a table of each person's frames and shares; the sections below it follow the main person, as the JSON's video-level
 * keys do. Main-person reports are unchanged.
 */
public final class VideoReportHtml {
    /** Segment tables longer than this are cut (the CSV and JSON keep everything). */
    static final int MAX_SEGMENT_ROWS = 200;
    /** At most this many thumbnails are shown: the starts of the longest segments, in time order. */
    public static final int MAX_THUMBNAILS = 24;

    private VideoReportHtml() {}

    public static void write(
            Path file, PredictedVideo video, PredictionProvenance provenance, List<Thumbnail> thumbnails) {
        write(file, video, provenance, thumbnails, Map.of());
    }

    /**
     * As {@link #write(Path, PredictedVideo, PredictionProvenance, List)}; in people mode with each person's face
     * ({@code personThumbnails}: person id → thumbnail).
     */
    public static void write(
            Path file,
            PredictedVideo video,
            PredictionProvenance provenance,
            List<Thumbnail> thumbnails,
            Map<Integer, Thumbnail> personThumbnails) {
        String html = render(video, provenance, thumbnails, personThumbnails);
        ReportFiles.writeAtomically(file, out -> out.write(html.getBytes(StandardCharsets.UTF_8)));
    }

    public static String render(PredictedVideo video, PredictionProvenance provenance, List<Thumbnail> thumbnails) {
        return render(video, provenance, thumbnails, Map.of());
    }

    public static String render(
            PredictedVideo video,
            PredictionProvenance provenance,
            List<Thumbnail> thumbnails,
            Map<Integer, Thumbnail> personThumbnails) {
        StringBuilder h = new StringBuilder(1 << 18);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
                .append("<title>fer4j: ")
                .append(Html.esc(video.videoId()))
                .append("</title><style>")
                .append(Html.STYLE)
                .append(video.hasPeople() ? PeopleLanes.STYLE : "") // main-person reports keep their bytes
                .append("</style></head><body>\n");
        appendSummary(h, video, provenance);
        if (video.hasPeople()) {
            PeopleLanes.append(h, video, personThumbnails);
        }
        appendTimeline(h, video);
        appendShares(h, video);
        if (video.hasValenceArousal()) {
            appendValenceArousal(h, video); // only then: reports of runs without VA keep their content
        }
        List<Segment> segments = video.segments();
        appendThumbnails(h, video, segments, thumbnails);
        appendSegments(h, segments);
        appendProvenance(h, provenance);
        h.append("</body></html>\n");
        return h.toString();
    }

    /** Title, mode (full method or backbone only), source, frame and face counts, warnings. */
    private static void appendSummary(StringBuilder h, PredictedVideo video, PredictionProvenance provenance) {
        h.append("<h1>").append(Html.esc(video.videoId())).append("</h1>\n<p>");
        boolean bundle = "bundle".equals(provenance.mode());
        h.append(
                bundle
                        ? "<span class=\"mode bundle\">full method (trained bundle)</span>"
                        : "<span class=\"mode backbone\">backbone only: pretrained probabilities mapped to ABAW, smoothed "
                                + "&mdash; not the trained method</span>");
        h.append(" &nbsp;<span class=\"muted\">")
                .append(Html.esc(video.source()))
                .append("</span></p>\n");
        h.append("<p>")
                .append(video.frameCount())
                .append(" frames, ")
                .append(String.format(Locale.ROOT, "%.2f", video.fps()))
                .append(" fps, ")
                .append(Html.clock(video.durationSeconds()))
                .append(" (m:s); faces in ")
                .append(video.faceFrameCount())
                .append(" frames (")
                .append(Html.pct(video.frameCount() == 0 ? 0 : (double) video.faceFrameCount() / video.frameCount()))
                .append(").</p>\n");
        for (String w : video.warnings()) {
            h.append("<p class=\"warn\">").append(Html.esc(w)).append("</p>\n");
        }
    }

    private static void appendTimeline(StringBuilder h, PredictedVideo video) {
        h.append("<h2>Timeline</h2>\n");
        h.append(
                        "<img class=\"chart\" id=\"timeline\" alt=\"expression timeline\" width=\"1000\" height=\"300\" src=\"")
                .append(Charts.pngDataUri(Charts.labelTimeline(video, 1000, 300)))
                .append("\">\n");
        h.append("<img class=\"chart\" id=\"probabilities\" alt=\"class probabilities over time\" width=\"1000\" "
                        + "height=\"300\" src=\"")
                .append(Charts.pngDataUri(Charts.probabilities(video, 1000, 300)))
                .append("\">\n");
    }

    private static void appendShares(StringBuilder h, PredictedVideo video) {
        h.append("<h2>Share of time per expression</h2>\n<div class=\"grid\">");
        double[] shares = video.labelShares();
        h.append("<img class=\"chart\" id=\"shares\" alt=\"share per expression\" width=\"620\" height=\"320\" src=\"")
                .append(Charts.pngDataUri(Charts.shares(shares, 620, 320)))
                .append("\">\n");
        h.append("<table id=\"share-table\"><tr><th>expression</th><th>share</th><th>time</th></tr>");
        for (int c = 0; c < AbawClass.COUNT; c++) {
            h.append("<tr><td>")
                    .append(AbawClass.of(c).displayName())
                    .append("</td><td class=\"num\">")
                    .append(Html.pct(shares[c]))
                    .append("</td><td class=\"num\">")
                    .append(Html.clock(shares[c] * video.durationSeconds()))
                    .append("</td></tr>");
        }
        h.append("</table></div>\n");
    }

    /** Valence/arousal over time, the circumplex coloured by label, and the mean and spread. */
    private static void appendValenceArousal(StringBuilder h, PredictedVideo video) {
        h.append("<h2>Valence and arousal</h2>\n");
        video.valenceArousalSummary()
                .ifPresent(s -> h.append("<p id=\"va-summary\">")
                        .append(String.format(
                                Locale.ROOT,
                                "valence %.3f &plusmn; %.3f, arousal %.3f &plusmn; %.3f (mean &plusmn; spread over %d "
                                        + "frames)",
                                s.meanValence(),
                                s.spreadValence(),
                                s.meanArousal(),
                                s.spreadArousal(),
                                s.frameCount()))
                        .append("</p>\n"));
        h.append("<img class=\"chart\" id=\"va-trace\" alt=\"valence and arousal over time\" width=\"1000\" "
                        + "height=\"300\" src=\"")
                .append(Charts.pngDataUri(Charts.valenceArousalOverTime(video, 1000, 300)))
                .append("\">\n");
        h.append("<img class=\"chart\" id=\"va-circumplex\" alt=\"valence-arousal circumplex by expression\" "
                        + "width=\"620\" height=\"520\" src=\"")
                .append(Charts.pngDataUri(Charts.circumplex(video, 620, 520)))
                .append("\">\n");
    }

    /** A face at each segment change, framed in its label's colour. */
    private static void appendThumbnails(
            StringBuilder h, PredictedVideo video, List<Segment> segments, List<Thumbnail> thumbnails) {
        h.append("<h2>Faces at segment changes</h2>\n");
        List<Thumbnail> chosen = thumbnailsForSegments(segments, thumbnails, MAX_THUMBNAILS);
        if (chosen.isEmpty()) {
            h.append("<p class=\"muted\">No face thumbnails available.</p>\n");
        } else {
            h.append("<div class=\"thumbs\">");
            for (Thumbnail t : chosen) {
                int label = video.frames().get(t.frameIndex() - 1).label();
                h.append("<figure><img style=\"border-color:")
                        .append(hex(Charts.CLASS_COLORS[label]))
                        .append("\" alt=\"face at frame ")
                        .append(t.frameIndex())
                        .append("\" src=\"data:image/jpeg;base64,")
                        .append(Base64.getEncoder().encodeToString(t.jpeg()))
                        .append("\"><figcaption>")
                        .append(Html.clock(t.timeSeconds()))
                        .append("<br>")
                        .append(AbawClass.of(label).displayName())
                        .append("</figcaption></figure>");
            }
            h.append("</div>\n");
        }
    }

    /** The first {@value #MAX_SEGMENT_ROWS} segments (maximal runs of one label). */
    private static void appendSegments(StringBuilder h, List<Segment> segments) {
        h.append("<h2>Segments</h2>\n<p class=\"muted\">")
                .append(segments.size())
                .append(" segments (maximal runs of one label)")
                .append(
                        segments.size() > MAX_SEGMENT_ROWS
                                ? "; the first " + MAX_SEGMENT_ROWS + " are listed, the JSON summary has all"
                                : "")
                .append(".</p>\n");
        h.append("<table id=\"segments\"><tr><th>label</th><th>start</th><th>end</th><th>frames</th></tr>");
        for (int i = 0; i < Math.min(segments.size(), MAX_SEGMENT_ROWS); i++) {
            Segment s = segments.get(i);
            h.append("<tr><td>")
                    .append(AbawClass.of(s.label()).displayName())
                    .append("</td><td class=\"num\">")
                    .append(Html.clock(s.startSeconds()))
                    .append("</td><td class=\"num\">")
                    .append(Html.clock(s.endSeconds()))
                    .append("</td><td class=\"num\">")
                    .append(s.startFrame())
                    .append("&ndash;")
                    .append(s.endFrame())
                    .append("</td></tr>");
        }
        h.append("</table>\n");
    }

    static void appendProvenance(StringBuilder h, PredictionProvenance p) {
        h.append("<h2>Provenance</h2>\n<table id=\"provenance\">");
        h.append("<tr><th>mode</th><td>").append(Html.esc(p.mode())).append("</td></tr>");
        h.append("<tr><th>tool</th><td>").append(Html.esc(p.tool())).append("</td></tr>");
        h.append("<tr><th>created (UTC)</th><td>")
                .append(Html.esc(p.createdUtc()))
                .append("</td></tr></table>\n");
        h.append("<h3>Models</h3><table id=\"models\"><tr><th>role</th><th>name</th><th>file</th><th>sha256</th></tr>");
        for (PredictionProvenance.ModelInfo m : p.models()) {
            h.append("<tr><td>")
                    .append(Html.esc(m.role()))
                    .append("</td><td>")
                    .append(Html.esc(m.name()))
                    .append("</td><td><code>")
                    .append(Html.esc(m.path()))
                    .append("</code></td><td><code>")
                    .append(m.sha256() == null ? "unknown" : Html.esc(m.sha256()))
                    .append("</code></td></tr>");
        }
        h.append("</table>\n<h3>Bundle</h3>");
        if (p.bundle().isEmpty()) {
            h.append("<p class=\"muted\">none (backbone-only mode)</p>");
        } else {
            keyValues(h, "bundle", p.bundle());
        }
        h.append("\n<h3>Parameters</h3>");
        keyValues(h, "parameters", p.parameters());
        h.append('\n');
    }

    private static void keyValues(StringBuilder h, String id, Map<String, Object> map) {
        h.append("<table id=\"").append(id).append("\">");
        for (Map.Entry<String, Object> e : map.entrySet()) {
            h.append("<tr><th>")
                    .append(Html.esc(e.getKey()))
                    .append("</th><td><code>")
                    .append(Html.esc(e.getValue()))
                    .append("</code></td></tr>");
        }
        h.append("</table>");
    }

    /**
     * For each segment, the earliest thumbnail inside it; when there are more than {@code max}, the longest
     * segments win. Returned in time order.
     */
    static List<Thumbnail> thumbnailsForSegments(List<Segment> segments, List<Thumbnail> thumbnails, int max) {
        List<Thumbnail> sorted = new ArrayList<>(thumbnails);
        sorted.sort(Comparator.comparingInt(Thumbnail::frameIndex));
        record Pick(Segment segment, Thumbnail thumb) {}
        List<Pick> picks = new ArrayList<>();
        int t = 0;
        for (Segment s : segments) {
            while (t < sorted.size() && sorted.get(t).frameIndex() < s.startFrame()) {
                t++;
            }
            if (t < sorted.size() && sorted.get(t).frameIndex() <= s.endFrame()) {
                picks.add(new Pick(s, sorted.get(t)));
            }
        }
        if (picks.size() > max) {
            picks.sort(Comparator.comparingInt((Pick p) -> -p.segment().frameCount())
                    .thenComparingInt(p -> p.segment().startFrame()));
            picks = new ArrayList<>(picks.subList(0, max));
            picks.sort(Comparator.comparingInt(p -> p.segment().startFrame()));
        }
        return picks.stream().map(Pick::thumb).toList();
    }

    static String hex(java.awt.Color c) {
        return String.format(Locale.ROOT, "#%06x", c.getRGB() & 0xffffff);
    }
}
