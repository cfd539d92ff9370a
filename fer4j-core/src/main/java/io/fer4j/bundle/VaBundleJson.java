package io.fer4j.bundle;

import io.fer4j.head.MlpHead;
import io.fer4j.va.VaBundle;
import io.fer4j.va.VaEpochRecord;
import io.fer4j.va.VaHead;
import io.fer4j.va.VaLoss;
import io.fer4j.va.VaSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A valence-arousal bundle's JSON ({@code "tasks": ["va"]}), one record per object, read and written through the same
 * records as {@link BundleJson} (whose backbone, weight-array and provenance records it reuses) and with the same
 * defaults: a missing optional value reads as 0 or NaN, a missing required one fails with {@code missing "key"}.
 */
record VaBundleJson(
        String format,
        int formatVersion,
        List<String> tasks,
        BundleJson.BackboneJson backbone,
        VaJson va,
        BundleJson.ProvenanceJson provenance) {

    static VaBundleJson of(VaBundle b) {
        return new VaBundleJson(
                Bundle.FORMAT_NAME,
                Bundle.FORMAT_VERSION,
                List.of(BundleFiles.TASK_VA),
                BundleJson.BackboneJson.of(b.backbone()),
                VaJson.of(b),
                BundleJson.ProvenanceJson.of(b.provenance()));
    }

    VaBundle toBundle() {
        VaJson v = BundleJson.required(va, "va");
        VaPostProcessingJson pp = BundleJson.required(v.postProcessing(), "post_processing");
        Map<String, VaHead> heads = new LinkedHashMap<>();
        BundleJson.required(v.heads(), "heads").forEach((name, h) -> heads.put(name, h.toHead(name)));
        return new VaBundle(
                BundleJson.required(backbone, "backbone").toInfo(),
                VaSource.parse(BundleJson.required(v.source(), "source")),
                Modality.parse(BundleJson.required(v.modality(), "modality")),
                heads,
                BundleJson.required(pp.deltaFrames(), "delta_frames"),
                BundleJson.required(pp.w(), "w"),
                v.audioDim(),
                BundleJson.required(provenance, "provenance").toProvenance());
    }

    /** The {@code "va"} section: where the visual values come from, modality, δ and w, the heads. */
    record VaJson(
            String source,
            String modality,
            int audioDim,
            VaPostProcessingJson postProcessing,
            Map<String, VaHeadJson> heads) {
        static VaJson of(VaBundle b) {
            Map<String, VaHeadJson> heads = new LinkedHashMap<>();
            for (VaHead h : b.heads().values()) {
                heads.put(h.name(), VaHeadJson.of(h));
            }
            return new VaJson(
                    b.source().cliName(),
                    b.modality().cliName(),
                    b.audioDim(),
                    new VaPostProcessingJson(b.deltaFrames(), b.visualWeight()),
                    heads);
        }
    }

    record VaPostProcessingJson(Integer deltaFrames, Double w) {}

    /** One VA head: the MLP's widths and weights (keys in the EXPR head's order), its loss and its epochs. */
    record VaHeadJson(
            Integer inputDim,
            Integer hiddenDim,
            Integer classCount,
            BundleJson.FloatArrayJson w1,
            BundleJson.FloatArrayJson b1,
            BundleJson.FloatArrayJson w2,
            BundleJson.FloatArrayJson b2,
            String loss,
            int selectedEpoch,
            List<VaEpochJson> epochs) {
        static VaHeadJson of(VaHead h) {
            MlpHead m = h.head();
            return new VaHeadJson(
                    m.inputDim(),
                    m.hiddenDim(),
                    m.classCount(),
                    BundleJson.FloatArrayJson.of(m.w1(), m.hiddenDim(), m.inputDim()),
                    BundleJson.FloatArrayJson.of(m.b1(), m.hiddenDim()),
                    BundleJson.FloatArrayJson.of(m.w2(), m.classCount(), m.hiddenDim()),
                    BundleJson.FloatArrayJson.of(m.b2(), m.classCount()),
                    h.loss().cliName(),
                    h.selectedEpoch(),
                    h.epochs().stream().map(VaEpochJson::of).collect(Collectors.toList()));
        }

        VaHead toHead(String name) {
            int in = BundleJson.required(inputDim, "input_dim");
            int hidden = BundleJson.required(hiddenDim, "hidden_dim");
            int outputs = BundleJson.required(classCount, "class_count");
            MlpHead head = MlpHead.of(
                    in,
                    hidden,
                    outputs,
                    BundleJson.floats(w1, "w1", hidden, in),
                    BundleJson.floats(b1, "b1", hidden),
                    BundleJson.floats(w2, "w2", outputs, hidden),
                    BundleJson.floats(b2, "b2", outputs));
            List<VaEpochRecord> records = new ArrayList<>();
            if (epochs != null) {
                epochs.forEach(e -> records.add(e.toRecord()));
            }
            return new VaHead(name, VaLoss.parse(BundleJson.required(loss, "loss")), head, records, selectedEpoch);
        }
    }

    /** One epoch; a validation CCC that is not finite is written as null and read back as NaN. */
    record VaEpochJson(
            int epoch, double trainLoss, Double validationCccValence, Double validationCccArousal, double seconds) {
        static VaEpochJson of(VaEpochRecord e) {
            return new VaEpochJson(
                    e.epoch(),
                    e.trainLoss(),
                    BundleJson.finiteOrNull(e.validationCccValence()),
                    BundleJson.finiteOrNull(e.validationCccArousal()),
                    e.seconds());
        }

        VaEpochRecord toRecord() {
            return new VaEpochRecord(
                    epoch,
                    trainLoss,
                    BundleJson.orNaN(validationCccValence),
                    BundleJson.orNaN(validationCccArousal),
                    seconds);
        }
    }
}
