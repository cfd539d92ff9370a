package io.fer4j.head;

/**
 * IEEE 754 binary16 ↔ float32 conversion (Java 17 has no {@code Float.float16ToFloat}). Decoding uses a 65,536-entry
 * table (256 KiB, stays in L2) because it runs for every feature value of every mini-batch.
 */
public final class Float16 {
    private static final float[] TO_FLOAT = new float[1 << 16];

    static {
        for (int bits = 0; bits < TO_FLOAT.length; bits++) {
            TO_FLOAT[bits] = decode(bits);
        }
    }

    private Float16() {
    }

    /** The float32 value of the float16 bit pattern {@code bits} (exact; NaN and ±Inf preserved). */
    public static float toFloat(short bits) {
        return TO_FLOAT[bits & 0xFFFF];
    }

    /** Converts {@code n} float16 values from {@code src[srcOffset..]} into {@code dst[dstOffset..]}. */
    public static void toFloat(short[] src, int srcOffset, float[] dst, int dstOffset, int n) {
        float[] table = TO_FLOAT;
        for (int i = 0; i < n; i++) {
            dst[dstOffset + i] = table[src[srcOffset + i] & 0xFFFF];
        }
    }

    private static float decode(int bits) {
        int sign = (bits >>> 15) & 1;
        int exponent = (bits >>> 10) & 0x1F;
        int mantissa = bits & 0x3FF;
        float magnitude;
        if (exponent == 0) {
            magnitude = mantissa * 0x1p-24f; // subnormal: m · 2^-24, exact in float32
        } else if (exponent == 0x1F) {
            magnitude = mantissa == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
        } else {
            magnitude = Float.intBitsToFloat(((exponent - 15 + 127) << 23) | (mantissa << 13));
        }
        return sign == 0 ? magnitude : -magnitude;
    }

    /** Rounds a float32 to the nearest float16 (ties to even), as numpy's {@code astype(np.float16)}. */
    public static short fromFloat(float value) {
        int f = Float.floatToRawIntBits(value);
        int sign = (f >>> 16) & 0x8000;
        int exp = (f >>> 23) & 0xFF;
        int mant = f & 0x7FFFFF;
        if (exp == 0xFF) { // Inf or NaN
            return (short) (sign | 0x7C00 | (mant != 0 ? 0x200 : 0));
        }
        int e = exp - 127 + 15;
        if (e >= 0x1F) {
            return (short) (sign | 0x7C00); // overflow → Inf
        }
        if (e <= 0) {
            if (e < -10) {
                return (short) sign; // underflow → ±0
            }
            mant |= 0x800000; // implicit leading one
            int shift = 14 - e;
            int half = mant >>> shift;
            int rest = mant & ((1 << shift) - 1);
            int halfway = 1 << (shift - 1);
            if (rest > halfway || (rest == halfway && (half & 1) != 0)) {
                half++;
            }
            return (short) (sign | half);
        }
        int half = (e << 10) | (mant >>> 13);
        int rest = mant & 0x1FFF;
        if (rest > 0x1000 || (rest == 0x1000 && (half & 1) != 0)) {
            half++; // may carry into the exponent, which is the correct rounding (up to Inf)
        }
        return (short) (sign | half);
    }
}
