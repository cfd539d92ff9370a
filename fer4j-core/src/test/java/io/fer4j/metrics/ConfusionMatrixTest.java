package io.fer4j.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Metrics against scikit-learn's values (resources/metrics/make_expected.py) and hand-worked cases. */
class ConfusionMatrixTest {

    @Test
    void matchesScikitLearnOnRandomAndAbsentClasses() throws Exception {
        Map<String, Map<String, String>> cases = readExpected();
        for (Map.Entry<String, Map<String, String>> c : cases.entrySet()) {
            Map<String, String> e = c.getValue();
            int[] y = ints(e.get("y"));
            int[] p = ints(e.get("p"));
            ConfusionMatrix cm = ConfusionMatrix.of(y, p);
            assertEquals(Double.parseDouble(e.get("macro_f1")), cm.macroF1(), 1e-12, c.getKey());
            assertEquals(Double.parseDouble(e.get("accuracy")), cm.accuracy(), 1e-12, c.getKey());
            double[] perClass = Arrays.stream(e.get("per_class").split(" "))
                    .mapToDouble(Double::parseDouble)
                    .toArray();
            assertArrayEquals(perClass, cm.perClassF1(), 1e-12, c.getKey());
            long[] flat = Arrays.stream(e.get("confusion").split(" "))
                    .mapToLong(Long::parseLong)
                    .toArray();
            assertArrayEquals(
                    flat,
                    Arrays.stream(cm.toArray()).flatMapToLong(Arrays::stream).toArray(),
                    c.getKey());
        }
    }

    @Test
    void handWorkedTwoClassCase() {
        // true 0,0,1,1 ; predicted 0,1,1,1 -> class0: TP1 FN1 FP0 -> F1 2/3; class1: TP2 FP1 -> F1 4/5
        ConfusionMatrix cm = ConfusionMatrix.of(new int[] {0, 0, 1, 1}, new int[] {0, 1, 1, 1}, 2);
        assertArrayEquals(new double[] {2.0 / 3, 0.8}, cm.perClassF1(), 1e-15);
        assertEquals((2.0 / 3 + 0.8) / 2, cm.macroF1(), 1e-15);
        assertEquals(0.75, cm.accuracy(), 1e-15);
    }

    @Test
    void sumsPartialConfusionsInsteadOfAveragingF1() {
        ConfusionMatrix a = ConfusionMatrix.of(new int[] {0, 1}, new int[] {0, 0}, 2);
        ConfusionMatrix b = ConfusionMatrix.of(new int[] {1, 1}, new int[] {1, 1}, 2);
        ConfusionMatrix pooled = ConfusionMatrix.of(new int[] {0, 1, 1, 1}, new int[] {0, 0, 1, 1}, 2);
        assertArrayEquals(pooled.toArray(), a.plus(b).toArray());
        assertEquals(pooled.macroF1(), a.plus(b).macroF1(), 0.0);
    }

    @Test
    void emptyAndInvalid() {
        ConfusionMatrix empty = ConfusionMatrix.of(new int[] {-1, -1}, new int[] {3, 4});
        assertEquals(0.0, empty.macroF1());
        assertEquals(0.0, empty.accuracy());
        assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.of(new int[] {8}, new int[] {0}));
        assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.of(new int[] {0}, new int[] {0, 1}));
        double[][] rn = ConfusionMatrix.of(new int[] {0, 0, 0, 1}, new int[] {0, 1, 1, 1}, 2)
                .rowNormalised();
        assertArrayEquals(new double[] {1.0 / 3, 2.0 / 3}, rn[0], 1e-15);
        assertArrayEquals(new double[] {0, 1}, rn[1], 1e-15);
    }

    private static int[] ints(String s) {
        return Arrays.stream(s.trim().split(" ")).mapToInt(Integer::parseInt).toArray();
    }

    private static Map<String, Map<String, String>> readExpected() throws Exception {
        Map<String, Map<String, String>> cases = new HashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                ConfusionMatrixTest.class.getResourceAsStream("/metrics/expected.txt"), StandardCharsets.UTF_8))) {
            Map<String, String> current = null;
            for (String line; (line = r.readLine()) != null; ) {
                int sp = line.indexOf(' ');
                if (sp < 0) {
                    current = new HashMap<>();
                    cases.put(line, current);
                } else {
                    current.put(line.substring(0, sp), line.substring(sp + 1));
                }
            }
        }
        return cases;
    }
}
