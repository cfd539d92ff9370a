package io.fer4j.report;

import io.fer4j.label.AbawClass;
import io.fer4j.prediction.PersonTimeline;
import io.fer4j.prediction.PredictedVideo;
import io.fer4j.prediction.Segment;
import io.fer4j.prediction.ValenceArousalSummary;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The "People" section of a people-mode video report: who showed what, when. One lane per person, all on one time axis
 * (frame {@code i} of {@code F} spans {@code [(i-1)/F, i/F)} of the lane's width), each label segment in its class
 * colour, nothing where the person is absent; beside each lane the person's face; below, a table of each person's
 * frames and shares. Plain HTML and CSS (no chart image), so each segment keeps its tooltip and the page its size.
 */
final class PeopleLanes {
    /** Appended to {@link Html#STYLE} in people mode only. */
    static final String STYLE = """
            .lane-row{display:grid;grid-template-columns:120px 1fr;gap:10px;align-items:center;margin:6px 0}
            .lane{position:relative;height:30px;background:#f1f1f1;border-radius:3px;overflow:hidden}
            .seg{position:absolute;top:0;bottom:0}
            .axis{position:relative;height:18px;font-size:.75em;color:#666}
            .tick{position:absolute;top:0;height:100%;border-left:1px solid #bbb;padding-left:3px;white-space:nowrap}
            .lane-row figure img{width:64px;height:64px} .lane-row figure .noface{display:inline-block;width:64px;height:64px;line-height:64px;background:#eee;border-radius:4px;color:#777}
            .legend{display:flex;flex-wrap:wrap;gap:12px;font-size:.8em;margin:6px 0 0 130px} .swatch{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:4px;vertical-align:-1px}
            """;

    /** Tick spacings of the time axis, in seconds: the smallest giving at most {@link #MAX_TICKS} ticks is used. */
    private static final double[] TICK_SECONDS = {0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200};

    private static final int MAX_TICKS = 10;

    private PeopleLanes() {}

    static void append(StringBuilder h, PredictedVideo video, Map<Integer, Thumbnail> faces) {
        h.append("<h2>People</h2>\n<p id=\"people-summary\">");
        int main = People.mainPersonId(video);
        if (main == 0) {
            h.append("Nobody was found in any frame.</p>\n");
            return;
        }
        int n = video.people().size();
        h.append(n)
                .append(n == 1 ? " person" : " people")
                .append(", each with an id kept over the whole video (1, 2, &hellip; in order of first appearance). ")
                .append("The timeline, shares, faces and segments further down follow person ")
                .append(main)
                .append(", seen in the most frames.</p>\n<div class=\"lanes\" id=\"people-lanes\">");
        int frameCount = video.frameCount();
        for (PersonTimeline p : video.people()) {
            lane(h, video.videoId(), p, frameCount, faces.get(p.personId()));
        }
        axis(h, video.durationSeconds());
        h.append("<div class=\"legend\">");
        for (int c = 0; c < AbawClass.COUNT; c++) {
            h.append("<span><span class=\"swatch\" style=\"background:")
                    .append(VideoReportHtml.hex(Charts.CLASS_COLORS[c]))
                    .append("\"></span>")
                    .append(AbawClass.of(c).displayName())
                    .append("</span>");
        }
        h.append("</div></div>\n");
        table(h, video);
    }

    /** A person's face and lane; the row carries the anchor the JSON's thumbnail reference points to. */
    private static void lane(StringBuilder h, String videoId, PersonTimeline p, int frameCount, Thumbnail face) {
        int id = p.personId();
        AbawClass dominant = p.dominant();
        h.append("<div class=\"lane-row\" id=\"").append(People.anchor(id)).append("\"><figure>");
        if (face == null) {
            h.append("<span class=\"noface\">no face</span>");
        } else {
            h.append("<img id=\"")
                    .append(People.anchor(id))
                    .append("-face\" style=\"border-color:")
                    .append(VideoReportHtml.hex(Charts.CLASS_COLORS[dominant.ordinal()]))
                    .append("\" alt=\"person ")
                    .append(id)
                    .append(" in ")
                    .append(Html.esc(videoId))
                    .append(" at frame ")
                    .append(face.frameIndex())
                    .append("\" src=\"data:image/jpeg;base64,")
                    .append(Base64.getEncoder().encodeToString(face.jpeg()))
                    .append("\">");
        }
        h.append("<figcaption>person ")
                .append(id)
                .append("<br>")
                .append(dominant.displayName())
                .append("</figcaption></figure><div class=\"lane\" id=\"lane-")
                .append(id)
                .append("\">");
        for (Segment s : p.segments()) {
            h.append("<div class=\"seg\" style=\"left:")
                    .append(percent(s.startFrame() - 1, frameCount))
                    .append("%;width:")
                    .append(percent(s.frameCount(), frameCount))
                    .append("%;background:")
                    .append(VideoReportHtml.hex(Charts.CLASS_COLORS[s.label()]))
                    .append("\" title=\"person ")
                    .append(id)
                    .append(": ")
                    .append(AbawClass.of(s.label()).displayName())
                    .append(", ")
                    .append(Html.clock(s.startSeconds()))
                    .append("&ndash;")
                    .append(Html.clock(s.endSeconds()))
                    .append(" (frames ")
                    .append(s.startFrame())
                    .append("&ndash;")
                    .append(s.endFrame())
                    .append(")\"></div>");
        }
        h.append("</div></div>\n");
    }

    /** The shared time axis under the lanes (m:s). */
    private static void axis(StringBuilder h, double durationSeconds) {
        h.append("<div class=\"lane-row\"><span></span><div class=\"axis\" id=\"people-axis\">");
        if (durationSeconds > 0) {
            double step = TICK_SECONDS[TICK_SECONDS.length - 1];
            for (double t : TICK_SECONDS) {
                if (durationSeconds / t <= MAX_TICKS) {
                    step = t;
                    break;
                }
            }
            for (int k = 0; k * step < durationSeconds; k++) {
                h.append("<span class=\"tick\" style=\"left:")
                        .append(String.format(Locale.ROOT, "%.4f", 100 * k * step / durationSeconds))
                        .append("%\">")
                        .append(Html.clock(k * step))
                        .append("</span>");
            }
        }
        h.append("</div></div>\n");
    }

    /** Per person: when seen, how much, the dominant label and the share of each label over the person's frames. */
    private static void table(StringBuilder h, PredictedVideo video) {
        boolean va =
                video.people().stream().anyMatch(p -> p.valenceArousalSummary().isPresent());
        h.append("<table id=\"people-table\"><tr><th>person</th><th>first seen</th><th>last seen</th>")
                .append("<th>frames seen</th><th>dominant</th>");
        for (int c = 0; c < AbawClass.COUNT; c++) {
            h.append("<th>").append(AbawClass.of(c).displayName()).append("</th>");
        }
        h.append(va ? "<th>valence</th><th>arousal</th>" : "").append("</tr>");
        for (PersonTimeline p : video.people()) {
            h.append("<tr><td><a href=\"#")
                    .append(People.anchor(p.personId()))
                    .append("\">")
                    .append(p.personId())
                    .append("</a></td><td class=\"num\">")
                    .append(Html.clock(p.frames().get(0).timeSeconds()))
                    .append(" (")
                    .append(p.firstFrame())
                    .append(")</td><td class=\"num\">")
                    .append(Html.clock(p.frames().get(p.framesSeen() - 1).timeSeconds()))
                    .append(" (")
                    .append(p.lastFrame())
                    .append(")</td><td class=\"num\">")
                    .append(p.framesSeen())
                    .append("</td><td>")
                    .append(p.dominant().displayName())
                    .append("</td>");
            double[] share = p.labelShares();
            for (double s : share) {
                h.append("<td class=\"num\">").append(Html.pct(s)).append("</td>");
            }
            if (va) {
                Optional<ValenceArousalSummary> s = p.valenceArousalSummary();
                h.append("<td class=\"num\">")
                        .append(s.map(x -> String.format(Locale.ROOT, "%.3f", x.meanValence()))
                                .orElse(""))
                        .append("</td><td class=\"num\">")
                        .append(s.map(x -> String.format(Locale.ROOT, "%.3f", x.meanArousal()))
                                .orElse(""))
                        .append("</td>");
            }
            h.append("</tr>");
        }
        h.append("</table>\n<p class=\"muted\">Frames in brackets; shares are of each person's own frames.</p>\n");
    }

    private static String percent(int frames, int frameCount) {
        return String.format(Locale.ROOT, "%.4f", frameCount == 0 ? 0.0 : 100.0 * frames / frameCount);
    }
}
