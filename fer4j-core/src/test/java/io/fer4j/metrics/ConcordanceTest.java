package io.fer4j.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CCC, Pearson r and RMSE against hand-worked cases and a numpy computation (src/test/resources/va). */
class ConcordanceTest {
    private static final double EXACT = 1e-12;

    @Test
    void handWorkedCase() {
        // x = 1,2,3,4; y = 2,2,4,4: x̄ = 2.5, ȳ = 3; s_x² = 5/4, s_y² = 1, s_xy = 1 (divisor n)
        // CCC = 2·1 / (5/4 + 1 + 0.25) = 0.8; r = 1/√(5/4); RMSE = √((1+0+1+0)/4)
        Concordance c = Concordance.of(new float[] {1, 2, 3, 4}, new double[] {2, 2, 4, 4}, null);
        assertEquals(0.8, c.ccc(), EXACT);
        assertEquals(1 / Math.sqrt(1.25), c.pearson(), EXACT);
        assertEquals(Math.sqrt(0.5), c.rmse(), EXACT);
        assertEquals(4, c.count());
    }

    @Test
    void perfectAndReversedAgreement() {
        assertEquals(
                1.0,
                Concordance.of(new float[] {-0.5f, 0, 0.5f}, new double[] {-0.5, 0, 0.5}, null)
                        .ccc(),
                EXACT);
        // reversed: s_xy = −s_x² = −s_y², equal means: CCC = −1
        assertEquals(
                -1.0,
                Concordance.of(new float[] {-0.5f, 0, 0.5f}, new double[] {0.5, 0, -0.5}, null)
                        .ccc(),
                EXACT);
        // perfectly correlated but shifted by 1: CCC = 2·(2/3) / (2/3 + 2/3 + 1) = 4/7, r = 1
        Concordance shifted = Concordance.of(new float[] {1, 2, 3}, new double[] {0, 1, 2}, null);
        assertEquals(4.0 / 7.0, shifted.ccc(), EXACT);
        assertEquals(1.0, shifted.pearson(), EXACT);
    }

    @Test
    void excludedFramesDoNotCount() {
        // the excluded pair (9, −9) would change everything if it counted
        Concordance c = Concordance.of(
                new float[] {1, 9, 2, 3, 4}, new double[] {2, -9, 2, 4, 4}, new boolean[] {true, false, true, true, true
                });
        assertEquals(0.8, c.ccc(), EXACT);
        assertEquals(4, c.count());
    }

    @Test
    void poolingEqualsOnePass() {
        float[] x = {0.1f, -0.3f, 0.7f, 0.2f, -0.9f, 0.5f, 0.05f};
        double[] y = {0.0, -0.2, 0.9, 0.1, -0.7, 0.3, 0.2};
        Concordance whole = Concordance.of(x, y, null);
        Concordance pooled = Concordance.of(x, 0, 1, y, 0, 1, 3, null).plus(Concordance.of(x, 3, 1, y, 3, 1, 4, null));
        assertEquals(whole.ccc(), pooled.ccc(), EXACT);
        assertEquals(whole.pearson(), pooled.pearson(), EXACT);
        assertEquals(whole.rmse(), pooled.rmse(), EXACT);
        assertEquals(
                whole.ccc(),
                Concordance.EMPTY.plus(whole).plus(Concordance.EMPTY).ccc(),
                0.0);
    }

    /** ccc_reference.txt is written by ccc_reference.py (numpy, float64) next to it. */
    @Test
    void matchesNumpy() throws IOException {
        List<String> lines = new ArrayList<>();
        try (InputStream in = ConcordanceTest.class.getResourceAsStream("/va/ccc_reference.txt")) {
            assertNotNull(in, "va/ccc_reference.txt on the test classpath");
            new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().forEach(lines::add);
        }
        int cases = 0;
        for (int i = 0; i + 3 < lines.size() + 1; i += 4) {
            String name = lines.get(i).substring("case,".length());
            float[] x = floats(lines.get(i + 1));
            double[] y = doubles(lines.get(i + 2));
            String[] expected = lines.get(i + 3).split(",");
            Concordance c = Concordance.of(x, y, null);
            assertEquals(Double.parseDouble(expected[1]), c.ccc(), EXACT, name + " ccc");
            // numpy's corrcoef is nan for a constant side; Concordance defines r = 0 there
            double r = "nan".equals(expected[2]) ? Double.NaN : Double.parseDouble(expected[2]);
            assertEquals(Double.isNaN(r) ? 0.0 : r, c.pearson(), EXACT, name + " pearson");
            assertEquals(Double.parseDouble(expected[3]), c.rmse(), EXACT, name + " rmse");
            cases++;
        }
        assertEquals(5, cases);
    }

    private static float[] floats(String line) {
        String[] p = line.split(",");
        float[] out = new float[p.length - 1];
        for (int i = 1; i < p.length; i++) {
            out[i - 1] = Float.parseFloat(p[i]);
        }
        return out;
    }

    private static double[] doubles(String line) {
        String[] p = line.split(",");
        double[] out = new double[p.length - 1];
        for (int i = 1; i < p.length; i++) {
            out[i - 1] = Double.parseDouble(p[i]);
        }
        return out;
    }
}
