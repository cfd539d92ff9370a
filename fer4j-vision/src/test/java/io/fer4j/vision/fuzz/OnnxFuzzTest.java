package io.fer4j.vision.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.fer4j.error.Fer4jException;
import io.fer4j.vision.backbone.OnnxGraph;
import java.nio.file.Path;

/**
 * Issue 10, item 7: fuzzing of the ONNX header parsing that runs before ONNX Runtime sees a user's model (final
 * Gemm, input, widths). Every input parses or raises {@link Fer4jException}; see {@code ReadersFuzzTest} in
 * fer4j-core for how the committed corpus is replayed in CI and extended on demand.
 */
class OnnxFuzzTest {
    private static final Path NAME = Path.of("model.onnx");

    @FuzzTest(maxDuration = "60s")
    void onnxGraph(byte[] data) {
        try {
            OnnxGraph g = OnnxGraph.parse(NAME, data);
            g.inputs();
            g.imageInput();
            g.finalGemm();
        } catch (Fer4jException expected) {
            // a clear refusal naming the file
        }
    }
}
