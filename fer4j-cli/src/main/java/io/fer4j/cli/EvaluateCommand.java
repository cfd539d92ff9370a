package io.fer4j.cli;

import io.fer4j.annotation.ExprAnnotations;
import io.fer4j.bundle.Bundle;
import io.fer4j.bundle.BundleFiles;
import io.fer4j.evaluation.AblationRow;
import io.fer4j.evaluation.EvaluationJson;
import io.fer4j.evaluation.EvaluationResult;
import io.fer4j.evaluation.Evaluator;
import io.fer4j.label.AbawClass;
import io.fer4j.report.EvaluationReportHtml;
import io.fer4j.store.OutputGuard;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fer4j evaluate}: the bundle's metrics on an annotated split, optionally the paper's ablation. */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description = {
            "Evaluate a bundle on an annotated split: macro-F1, accuracy, per-class F1 and the confusion"
                    + " matrix (docs/CONTRACTS.md §8) with the bundle's δ/p0/w, and the honest k-fold-by-video figure.",
            "--ablation adds every row of the paper's ablation the bundle and data allow (audio rows only where"
                    + " audio.npy exists) plus 'backbone only, mapped to ABAW', each tuned on the split."
        })
final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--bundle", required = true, paramLabel = "BUNDLE", description = "Bundle from fer4j train.")
    Path bundleFile;

    @Option(names = "--store", required = true, paramLabel = "DIR", description = "Feature store.")
    Path store;

    @Option(
            names = "--annotations",
            required = true,
            paramLabel = "DIR",
            description = "Folder holding the split folder (e.g. Validation_Set/).")
    Path annotations;

    @Option(
            names = "--split",
            defaultValue = ExprAnnotations.VALIDATION_SET,
            paramLabel = "NAME",
            description = "Split folder under --annotations (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(
            names = "--task",
            paramLabel = "expr|va",
            description = "Which part of the bundle to evaluate (default: the bundle's own task; expr when it holds"
                    + " both); va needs VA annotations.")
    String task;

    @Option(names = "--ablation", description = "Also score the paper's ablation rows.")
    boolean ablation;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON (fractions in [0,1]).")
    Path json;

    @Option(
            names = "--report",
            paramLabel = "DIR",
            description = "Also write DIR/evaluation.html: the ablation table "
                    + "and a row-normalised confusion-matrix heat map per row (self-contained HTML).")
    Path report;

    @Option(
            names = "--force",
            description = "Overwrite an existing --json file or DIR/evaluation.html (never an input).")
    boolean force;

    @Option(
            names = "--seed",
            defaultValue = "0",
            paramLabel = "S",
            description = "Fold shuffle seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    GridOptions gridOptions;

    @Mixin
    AlignmentOptions alignment;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        // outputs first: a wrong --json must not cost a whole evaluation
        OutputGuard guard = OutputGuard.overwriting(force)
                .reading("--bundle", bundleFile)
                .readingTree("--store", store)
                .readingTree("--annotations", annotations);
        if (json != null) {
            guard.requireFile("--json", json);
        }
        if (report != null) {
            guard.requireFolder("--report", report);
            guard.requireFile("--report", report.resolve(EvaluationReportHtml.FILE_NAME));
        }
        gridOptions.validate();
        if (VaCommands.isVa(task, bundleFile)) {
            VaCommands.evaluate(
                    o,
                    bundleFile,
                    BundleFiles.readVa(bundleFile),
                    store,
                    annotations,
                    split,
                    alignment.policy(),
                    gridOptions,
                    seed,
                    ablation,
                    json,
                    report);
            return 0;
        }
        Bundle bundle = BundleFiles.read(bundleFile);
        printProvenance(o, bundleFile, bundle);
        EvaluationResult result = new Evaluator(gridOptions.grid(), gridOptions.threads(), gridOptions.folds, seed)
                .evaluate(bundleFile, bundle, store, annotations, split, alignment.policy(), ablation, line -> {
                    o.println(line);
                    o.flush();
                });
        print(o, result);
        String strides = strides(result);
        if (strides != null) {
            o.println(strides);
        }
        if (json != null) {
            EvaluationJson.write(json, result, ablation);
            o.println("wrote " + json);
        }
        if (report != null) {
            o.println("wrote " + EvaluationReportWriter.write(report, result));
        }
        // Renderers (e.g. an HTML report) take `result`: it holds the metrics, rows and per-video predictions.
        o.flush();
        return 0;
    }

    /**
     * The frame strides ({@code extract --stride}) of the evaluated store videos, or null when every video had the
     * backbone on every face frame: a strided store's scores include the interpolation between sampled frames.
     */
    static String strides(EvaluationResult result) {
        java.util.SortedMap<Integer, Integer> byStride = new java.util.TreeMap<>();
        io.fer4j.store.FeatureStore fs = io.fer4j.store.FeatureStore.open(result.storeDir());
        for (io.fer4j.evaluation.VideoEvaluation v : result.videos()) {
            if (fs.isComplete(v.id())) {
                Object k = fs.video(v.id()).meta().extras().get("stride");
                byStride.merge(k instanceof Number n ? n.intValue() : 1, 1, Integer::sum);
            }
        }
        if (byStride.keySet().stream().allMatch(k -> k == 1)) {
            return null;
        }
        StringBuilder sb = new StringBuilder("store made with a frame stride (backbone on every K-th face frame, "
                + "the frames between interpolated as in docs/CONTRACTS.md §7):");
        byStride.forEach(
                (k, n) -> sb.append(" K=").append(k).append(": ").append(n).append(" videos;"));
        return sb.substring(0, sb.length() - 1);
    }

    static void printProvenance(PrintWriter o, Path file, Bundle b) {
        Map<String, String> hp = b.provenance().hyperparameters();
        o.printf(
                "bundle %s: format %d, fer4j %s, trained %s%n",
                file,
                b.formatVersion(),
                b.provenance().libraryVersion(),
                b.provenance().createdAt());
        o.printf(
                "  backbone %s (sha256 %s, D=%d), modality %s, heads %s%n",
                b.backbone().name(),
                b.backbone().sha256().isEmpty() ? "unknown" : b.backbone().sha256(),
                b.backbone().embeddingDim(),
                b.modality().cliName(),
                b.heads().keySet());
        o.printf(
                "  trained on %s (%d videos, %d labelled frames), loss %s, %s epochs, seed %s, logit adjustment %s%n",
                b.provenance().storePath(),
                b.provenance().train() == null ? 0 : b.provenance().train().videos(),
                b.provenance().train() == null ? 0 : b.provenance().train().labelledFrames(),
                hp.get("loss"),
                hp.get("epochs"),
                hp.get("seed"),
                hp.get("gla"));
    }

    static void print(PrintWriter o, EvaluationResult r) {
        o.println();
        o.printf(
                "%s: %d videos, %d labelled frames, δ=%d p0=%s w=%s%n",
                r.split(),
                r.videos().size(),
                r.frameCount(),
                r.config().deltaFrames(),
                r.config().p0(),
                r.config().visualWeight());
        o.printf("macro-F1 %.4f  accuracy %.4f%n", r.macroF1(), r.accuracy());
        if (r.honest() != null) {
            o.printf(
                    "honest k-fold-by-video (%d folds, logit adjustment and δ/p0/w refitted per fold): macro-F1 %.4f"
                            + "  accuracy %.4f%n",
                    r.honest().folds().size(), r.honest().macroF1(), r.honest().accuracy());
        }
        if (!r.missingVideos().isEmpty()) {
            o.println("skipped (not in the store): " + String.join(", ", r.missingVideos()));
        }
        double[] f1 = r.perClassF1();
        long[][] c = r.confusion().toArray();
        o.println();
        o.printf("%-10s %6s   confusion (rows = true, columns = predicted)%n", "class", "F1");
        for (int k = 0; k < f1.length; k++) {
            StringBuilder row = new StringBuilder();
            for (long v : c[k]) {
                row.append(String.format(" %8d", v));
            }
            o.printf("%-10s %6.4f  %s%n", AbawClass.of(k).displayName(), f1[k], row);
        }
        if (!r.rows().isEmpty()) {
            o.println();
            o.printf(
                    "%-68s %7s %7s %4s %5s %4s %8s%n",
                    "ablation row (tuned on " + r.split() + ")", "F1", "acc", "δ", "p0", "w", "honestF1");
            for (AblationRow row : r.rows()) {
                o.printf(
                        "%-68s %7.2f %7.2f %4d %5.2f %4.1f %8s%n",
                        row.name(),
                        100 * row.macroF1(),
                        100 * row.accuracy(),
                        row.deltaFrames(),
                        row.p0(),
                        row.visualWeight(),
                        Double.isNaN(row.honestMacroF1()) ? "-" : String.format("%.2f", 100 * row.honestMacroF1()));
            }
        }
    }
}
