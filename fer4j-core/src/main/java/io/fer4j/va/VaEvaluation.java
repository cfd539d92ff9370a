package io.fer4j.va;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.bundle.BundleCompatibility;
import io.fer4j.error.Fer4jException;
import io.fer4j.metrics.Concordance;
import io.fer4j.store.AtomicFiles;
import io.fer4j.store.FeatureStore;
import io.fer4j.training.AlignmentPolicy;
import io.fer4j.training.AnnotatedVideo;
import io.fer4j.tuning.KFoldByVideo;
import io.fer4j.tuning.PostProcessingGrid;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code fer4j evaluate} for a valence-arousal bundle: CCC of valence, arousal and their mean, Pearson r and RMSE,
 * pooled over every annotated frame of every video (population moments, as ABAW scores), with the bundle's δ and w;
 * the honest k-fold-by-video estimate; and with {@code ablation} the rows the bundle and data allow (backbone VA ±
 * smoothing, head ± smoothing, audio head, fusion), each tuned on the evaluated split.
 *
 * @param split     the evaluated split's name
 * @param deltaFrames δ used, {@code visualWeight} w used
 * @param score     the bundle's own pipeline
 * @param honest    held-out pooled score of k-fold-by-video tuning, or null
 * @param rows      ablation rows (empty without {@code --ablation})
 * @param predicted per video, the F×2 values the bundle predicts (for reports), in split order
 * @param missingVideos annotated but not in the store (with --allow-missing)
 */
public record VaEvaluation(
        String split,
        int deltaFrames,
        double visualWeight,
        VaScore score,
        VaScore honest,
        List<Row> rows,
        List<VaScoredVideo> videos,
        List<float[]> predicted,
        List<String> missingVideos) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One ablation row: its pipeline's score with δ (and w) tuned on the split, honest estimate where folds run. */
    public record Row(String name, VaScore score, int deltaFrames, double visualWeight, VaScore honest) {}

    /** Evaluates {@code bundle} (read from {@code bundleFile}) on {@code annotations/split} of {@code storeDir}. */
    public static VaEvaluation evaluate(
            Path bundleFile,
            VaBundle bundle,
            Path storeDir,
            Path annotations,
            String split,
            AlignmentPolicy policy,
            PostProcessingGrid grid,
            int folds,
            long seed,
            boolean ablation,
            Consumer<String> log) {
        FeatureStore store = FeatureStore.open(storeDir);
        VaSplit data = VaSplit.load(store, annotations, split, policy);
        for (AnnotatedVideo v : data.split().videos()) {
            BundleCompatibility.require(
                    bundleFile,
                    bundle.backbone(),
                    bundle.audioHead() == null ? 0 : bundle.audioDim(),
                    storeDir,
                    v.video());
        }
        List<VaScoredVideo> videos = data.scored(bundle.visualHead(), bundle.audioHead());
        VaVideoOutputs.Inputs own = VaVideoOutputs.Inputs.of(bundle.source(), bundle.modality());
        List<float[]> predicted = new ArrayList<>();
        VaScore score = VaScore.EMPTY;
        for (VaScoredVideo v : videos) {
            float[] p = VaPostProcessing.apply(v.outputs(), own, bundle.deltaFrames(), bundle.visualWeight());
            predicted.add(p);
            score = score.plus(VaScore.of(p, v));
        }
        if (score.frameCount() == 0) {
            throw new Fer4jException(
                    annotations.resolve(split),
                    "no annotated frame to evaluate on ("
                            + videos.size() + " videos, every frame -5 or beyond the annotation); check --annotations,"
                            + " --split and the store");
        }
        log.accept(String.format("%s: %d videos, %d annotated frames", split, videos.size(), score.frameCount()));
        KFoldByVideo kfold = folds >= 2 && videos.size() >= folds ? new KFoldByVideo(folds, seed) : null;
        if (folds >= 2 && kfold == null) {
            log.accept("honest k-fold estimate skipped: " + videos.size() + " videos < " + folds + " folds");
        }
        int[] deltas = grid.deltaFrames();
        double[] ws = grid.visualWeights();
        VaScore honest = kfold == null ? null : VaTuning.honest(videos, own, deltas, ws, kfold);
        List<Row> rows = new ArrayList<>();
        if (ablation) {
            boolean backboneVa = VaBundle.hasBackboneVa(bundle.backbone().logitsDim());
            boolean audio = bundle.audioHead() != null
                    && videos.stream().anyMatch(v -> v.outputs().audio() != null);
            if (backboneVa) {
                rows.add(fixed("backbone VA (multi-task outputs), filled", videos, VaVideoOutputs.Inputs.BACKBONE));
                rows.add(tuned("backbone VA + smoothing", videos, VaVideoOutputs.Inputs.BACKBONE, deltas, ws, kfold));
            }
            if (bundle.heads().containsKey(VaHead.VISUAL)) {
                rows.add(fixed("VA head, filled", videos, VaVideoOutputs.Inputs.HEAD));
                rows.add(tuned("VA head + smoothing", videos, VaVideoOutputs.Inputs.HEAD, deltas, ws, kfold));
            }
            if (audio) {
                rows.add(tuned("audio VA head + smoothing", videos, VaVideoOutputs.Inputs.AUDIO, deltas, ws, kfold));
                if (bundle.heads().containsKey(VaHead.VISUAL)) {
                    rows.add(tuned(
                            "VA head + audio VA head, fusion + smoothing",
                            videos,
                            VaVideoOutputs.Inputs.HEAD_AND_AUDIO,
                            deltas,
                            ws,
                            kfold));
                }
                if (backboneVa) {
                    rows.add(tuned(
                            "backbone VA + audio VA head, fusion + smoothing",
                            videos,
                            VaVideoOutputs.Inputs.BACKBONE_AND_AUDIO,
                            deltas,
                            ws,
                            kfold));
                }
            }
            for (Row r : rows) {
                log.accept(String.format(
                        "  %-52s CCC mean %.4f", r.name(), r.score().cccMean()));
            }
        }
        return new VaEvaluation(
                split,
                bundle.deltaFrames(),
                bundle.visualWeight(),
                score,
                honest,
                rows,
                videos,
                predicted,
                data.split().missingVideos());
    }

    private static Row fixed(String name, List<VaScoredVideo> videos, VaVideoOutputs.Inputs inputs) {
        return new Row(name, VaTuning.score(videos, inputs, 0, 1.0), 0, 1.0, null);
    }

    private static Row tuned(
            String name,
            List<VaScoredVideo> videos,
            VaVideoOutputs.Inputs inputs,
            int[] deltas,
            double[] ws,
            KFoldByVideo kfold) {
        VaTuning.Choice c = VaTuning.tune(videos, inputs, deltas, ws);
        VaScore honest = kfold == null ? null : VaTuning.honest(videos, inputs, deltas, ws, kfold);
        return new Row(name, c.score(), c.deltaFrames(), c.visualWeight(), honest);
    }

    /**
     * Writes the result as JSON: {@code ccc_valence}, {@code ccc_arousal}, {@code ccc_mean}, {@code pearson_*},
     * {@code rmse_*}, {@code frames}, {@code delta_frames}, {@code w}, {@code honest_kfold_*} and the ablation
     * {@code rows}.
     */
    public void writeJson(Path file) {
        ObjectNode n = JSON.createObjectNode();
        n.put("task", "va");
        n.put("split", split);
        n.put("videos", videos.size());
        n.put("frames", score.frameCount());
        n.put("delta_frames", deltaFrames);
        n.put("w", visualWeight);
        putScore(n, "", score);
        if (honest != null) {
            putScore(n, "honest_kfold_", honest);
        }
        ArrayNode r = n.putArray("rows");
        for (Row row : rows) {
            ObjectNode o = r.addObject();
            o.put("name", row.name());
            putScore(o, "", row.score());
            o.put("delta_frames", row.deltaFrames());
            o.put("w", row.visualWeight());
            if (row.honest() != null) {
                o.put("honest_kfold_ccc_mean", row.honest().cccMean());
            }
        }
        ArrayNode missing = n.putArray("missing_videos");
        missingVideos.forEach(missing::add);
        AtomicFiles.write(file, out -> JSON.writeValue(out, n));
    }

    private static void putScore(ObjectNode n, String prefix, VaScore s) {
        put(n, prefix, "valence", s.valence());
        put(n, prefix, "arousal", s.arousal());
        n.put(prefix + "ccc_mean", s.cccMean());
    }

    private static void put(ObjectNode n, String prefix, String dim, Concordance c) {
        n.put(prefix + "ccc_" + dim, c.ccc());
        n.put(prefix + "pearson_" + dim, c.pearson());
        n.put(prefix + "rmse_" + dim, c.rmse());
    }
}
