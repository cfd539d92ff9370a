package io.fer4j.cli;

import io.fer4j.bundle.BundleCompatibility;
import io.fer4j.bundle.BundleFiles;
import io.fer4j.bundle.StoredFeatures;
import io.fer4j.error.Fer4jException;
import io.fer4j.report.VaEvaluationReportHtml;
import io.fer4j.store.FeatureStore;
import io.fer4j.store.Sha256;
import io.fer4j.store.StoredVideo;
import io.fer4j.submission.SubmissionWriter;
import io.fer4j.submission.TestList;
import io.fer4j.training.AlignmentPolicy;
import io.fer4j.training.TrainingOptions;
import io.fer4j.va.VaBundle;
import io.fer4j.va.VaEvaluation;
import io.fer4j.va.VaHead;
import io.fer4j.va.VaLoss;
import io.fer4j.va.VaPredictor;
import io.fer4j.va.VaScore;
import io.fer4j.va.VaSource;
import io.fer4j.va.VaTrainer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The valence-arousal ({@code --task va}) paths of {@code train}, {@code evaluate} and {@code submit}. */
final class VaCommands {
    private VaCommands() {}

    /** {@code --task} of train: expr or va; anything else is refused naming the option. */
    static boolean isVa(String task) {
        return switch (task) {
            case BundleFiles.TASK_VA -> true;
            case BundleFiles.TASK_EXPR -> false;
            default -> throw new IllegalArgumentException("--task must be expr or va, got '" + task + "'");
        };
    }

    /** {@code --task} of evaluate/submit; unset: the bundle's own task (expr when it holds both). */
    static boolean isVa(String task, Path bundleFile) {
        if (task != null) {
            return isVa(task);
        }
        Set<String> tasks = BundleFiles.tasks(bundleFile);
        return !tasks.contains(BundleFiles.TASK_EXPR) && tasks.contains(BundleFiles.TASK_VA);
    }

    static void train(PrintWriter o, TrainingOptions options, VaLoss loss, VaSource source, Path out) {
        VaTrainer.Outcome outcome = new VaTrainer(options, loss, source).train(line -> {
            o.println(line);
            o.flush();
        });
        VaBundle b = outcome.bundle();
        BundleFiles.writeVa(out, b);
        o.println();
        o.println("summary (valence-arousal)");
        o.printf(
                "  backbone        %s (D=%d, %d outputs)%n",
                b.backbone().name(), b.backbone().embeddingDim(), b.backbone().logitsDim());
        o.printf(
                "  source          %s, modality %s%n",
                b.source().cliName(), b.modality().cliName());
        for (VaHead h : b.heads().values()) {
            o.printf(
                    "  %-15s epoch %d kept (best validation mean CCC), loss %s%n",
                    h.name(), h.selectedEpoch(), h.loss().cliName());
        }
        o.printf("  δ/w             %d / %s (tuned on validation)%n", b.deltaFrames(), b.visualWeight());
        printScore(o, "validation     ", outcome.tuned().score(), " (tuned on the same split: optimistic)");
        if (outcome.honest() != null) {
            printScore(o, "honest k-fold  ", outcome.honest(), " (" + options.folds() + " folds by video)");
        }
        if (outcome.backboneOnly() != null) {
            printScore(
                    o,
                    "backbone only  ",
                    outcome.backboneOnly().score(),
                    " (δ=" + outcome.backboneOnly().deltaFrames() + ")");
        }
        o.println("wrote " + out);
        o.flush();
    }

    private static void printScore(PrintWriter o, String label, VaScore s, String note) {
        o.printf(
                "  %s CCC valence %.4f, arousal %.4f, mean %.4f%s%n",
                label, s.valence().ccc(), s.arousal().ccc(), s.cccMean(), note);
    }

    static void evaluate(
            PrintWriter o,
            Path bundleFile,
            VaBundle bundle,
            Path store,
            Path annotations,
            String split,
            AlignmentPolicy policy,
            GridOptions grid,
            long seed,
            boolean ablation,
            Path json,
            Path report) {
        o.printf(
                "bundle %s: valence-arousal, backbone %s, source %s, modality %s, heads %s, δ=%d w=%s%n",
                bundleFile,
                bundle.backbone().name(),
                bundle.source().cliName(),
                bundle.modality().cliName(),
                bundle.heads().keySet(),
                bundle.deltaFrames(),
                bundle.visualWeight());
        VaEvaluation r = VaEvaluation.evaluate(
                bundleFile,
                bundle,
                store,
                annotations,
                split,
                policy,
                grid.grid(),
                grid.folds,
                seed,
                ablation,
                line -> {
                    o.println(line);
                    o.flush();
                });
        o.println();
        o.printf(
                "%s: %d videos, %d annotated frames, δ=%d w=%s%n",
                r.split(), r.videos().size(), r.score().frameCount(), r.deltaFrames(), r.visualWeight());
        o.printf("%-10s %8s %8s %8s%n", "", "CCC", "Pearson", "RMSE");
        o.printf(
                "%-10s %8.4f %8.4f %8.4f%n",
                "valence",
                r.score().valence().ccc(),
                r.score().valence().pearson(),
                r.score().valence().rmse());
        o.printf(
                "%-10s %8.4f %8.4f %8.4f%n",
                "arousal",
                r.score().arousal().ccc(),
                r.score().arousal().pearson(),
                r.score().arousal().rmse());
        o.printf("CCC mean %.4f%n", r.score().cccMean());
        if (r.honest() != null) {
            o.printf(
                    "honest k-fold-by-video (δ/w refitted per fold): CCC mean %.4f (valence %.4f, arousal %.4f)%n",
                    r.honest().cccMean(),
                    r.honest().valence().ccc(),
                    r.honest().arousal().ccc());
        }
        if (!r.missingVideos().isEmpty()) {
            o.println("skipped (not in the store): " + String.join(", ", r.missingVideos()));
        }
        if (!r.rows().isEmpty()) {
            o.println();
            o.printf(
                    "%-52s %7s %7s %7s %4s %4s %8s%n",
                    "ablation row (tuned on " + r.split() + ")", "CCC-V", "CCC-A", "mean", "δ", "w", "honest");
            for (VaEvaluation.Row row : r.rows()) {
                o.printf(
                        "%-52s %7.4f %7.4f %7.4f %4d %4.1f %8s%n",
                        row.name(),
                        row.score().valence().ccc(),
                        row.score().arousal().ccc(),
                        row.score().cccMean(),
                        row.deltaFrames(),
                        row.visualWeight(),
                        row.honest() == null
                                ? "-"
                                : String.format("%.4f", row.honest().cccMean()));
            }
        }
        if (json != null) {
            r.writeJson(json);
            o.println("wrote " + json);
        }
        if (report != null) {
            Map<String, Object> prov = new LinkedHashMap<>();
            prov.put("bundle", bundleFile.toAbsolutePath());
            prov.put("bundle sha256", Sha256.of(bundleFile));
            prov.put(
                    "backbone",
                    bundle.backbone().name() + " (sha256 "
                            + (bundle.backbone().sha256().isEmpty()
                                    ? "unknown"
                                    : bundle.backbone().sha256()) + ")");
            prov.put(
                    "source / modality",
                    bundle.source().cliName() + " / " + bundle.modality().cliName());
            prov.put(
                    "trained",
                    bundle.provenance().createdAt() + " with fer4j "
                            + bundle.provenance().libraryVersion());
            prov.put("store", store.toAbsolutePath());
            prov.put("split", r.split());
            prov.put("evaluated with", "fer4j " + io.fer4j.bundle.Provenance.currentLibraryVersion());
            o.println("wrote " + VaEvaluationReportHtml.write(report, r, prov));
        }
        o.flush();
    }

    static void submit(
            PrintWriter o,
            PrintWriter err,
            Path bundleFile,
            VaBundle bundle,
            FeatureStore fs,
            TestList list,
            Path out,
            boolean allowMissing) {
        if (list.isExprList()) {
            throw new Fer4jException(
                    list.file(),
                    "line 1: this is an expression (EXPR) test list (header "
                            + list.header() + ") but --bundle " + bundleFile
                            + " predicts valence-arousal; pass the VA test"
                            + " list (header image_location,valence,arousal) or an EXPR bundle");
        }
        List<String> missing = SubmitCommand.missingVideos(fs, list, fs.dir(), allowMissing, "valence 0, arousal 0");
        VaPredictor predictor = new VaPredictor(bundle);
        int audioDim = bundle.audioHead() == null ? 0 : bundle.audioDim();
        Map<String, float[]> values = new LinkedHashMap<>();
        int noFace = 0;
        for (String id : list.videoIds()) {
            if (missing.contains(id)) {
                continue;
            }
            StoredVideo v = fs.video(id, true);
            BundleCompatibility.require(bundleFile, bundle.backbone(), audioDim, fs.dir(), v);
            VaPredictor.Prediction p = predictor.predict(StoredFeatures.read(v));
            noFace += p.noFace() ? 1 : 0;
            values.put(id, p.valenceArousal());
        }
        SubmissionWriter.VaLookup known = SubmissionWriter.VaLookup.perFrame(values);
        SubmissionWriter.writeVa(
                out,
                list,
                (video, frame) -> missing.contains(video) ? new float[2] : known.valenceArousal(video, frame));
        if (!missing.isEmpty()) {
            err.println("fer4j submit: warning: " + missing.size() + " video(s) not in the store got valence 0,"
                    + " arousal 0: " + String.join(", ", missing));
        }
        o.printf(
                "wrote %s: %d frames of %d videos (%d predicted, %d with no face at all), valence-arousal, δ=%d"
                        + " w=%s%n",
                out,
                list.size(),
                list.videoIds().size(),
                values.size(),
                noFace,
                bundle.deltaFrames(),
                bundle.visualWeight());
        o.flush();
    }
}
