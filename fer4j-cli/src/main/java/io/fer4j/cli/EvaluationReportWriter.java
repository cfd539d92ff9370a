package io.fer4j.cli;

import io.fer4j.evaluation.AblationRow;
import io.fer4j.evaluation.EvaluationResult;
import io.fer4j.report.EvaluationReportHtml;
import io.fer4j.store.Sha256;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code fer4j evaluate --report DIR}: renders an {@link EvaluationResult} as {@code DIR/evaluation.html}. */
final class EvaluationReportWriter {
    private EvaluationReportWriter() {}

    static Path write(Path dir, EvaluationResult r) {
        AblationRow main = new AblationRow(
                "bundle configuration",
                r.macroF1(),
                r.accuracy(),
                r.config().deltaFrames(),
                r.config().p0(),
                r.config().visualWeight(),
                r.honest() == null ? Double.NaN : r.honest().macroF1(),
                r.honest() == null ? Double.NaN : r.honest().accuracy(),
                r.confusion());
        Map<String, Object> prov = new LinkedHashMap<>();
        prov.put("bundle", r.bundleFile().toAbsolutePath());
        prov.put("bundle sha256", Sha256.of(r.bundleFile()));
        prov.put(
                "backbone",
                r.bundle().backbone().name() + " (sha256 "
                        + (r.bundle().backbone().sha256().isEmpty()
                                ? "unknown"
                                : r.bundle().backbone().sha256()) + ")");
        prov.put("modality", r.bundle().modality().cliName());
        prov.put(
                "trained",
                r.bundle().provenance().createdAt() + " with fer4j "
                        + r.bundle().provenance().libraryVersion());
        prov.put("store", r.storeDir().toAbsolutePath());
        prov.put("split", r.split());
        prov.put("videos", r.videos().size());
        prov.put("labelled frames", r.frameCount());
        if (!r.missingVideos().isEmpty()) {
            prov.put("skipped (not in the store)", String.join(", ", r.missingVideos()));
        }
        prov.put("evaluated with", "fer4j " + io.fer4j.bundle.Provenance.currentLibraryVersion());
        return EvaluationReportHtml.write(dir, r.split(), main, r.rows(), prov);
    }
}
