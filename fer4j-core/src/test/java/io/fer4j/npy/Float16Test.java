package io.fer4j.npy;

import static io.fer4j.npy.NpyReadTest.res;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Half-precision conversions against numpy (values in src/test/resources/npy, from make_fixtures.py). */
class Float16Test {
    @Test
    void everyHalfBitPatternWidensExactlyAsNumpy() {
        NpyArray halves = Npy.read(res("float16_all.npy"));
        NpyArray numpy = Npy.read(res("float16_all_as_float32.npy"));
        assertEquals(65536, halves.size());
        float[] widened = halves.toFloatArray();
        float[] expected = numpy.toFloatArray();
        for (int h = 0; h < 65536; h++) {
            assertEquals(
                    Float.floatToRawIntBits(expected[h]),
                    Float.floatToRawIntBits(widened[h]),
                    "half bits 0x" + Integer.toHexString(h));
            assertEquals(Float.floatToRawIntBits(expected[h]), Float.floatToRawIntBits(Float16.toFloat((short) h)));
        }
    }

    @Test
    void narrowingRoundsToNearestEvenAsNumpy() {
        float[] in = Npy.read(res("float32_to_float16_inputs.npy")).toFloatArray();
        NpyArray expected = Npy.read(res("float32_to_float16_expected.npy"));
        assertEquals(in.length, expected.size());
        // compare raw half bits: the float16 file's bytes through a float32 widening keep every bit (NaN payloads too)
        for (int i = 0; i < in.length; i++) {
            short got = Float16.fromFloat(in[i]);
            float want = expected.getFloat(i);
            assertEquals(
                    Float.floatToRawIntBits(want),
                    Float.floatToRawIntBits(Float16.toFloat(got)),
                    "input " + in[i] + " (0x" + Integer.toHexString(Float.floatToRawIntBits(in[i])) + ")");
        }
    }

    @Test
    void everyHalfSurvivesARoundTrip() {
        for (int h = 0; h < 65536; h++) {
            assertEquals((short) h, Float16.fromFloat(Float16.toFloat((short) h)), "0x" + Integer.toHexString(h));
        }
    }

    @Test
    void handWorkedCases() {
        assertEquals((short) 0x3c00, Float16.fromFloat(1f));
        assertEquals((short) 0x7bff, Float16.fromFloat(65504f));
        assertEquals((short) 0x7bff, Float16.fromFloat(65519.996f)); // just below the tie: stays finite
        assertEquals((short) 0x7c00, Float16.fromFloat(65520f)); // the tie rounds to even = infinity
        assertEquals((short) 0x0001, Float16.fromFloat(0x1p-24f)); // smallest subnormal
        assertEquals((short) 0x0000, Float16.fromFloat(0x1p-25f)); // tie between 0 and 2^-24: even = 0
        assertEquals((short) 0x0002, Float16.fromFloat(0x1.8p-24f)); // 1.5 ulp: tie to even 2
        assertEquals((short) 0x8000, Float16.fromFloat(-0f));
        assertEquals((short) 0x0400, Float16.fromFloat(0x1p-14f)); // smallest normal
        assertEquals((short) 0x3c00, Float16.fromFloat(1f + 0x1p-11f)); // tie between 1 and 1+2^-10: even = 1
        assertEquals((short) 0x3c02, Float16.fromFloat(1f + 3 * 0x1p-11f)); // tie: to even 0x3c02
        assertEquals((short) 0x7e00, Float16.fromFloat(Float.NaN));
        assertTrue(Float.isNaN(Float16.toFloat((short) 0x7e00)));
        assertEquals(Float.NEGATIVE_INFINITY, Float16.toFloat((short) 0xfc00));
        assertEquals(0x1p-24f, Float16.toFloat((short) 1));
        assertEquals(-65504f, Float16.toFloat((short) 0xfbff));
    }
}
