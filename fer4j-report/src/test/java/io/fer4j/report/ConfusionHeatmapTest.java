package io.fer4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.metrics.ConfusionMatrix;
import java.awt.Color;
import org.junit.jupiter.api.Test;

class ConfusionHeatmapTest {
    @Test
    void contrastFollowsWcag() {
        assertEquals(21.0, ConfusionHeatmap.contrastRatio(Color.BLACK, Color.WHITE), 1e-9);
        assertEquals(1.0, ConfusionHeatmap.contrastRatio(Color.GRAY, Color.GRAY), 1e-9);
        // WCAG's own examples: #777777 on white just fails AA, #767676 just passes
        assertEquals(4.48, ConfusionHeatmap.contrastRatio(new Color(0x777777), Color.WHITE), 0.005);
        assertEquals(4.54, ConfusionHeatmap.contrastRatio(new Color(0x767676), Color.WHITE), 0.005);
    }

    @Test
    void everyCellColourGetsALabelWithAaContrast() {
        for (int tenths = 0; tenths <= 1000; tenths++) {
            Color bg = ConfusionHeatmap.cellColour(tenths / 10.0);
            double c = ConfusionHeatmap.contrastRatio(bg, ConfusionHeatmap.labelColour(bg));
            assertTrue(c >= ConfusionHeatmap.MIN_CONTRAST, tenths / 10.0 + "%: contrast " + c);
        }
        assertEquals(Color.BLACK, ConfusionHeatmap.labelColour(ConfusionHeatmap.cellColour(0)));
        assertEquals(Color.WHITE, ConfusionHeatmap.labelColour(ConfusionHeatmap.cellColour(100)));
        // any background at all, not only the scale's
        for (int grey = 0; grey < 256; grey++) {
            Color bg = new Color(grey, grey, grey);
            assertTrue(ConfusionHeatmap.contrastRatio(bg, ConfusionHeatmap.labelColour(bg)) >= 4.58, "grey " + grey);
        }
    }

    @Test
    void tableEscapesTheTitleAndColoursEachCell() {
        ConfusionMatrix cm = ConfusionMatrix.of(new long[][] {{3, 1}, {0, 4}});
        String t = ConfusionHeatmap.table("h", "a <b> & c", cm, 30);
        assertTrue(t.contains("<caption>a &lt;b&gt; &amp; c</caption>"), t);
        assertTrue(
                t.contains(
                        "background:#08306b;color:#ffffff\" title=\"true Anger, predicted Anger: 4 of 4 frames\">100<"),
                t);
        assertTrue(
                t.contains(
                        "background:#f7fbff;color:#000000\" title=\"true Anger, predicted Neutral: 0 of 4 frames\">0<"),
                t);
    }
}
