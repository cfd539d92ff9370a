package io.fer4j.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.metrics.ConfusionMatrix;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class KFoldByVideoTest {
    private static final List<String> IDS = List.of("v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9");

    @Test
    void everyVideoInExactlyOneFoldAndSizesBalanced() {
        List<List<String>> folds = new KFoldByVideo(3, 1).partition(IDS, Function.identity());
        assertEquals(3, folds.size());
        List<Integer> sizes = folds.stream().map(List::size).sorted().toList();
        assertEquals(List.of(3, 3, 4), sizes);
        Set<String> seen = new HashSet<>();
        for (List<String> fold : folds) {
            for (String id : fold) {
                assertTrue(seen.add(id), id + " in two folds");
            }
        }
        assertEquals(new HashSet<>(IDS), seen);
    }

    @Test
    void deterministicForASeedWhateverTheInputOrder() {
        KFoldByVideo k = new KFoldByVideo(4, 99);
        List<String> shuffled = new ArrayList<>(IDS);
        Collections.shuffle(shuffled, new Random(5));
        assertEquals(k.partition(IDS, Function.identity()), k.partition(shuffled, Function.identity()));
        assertNotEquals(
                k.partition(IDS, Function.identity()), new KFoldByVideo(4, 100).partition(IDS, Function.identity()));
    }

    @Test
    void tunerNeverSeesTheHeldOutVideosAndConfusionsArePooled() {
        List<TuningVideo> videos = GridSearchTest.randomVideos(new Random(3), 10);
        List<List<String>> seenByFit = new ArrayList<>();
        FoldTuner<TuningVideo> recording = tuning -> {
            seenByFit.add(tuning.stream().map(TuningVideo::id).toList());
            GridSearch search = new GridSearch(PostProcessingGrid.defaults(), GridSearchTest.PRIOR, 1);
            return new PostProcessingFoldTuner(search).fit(tuning);
        };
        CrossValidationResult cv = new KFoldByVideo(5, 7).crossValidate(videos, TuningVideo::id, recording);
        assertEquals(5, cv.folds().size());
        ConfusionMatrix sum = ConfusionMatrix.empty(8);
        for (CrossValidationResult.Fold fold : cv.folds()) {
            for (String heldOut : fold.heldOutIds()) {
                assertFalse(
                        seenByFit.get(fold.index()).contains(heldOut), heldOut + " leaked into fold " + fold.index());
            }
            assertEquals(
                    videos.size() - fold.heldOutIds().size(),
                    seenByFit.get(fold.index()).size());
            sum = sum.plus(fold.heldOut());
        }
        assertEquals(sum.total(), cv.pooledHeldOut().total());
        long labelled = videos.stream()
                .flatMapToInt(v -> java.util.Arrays.stream(v.trueLabels()))
                .filter(t -> t >= 0)
                .count();
        assertEquals(labelled, cv.pooledHeldOut().total());
        assertEquals(sum.macroF1(), cv.macroF1(), 0.0);
    }

    @Test
    void honestEstimateOnTheConstructedSet() {
        // 12 videos: two copies of each constructed video, so every fold's tuning set still pins each axis.
        List<TuningVideo> videos = new ArrayList<>();
        for (TuningVideo v : GridSearchTest.constructed()) {
            videos.add(v);
            videos.add(new TuningVideo(v.id() + "-copy", v.trueLabels(), v.inputs()));
        }
        GridSearch search = new GridSearch(
                new PostProcessingGrid(
                        new int[] {0, 1, 2, 5}, new double[] {0.6, 0.8, 0.9, 1.0}, new double[] {0, 0.4, 0.7, 0.9, 1.0
                        }),
                GridSearchTest.PRIOR,
                2);
        HonestTuning.Result result = HonestTuning.run(videos, search, new KFoldByVideo(3, 1));
        assertEquals(5.0 / 8, result.optimisticMacroF1(), 1e-12);
        assertTrue(result.honestMacroF1() <= result.optimisticMacroF1());
        assertEquals(result.optimisticMacroF1() - result.honestMacroF1(), result.optimism(), 1e-15);
        assertEquals(3, result.honest().folds().size());
    }

    @Test
    void rejectsTooFewVideosDuplicateIdsAndOneFold() {
        assertThrows(IllegalArgumentException.class, () -> new KFoldByVideo(1, 0));
        assertThrows(IllegalArgumentException.class, () -> new KFoldByVideo(11, 0).partition(IDS, Function.identity()));
        assertThrows(
                IllegalArgumentException.class,
                () -> new KFoldByVideo(2, 0).partition(List.of("a", "b", "a"), Function.identity()));
    }
}
