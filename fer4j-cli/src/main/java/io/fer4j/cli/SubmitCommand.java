package io.fer4j.cli;

import io.fer4j.bundle.Bundle;
import io.fer4j.bundle.BundleCompatibility;
import io.fer4j.bundle.BundleFiles;
import io.fer4j.bundle.BundlePredictor;
import io.fer4j.bundle.StoredFeatures;
import io.fer4j.error.Fer4jException;
import io.fer4j.postprocess.FrameProbabilities;
import io.fer4j.postprocess.VideoPrediction;
import io.fer4j.store.FeatureStore;
import io.fer4j.store.OutputGuard;
import io.fer4j.store.StoredVideo;
import io.fer4j.submission.LabelLookup;
import io.fer4j.submission.SubmissionWriter;
import io.fer4j.submission.TestList;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fer4j submit}: an ABAW challenge submission for the organisers' test list. */
@Command(
        name = "submit",
        mixinStandardHelpOptions = true,
        description = {
            "Predict every frame of the organisers' test list with a bundle and write the challenge"
                    + " submission file (docs/CONTRACTS.md §2), in the list's order, atomically.",
            "Frames of the list beyond a video's frame_count take its last prediction. Videos of the list that"
                    + " are not (completely) in the store are an error naming them, unless --allow-missing."
        })
final class SubmitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--bundle", required = true, paramLabel = "BUNDLE", description = "Bundle from fer4j train.")
    Path bundleFile;

    @Option(names = "--store", required = true, paramLabel = "DIR", description = "Feature store of the test videos.")
    Path store;

    @Option(names = "--test-list", required = true, paramLabel = "FILE", description = "The organisers' test list.")
    Path testList;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "FILE",
            description = "Submission file to write; must not exist unless --force.")
    Path out;

    @Option(names = "--force", description = "Overwrite an existing --out (never one of the inputs).")
    boolean force;

    @Option(
            names = "--task",
            paramLabel = "expr|va",
            description = "Which part of the bundle to submit (default: the bundle's own task; expr when it holds"
                    + " both); va writes image_location,valence,arousal.")
    String task;

    @Option(
            names = "--allow-missing",
            description = "Give videos missing from the store the bundle's prior label on every frame (listed on"
                    + " stderr) instead of failing.")
    boolean allowMissing;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        OutputGuard.overwriting(force)
                .reading("--bundle", bundleFile)
                .reading("--test-list", testList)
                .readingTree("--store", store)
                .requireFile("--out", out);
        TestList list = TestList.read(testList);
        FeatureStore fs = FeatureStore.open(store);
        if (VaCommands.isVa(task, bundleFile)) {
            VaCommands.submit(
                    o,
                    spec.commandLine().getErr(),
                    bundleFile,
                    BundleFiles.readVa(bundleFile),
                    fs,
                    list,
                    out,
                    allowMissing);
            return 0;
        }
        if (list.isVaList()) {
            throw new Fer4jException(
                    testList,
                    "line 1: this is a valence-arousal test list (header " + list.header()
                            + ") but --bundle " + bundleFile
                            + " predicts expressions; pass a VA bundle (fer4j train --task"
                            + " va) or the EXPR test list");
        }
        Bundle bundle = BundleFiles.read(bundleFile);
        List<String> missing = missingVideos(fs, list, store, allowMissing, "the prior label");
        BundlePredictor predictor = new BundlePredictor(bundle);
        Map<String, int[]> labels = new LinkedHashMap<>();
        long gated = 0;
        long noFace = 0;
        for (String id : list.videoIds()) {
            if (missing.contains(id)) {
                continue;
            }
            StoredVideo v = fs.video(id, true);
            BundleCompatibility.require(bundleFile, bundle, store, v);
            VideoPrediction p = predictor.predict(StoredFeatures.read(v));
            labels.put(id, p.labels());
            for (boolean g : p.gated()) {
                gated += g ? 1 : 0;
            }
            noFace += p.noFace() && bundle.modality().usesVisual() ? 1 : 0;
        }
        int prior = FrameProbabilities.argmax(bundle.priorHead().priorProbabilities(), 0, 8);
        LabelLookup known = LabelLookup.perFrame(labels);
        LabelLookup lookup = (video, frame) -> missing.contains(video) ? prior : known.label(video, frame);
        SubmissionWriter.write(out, list, lookup);
        if (!missing.isEmpty()) {
            spec.commandLine()
                    .getErr()
                    .println("fer4j submit: warning: " + missing.size()
                            + " video(s) not in the store got the prior label " + prior + ": " + abbreviate(missing));
        }
        o.printf(
                "wrote %s: %d frames of %d videos (%d predicted, %d with no face at all), %d frames gated%n",
                out, list.size(), list.videoIds().size(), labels.size(), noFace, gated);
        o.flush();
        return 0;
    }

    /** Test-list videos missing or incomplete in the store; an error naming them unless {@code allowMissing}. */
    static List<String> missingVideos(
            FeatureStore fs, TestList list, Path store, boolean allowMissing, String fallback) {
        List<String> missing = new ArrayList<>();
        for (String id : list.videoIds()) {
            if (!isComplete(fs, id)) {
                missing.add(id);
            }
        }
        if (!missing.isEmpty() && !allowMissing) {
            throw new Fer4jException(
                    store,
                    missing.size() + " video(s) of the test list are missing or incomplete in"
                            + " the store: " + abbreviate(missing)
                            + "; extract them, or pass --allow-missing to give them "
                            + fallback);
        }
        return missing;
    }

    private static boolean isComplete(FeatureStore fs, String id) {
        try {
            return fs.isComplete(id);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String abbreviate(List<String> ids) {
        return ids.size() <= 10
                ? String.join(", ", ids)
                : String.join(", ", ids.subList(0, 10)) + " and " + (ids.size() - 10) + " more";
    }
}
