package io.fer4j.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.bundle.Bundle;
import io.fer4j.bundle.BundleFilesTest;
import io.fer4j.bundle.Modality;
import io.fer4j.bundle.TrainedHead;
import io.fer4j.training.PipelineSpec;
import io.fer4j.tuning.PostProcessingGrid;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AblationRowsTest {
    @Test
    void rowsFollowTheHeadsAndTheData() {
        Bundle both = BundleFilesTest.bundle(Modality.BOTH); // weighted-CE visual head + audio head, no focal head
        List<String> withAudio =
                AblationRows.rows(both, true).stream().map(PipelineSpec::name).toList();
        assertEquals(
                List.of(
                        AblationRows.BACKBONE_ONLY,
                        "EmotiEffNet (MLP)",
                        "+ calibration",
                        "+ confidence-gated calibration",
                        "calibration + smoothing",
                        "confidence-gated calibration + smoothing",
                        "wav2vec 2.0, focal loss",
                        "wav2vec 2.0, focal loss + GLA",
                        "wav2vec 2.0, focal loss + GLA + smoothing",
                        "wav2vec 2.0 + EmotiEffNet, calibration",
                        "wav2vec 2.0 + EmotiEffNet, calibration + smoothing",
                        "wav2vec 2.0 + EmotiEffNet, confidence-gated calibration + smoothing"),
                withAudio);
        List<String> noAudio =
                AblationRows.rows(both, false).stream().map(PipelineSpec::name).toList();
        assertEquals(6, noAudio.size());
        assertFalse(noAudio.stream().anyMatch(n -> n.contains("wav2vec")));
    }

    @Test
    void pinnedPartsAndTunedParts() {
        PostProcessingGrid grid = PostProcessingGrid.defaults();
        Map<String, PipelineSpec> rows = new LinkedHashMap<>();
        for (PipelineSpec s : AblationRows.rows(BundleFilesTest.bundle(Modality.BOTH), true)) {
            rows.put(s.name(), s);
        }
        PostProcessingGrid mlp = rows.get("EmotiEffNet (MLP)").restrict(grid);
        assertEquals(1, mlp.size());
        assertEquals(0, mlp.deltaFrames()[0]);
        assertEquals(1.0, mlp.p0Values()[0]);
        assertFalse(rows.get("EmotiEffNet (MLP)").tunes(grid));
        PostProcessingGrid gatedSmooth =
                rows.get("confidence-gated calibration + smoothing").restrict(grid);
        assertEquals(21 * 10, gatedSmooth.size());
        PostProcessingGrid full = rows.get("wav2vec 2.0 + EmotiEffNet, confidence-gated calibration + smoothing")
                .restrict(grid);
        assertEquals(21 * 10 * 11, full.size());
        PipelineSpec backbone = rows.get(AblationRows.BACKBONE_ONLY);
        assertEquals(
                AblationRows.BACKBONE_ONLY_CONFIG.p0(), backbone.restrict(grid).p0Values()[0]);
        assertTrue(backbone.gate() && !backbone.tunes(grid));
        assertEquals(
                TrainedHead.AUDIO_FOCAL, rows.get("wav2vec 2.0, focal loss").audioHead());
    }
}
