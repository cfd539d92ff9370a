package io.fer4j.tuning;

import static io.fer4j.postprocess.Rows.r;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.metrics.ConfusionMatrix;
import io.fer4j.postprocess.PostProcessingConfig;
import io.fer4j.postprocess.Rows;
import io.fer4j.postprocess.VideoInputs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GridSearchTest {
    static final float[] PRIOR = r(0, 0.4, 4, 0.35, 5, 0.25);
    private static final PostProcessingGrid GRID = new PostProcessingGrid(
            new int[] {0, 1, 2, 5}, new double[] {0.6, 0.8, 0.9, 1.0}, new double[] {0, 0.4, 0.7, 0.9, 1.0});

    /** A video with a face on every frame. */
    static TuningVideo video(String id, int[] truth, float[] head, float[] pretrained, float[] audio) {
        int[] frames = new int[truth.length];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = i + 1;
        }
        return new TuningVideo(id, truth, new VideoInputs(truth.length, frames, head, pretrained, audio));
    }

    static int[] constant(int label, int n) {
        int[] t = new int[n];
        Arrays.fill(t, label);
        return t;
    }

    /**
     * Six videos, each pinning one axis, so the best configuration is known by construction:
     * <ul>
     *   <li>a: truth Anger; the head is right (c1 .65) except one-frame spikes to Disgust (c2 .7) at frames 3, 7, 11, 15:
     *   δ = 0 keeps the spikes, any δ ≥ 1 removes them (a spike is a minority of a 3- or 5-frame window).</li>
     *   <li>b: truth Neutral with a 2-frame Fear segment (frames 10, 11), head clean (.9): δ ≤ 1 keeps the
     *   segment, δ ≥ 2 (window 5) averages it away. So δ = 1 is the only δ right on a and b.</li>
     *   <li>c: head wrong (Neutral .7 for true Sadness), pretrained confident and right (Sadness .95): gate needed,
     *   p0 &lt; .95. d: head right (Disgust .8), pretrained wrong at .7 (Surprise): p0 ≥ .7. So p0 ∈ {.8, .9},
     *   and the tie rule picks .9.</li>
     *   <li>e: visual Neutral .6 / Disgust .4 for true Disgust, audio Disgust 1: right iff w &lt; 5/6.
     *   f: visual Neutral 1, audio Sadness 1, true Neutral: right iff w &gt; .5. So w = .7.</li>
     * </ul>
     * At (δ 1, p0 .9, w .7) every frame is right: accuracy 1, macro-F1 5/8 (classes 4, 6, 7 never occur).
     */
    static List<TuningVideo> constructed() {
        List<TuningVideo> videos = new ArrayList<>();
        int n = 20;
        float[] headA = new float[n * 8];
        for (int f = 1; f <= n; f++) {
            float[] row = f % 4 == 3 && f < 18 ? r(1, 0.3, 2, 0.7) : r(1, 0.65, 2, 0.35);
            System.arraycopy(row, 0, headA, (f - 1) * 8, 8);
        }
        int[] truthA = constant(1, n);
        truthA[0] = -1; // ignored frames are not scored
        videos.add(video("a", truthA, headA, null, null));
        int[] truthB = constant(0, n);
        truthB[9] = 3;
        truthB[10] = 3;
        float[] headB = new float[n * 8];
        for (int f = 1; f <= n; f++) {
            float[] row = truthB[f - 1] == 3 ? r(3, 0.9, 0, 0.1) : r(0, 0.9, 3, 0.1);
            System.arraycopy(row, 0, headB, (f - 1) * 8, 8);
        }
        videos.add(video("b", truthB, headB, null, null));
        videos.add(video(
                "c", constant(5, 10), Rows.repeat(r(0, 0.7, 5, 0.3), 10), Rows.repeat(r(5, 0.95, 0, 0.05), 10), null));
        videos.add(video(
                "d", constant(2, 10), Rows.repeat(r(2, 0.8, 0, 0.2), 10), Rows.repeat(r(6, 0.7, 2, 0.3), 10), null));
        videos.add(video("e", constant(2, 10), Rows.repeat(r(0, 0.6, 2, 0.4), 10), null, Rows.repeat(r(2, 1.0), 10)));
        videos.add(video("f", constant(0, 10), Rows.repeat(r(0, 1.0), 10), null, Rows.repeat(r(5, 1.0), 10)));
        return videos;
    }

    @Test
    void findsTheConfigurationKnownByConstruction() {
        GridSearchResult result = new GridSearch(GRID, PRIOR, 2).search(constructed());
        assertEquals(new PostProcessingConfig(1, 0.9, 0.7), result.best());
        assertEquals(1.0, result.accuracy());
        assertEquals(5.0 / 8, result.macroF1(), 1e-12);
        assertEquals(80, result.table().size());
        assertEquals(6, result.videoCount());
        assertEquals(19 + 20 + 4 * 10, result.frameCount());
        // p0 = .8 ties with .9; the tie rule prefers the larger p0.
        GridCell tie = result.table().stream()
                .filter(c -> c.config().equals(new PostProcessingConfig(1, 0.8, 0.7)))
                .findFirst()
                .orElseThrow();
        assertEquals(result.macroF1(), tie.macroF1());
        // Each axis moved off the optimum loses frames.
        for (PostProcessingConfig worse : List.of(
                new PostProcessingConfig(0, 0.9, 0.7),
                new PostProcessingConfig(2, 0.9, 0.7),
                new PostProcessingConfig(1, 0.6, 0.7),
                new PostProcessingConfig(1, 1.0, 0.7),
                new PostProcessingConfig(1, 0.9, 0.9),
                new PostProcessingConfig(1, 0.9, 0.4))) {
            GridCell cell = result.table().stream()
                    .filter(c -> c.config().equals(worse))
                    .findFirst()
                    .orElseThrow();
            assertTrue(cell.accuracy() < 1.0, worse.toString());
        }
    }

    @Test
    void tableMatchesVideoPostProcessorForEveryCell() {
        List<TuningVideo> videos = randomVideos(new Random(17), 9);
        GridSearch search = new GridSearch(GRID, PRIOR, 2);
        GridSearchResult result = search.search(videos);
        GridSearchResult serial = new GridSearch(GRID, PRIOR, 1).search(videos);
        assertEquals(GRID.size(), result.table().size());
        for (int i = 0; i < result.table().size(); i++) {
            GridCell cell = result.table().get(i);
            ConfusionMatrix direct = search.evaluate(videos, cell.config());
            assertEquals(direct.macroF1(), cell.macroF1(), 0.0, cell.config().toString());
            assertEquals(direct.accuracy(), cell.accuracy(), 0.0, cell.config().toString());
            assertEquals(cell, serial.table().get(i));
        }
        assertArrayEquals(
                search.evaluate(videos, result.best()).toArray(),
                result.bestConfusion().toArray());
    }

    @Test
    void withoutAudioOnlyWOneIsTried() {
        List<TuningVideo> videos = constructed().subList(0, 4);
        GridSearchResult result = new GridSearch(GRID, PRIOR, 1).search(videos);
        assertEquals(16, result.table().size());
        assertTrue(result.table().stream().allMatch(c -> c.config().visualWeight() == 1.0));
        assertEquals(new PostProcessingConfig(1, 0.9, 1.0), result.best());
    }

    @Test
    void defaultGridHasTheDocumentedShape() {
        PostProcessingGrid g = PostProcessingGrid.defaults();
        assertEquals(21, g.deltaFrames().length);
        assertEquals(100, g.deltaFrames()[20]);
        assertArrayEquals(new double[] {0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0}, g.p0Values(), 1e-12);
        assertEquals(11, g.visualWeights().length);
        assertEquals(2310, g.size());
    }

    @Test
    void rejectsEmptyOrUnlabelledInput() {
        GridSearch search = new GridSearch(GRID, PRIOR, 1);
        assertThrows(IllegalArgumentException.class, () -> search.search(List.of()));
        TuningVideo unlabelled = video("u", constant(-1, 3), Rows.repeat(r(0, 1), 3), null, null);
        assertThrows(IllegalArgumentException.class, () -> search.search(List.of(unlabelled)));
        assertThrows(
                IllegalArgumentException.class,
                () -> video("bad", constant(8, 3), Rows.repeat(r(0, 1), 3), null, null));
        assertThrows(
                IllegalArgumentException.class,
                () -> new TuningVideo("short", constant(0, 2), new VideoInputs(3, new int[] {1}, r(0, 1), null, null)));
    }

    /** Videos mixing missing frames, no-face videos, audio or not, pretrained or not, ignored labels. */
    static List<TuningVideo> randomVideos(Random rnd, int count) {
        List<TuningVideo> videos = new ArrayList<>();
        for (int v = 0; v < count; v++) {
            int frames = 5 + rnd.nextInt(60);
            int[] truth = new int[frames];
            for (int i = 0; i < frames; i++) {
                truth[i] = rnd.nextInt(10) == 0 ? -1 : rnd.nextInt(8);
            }
            List<Integer> faces = new ArrayList<>();
            boolean noFace = v % 4 == 3;
            for (int f = 1; f <= frames && !noFace; f++) {
                if (rnd.nextInt(5) != 0) {
                    faces.add(f);
                }
            }
            int[] faceFrames = faces.stream().mapToInt(Integer::intValue).toArray();
            float[] head = Rows.random(rnd, faceFrames.length);
            float[] pretrained = faceFrames.length > 0 && v % 3 != 0 ? peaked(rnd, faceFrames.length) : null;
            float[] audio = v % 2 == 0 || v == 7 ? Rows.random(rnd, frames) : null; // v7: no face, audio only
            videos.add(new TuningVideo("v" + v, truth, new VideoInputs(frames, faceFrames, head, pretrained, audio)));
        }
        return videos;
    }

    /** Rows whose maximum is often above .6 so the gate fires for some thresholds. */
    private static float[] peaked(Random rnd, int n) {
        float[] out = Rows.random(rnd, n);
        for (int i = 0; i < n; i++) {
            int c = rnd.nextInt(8);
            for (int k = 0; k < 8; k++) {
                out[i * 8 + k] *= 0.3f;
            }
            out[i * 8 + c] += 0.7f;
        }
        return out;
    }
}
