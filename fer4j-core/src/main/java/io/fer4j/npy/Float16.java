package io.fer4j.npy;

/**
 * IEEE 754 binary16 conversions, bit-exact with numpy ({@code np.float16(x)} and {@code .astype(np.float32)}).
 * Java 17 has no {@code Float.float16ToFloat} (added in Java 20), hence this class. Rounding is to nearest, ties to
 * even; overflow goes to infinity; NaN keeps its top payload bits as numpy does.
 */
public final class Float16 {
    /** All 65,536 half values as floats: the decode hot path (float16 embeddings) is one table load. */
    private static final float[] TABLE = new float[1 << 16];

    static {
        for (int h = 0; h < TABLE.length; h++) {
            TABLE[h] = convert(h);
        }
    }

    private Float16() {}

    /** The float32 value of half-precision bits {@code h} (exact: every half is a float). */
    public static float toFloat(short h) {
        return TABLE[h & 0xffff];
    }

    /** Widens {@code count} halves from {@code src[srcOffset..]} into {@code dst[dstOffset..]}. */
    public static void toFloats(short[] src, int srcOffset, float[] dst, int dstOffset, int count) {
        java.util.Objects.checkFromIndexSize(srcOffset, count, src.length);
        java.util.Objects.checkFromIndexSize(dstOffset, count, dst.length);
        float[] table = TABLE;
        for (int i = 0; i < count; i++) {
            dst[dstOffset + i] = table[src[srcOffset + i] & 0xffff];
        }
    }

    private static float convert(int bits) {
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            // zero or subnormal: mant * 2^-24, exact in float32
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    /** The nearest half-precision value of {@code f} (ties to even), as raw bits. */
    public static short fromFloat(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int abs = bits & 0x7fffffff;
        if (abs >= 0x7f800000) {
            if (abs == 0x7f800000) {
                return (short) (sign | 0x7c00);
            }
            int payload = (abs & 0x7fffff) >>> 13;
            return (short) (sign | 0x7c00 | (payload == 0 ? 1 : payload));
        }
        if (abs >= 0x477ff000) {
            // >= 65520, half way between the largest half (65504) and 2^16: rounds to infinity
            return (short) (sign | 0x7c00);
        }
        if (abs < 0x38800000) {
            // below the smallest normal half (2^-14): subnormal or zero
            if (abs <= 0x33000000) {
                return (short) sign; // <= 2^-25 rounds to (signed) zero; 2^-25 itself is a tie to even 0
            }
            int e = abs >>> 23;
            int m = (abs & 0x7fffff) | 0x800000;
            int shift = 126 - e; // value / 2^-24 = m * 2^(e - 126)
            int r = m >>> shift;
            int rem = m & ((1 << shift) - 1);
            int half = 1 << (shift - 1);
            if (rem > half || (rem == half && (r & 1) == 1)) {
                r++;
            }
            return (short) (sign | r);
        }
        int r = ((abs >>> 23) - 112) << 10 | ((abs & 0x7fffff) >>> 13);
        int rem = abs & 0x1fff;
        if (rem > 0x1000 || (rem == 0x1000 && (r & 1) == 1)) {
            r++; // a carry into the exponent is the correct next binade (or infinity)
        }
        return (short) (sign | r);
    }
}
