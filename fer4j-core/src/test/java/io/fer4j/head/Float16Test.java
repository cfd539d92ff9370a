package io.fer4j.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Float16Test {
    @Test
    void decodesKnownBitPatterns() {
        assertEquals(1.0f, Float16.toFloat((short) 0x3C00));
        assertEquals(-2.0f, Float16.toFloat((short) 0xC000));
        assertEquals(65504.0f, Float16.toFloat((short) 0x7BFF));
        assertEquals(0x1p-24f, Float16.toFloat((short) 0x0001)); // smallest subnormal
        assertEquals(0x1p-14f, Float16.toFloat((short) 0x0400)); // smallest normal
        assertEquals(Float.POSITIVE_INFINITY, Float16.toFloat((short) 0x7C00));
        assertEquals(Float.NEGATIVE_INFINITY, Float16.toFloat((short) 0xFC00));
        assertTrue(Float.isNaN(Float16.toFloat((short) 0x7E00)));
        assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(Float16.toFloat((short) 0x8000)));
    }

    @Test
    void encodingRoundTripsEveryFiniteHalf() {
        for (int bits = 0; bits < 1 << 16; bits++) {
            float f = Float16.toFloat((short) bits);
            if (!Float.isNaN(f)) {
                assertEquals(bits, Float16.fromFloat(f) & 0xFFFF, "bits " + Integer.toHexString(bits));
            }
        }
    }

    @Test
    void encodingRoundsToNearestEven() {
        assertEquals(0x3C00, Float16.fromFloat(1 + 0x1p-11f) & 0xFFFF); // halfway, even stays
        assertEquals(0x3C02, Float16.fromFloat(1 + 3 * 0x1p-11f) & 0xFFFF); // halfway, odd rounds up
        assertEquals(0x3C01, Float16.fromFloat(1 + 0x1p-11f + 0x1p-20f) & 0xFFFF);
        assertEquals(0x7C00, Float16.fromFloat(65520f) & 0xFFFF); // rounds to Inf, as numpy
        assertEquals(0x0000, Float16.fromFloat(0x1p-26f) & 0xFFFF);
        assertEquals(0x0001, Float16.fromFloat(0x1.8p-25f) & 0xFFFF);
    }
}
