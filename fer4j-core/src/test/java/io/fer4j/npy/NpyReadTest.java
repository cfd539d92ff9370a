package io.fer4j.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.error.Fer4jException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reads files written by numpy (src/test/resources/npy/make_fixtures.py) on the heap and memory-mapped. */
class NpyReadTest {
    static Path res(String name) {
        try {
            return Path.of(NpyReadTest.class.getResource("/npy/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test resource npy/" + name, e);
        }
    }

    /** Heap read, default mapping, and mapping in tiny chunks (3-element chunks exercise chunk boundaries). */
    @SuppressWarnings("unchecked")
    static final Function<Path, NpyArray>[] READERS = new Function[] {
        (Function<Path, NpyArray>) Npy::read,
        (Function<Path, NpyArray>) Npy::map,
        (Function<Path, NpyArray>) p -> Npy.map(p, 12),
        (Function<Path, NpyArray>) p -> Npy.read(p, 8),
    };

    @Test
    void int32OneAndTwoDimensional() {
        for (Function<Path, NpyArray> r : READERS) {
            NpyArray a = r.apply(res("int32_1d.npy"));
            assertEquals(NpyDtype.INT32, a.dtype());
            assertArrayEquals(new long[] {10}, a.shape());
            assertArrayEquals(new int[] {-3, -2, -1, 0, 1, 2, 3, 4, 5, 6}, a.toIntArray());
            NpyArray b = r.apply(res("int32_2d.npy"));
            assertArrayEquals(new long[] {3, 4}, b.shape());
            assertEquals(3, b.rows());
            assertEquals(4, b.rowLength());
            assertArrayEquals(
                    new int[] {-5000, -4000, -3000, -2000, -1000, 0, 1000, 2000, 3000, 4000, 5000, 6000},
                    b.toIntArray());
            assertEquals(1000, b.getInt(6));
            assertEquals(-2000f, b.getFloat(3));
        }
    }

    @Test
    void float32TwoDimensionalExactValues() {
        float[] expected = {
            0.5f, -1.25f, 3.0e-3f, 1.0e10f, -0.0f, (float) Math.PI, (float) -Math.E, 65504f, 1.0e-40f, 7f
        };
        for (Function<Path, NpyArray> r : READERS) {
            NpyArray a = r.apply(res("float32_2d.npy"));
            assertEquals(NpyDtype.FLOAT32, a.dtype());
            assertArrayEquals(new long[] {2, 5}, a.shape());
            assertArrayEquals(expected, a.toFloatArray());
            float[] row = new float[7];
            a.readRow(1, row, 2);
            assertArrayEquals(new float[] {0, 0, (float) Math.PI, (float) -Math.E, 65504f, 1.0e-40f, 7f}, row);
            float[] span = new float[4];
            a.readFloats(3, span, 0, 4); // crosses the row boundary and, with tiny chunks, chunk boundaries
            assertArrayEquals(new float[] {1.0e10f, -0.0f, (float) Math.PI, (float) -Math.E}, span);
            assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(a.getFloat(4)));
        }
    }

    @Test
    void float16WidenedToFloat32() {
        float[] expected = {
            0.0999755859375f,
            -2.5f,
            1000f,
            6.097555160522461e-05f,
            -0.0f,
            65504f,
            0.333251953125f,
            2f,
            -3f,
            0f,
            5.960464477539063e-08f,
            1.5f
        };
        for (Function<Path, NpyArray> r : READERS) {
            NpyArray a = r.apply(res("float16_2d.npy"));
            assertEquals(NpyDtype.FLOAT16, a.dtype());
            assertArrayEquals(new long[] {4, 3}, a.shape());
            assertArrayEquals(expected, a.toFloatArray());
            assertEquals(0.333251953125f, a.getFloat(6));
        }
    }

    @Test
    void zeroDimensionalAndEmptyArrays() {
        for (Function<Path, NpyArray> r : READERS) {
            NpyArray s = r.apply(res("float32_0d.npy"));
            assertEquals(0, s.ndim());
            assertEquals(1, s.size());
            assertEquals(3.5f, s.getFloat(0));
            NpyArray e = r.apply(res("int32_empty.npy"));
            assertArrayEquals(new long[] {0}, e.shape());
            assertEquals(0, e.toIntArray().length);
            NpyArray e2 = r.apply(res("float32_empty_2d.npy"));
            assertArrayEquals(new long[] {0, 4}, e2.shape());
            assertEquals(0, e2.rows());
            assertEquals(4, e2.rowLength());
            assertEquals(-1, e2.firstNonFinite());
        }
    }

    @Test
    void headerVersionsTwoAndThree() {
        for (String f : new String[] {"float32_v2.npy", "float32_v3.npy"}) {
            NpyHeader h = Npy.readHeader(res(f));
            assertEquals(f.contains("v2") ? 2 : 3, h.version());
            assertEquals(0, h.dataOffset() % 64);
            for (Function<Path, NpyArray> r : READERS) {
                NpyArray a = r.apply(res(f));
                assertArrayEquals(new long[] {2, 3}, a.shape());
                assertArrayEquals(new float[] {-2.5f, -1.5f, -0.5f, 0.5f, 1.5f, 2.5f}, a.toFloatArray());
            }
        }
    }

    @Test
    void numpyDefaultInt64AndFloat64AreReadable() {
        NpyArray i = Npy.read(res("int64_1d.npy"));
        assertEquals(NpyDtype.INT64, i.dtype());
        assertArrayEquals(new int[] {1, 2, 3, Integer.MAX_VALUE}, i.toIntArray());
        Fer4jException tooBig = assertThrows(
                Fer4jException.class, () -> Npy.read(res("int64_too_big.npy")).toIntArray());
        assertTrue(tooBig.getMessage().contains("2147483648"), tooBig.getMessage());
        NpyArray d = Npy.map(res("float64_1d.npy"));
        assertEquals(NpyDtype.FLOAT64, d.dtype());
        assertEquals(-1.5, d.getDouble(1));
        assertEquals(1.0e300, d.getDouble(2));
        assertEquals(Float.POSITIVE_INFINITY, d.getFloat(2)); // narrowing as a Java cast does
        Fer4jException notInt = assertThrows(Fer4jException.class, d::toIntArray);
        assertTrue(notInt.getMessage().contains("float64_1d.npy"), notInt.getMessage());
    }

    @Test
    void threeDimensionalRows() {
        NpyArray a = Npy.map(res("float32_3d.npy"), 20);
        assertEquals(2, a.rows());
        assertEquals(12, a.rowLength());
        float[] row = new float[12];
        a.readRow(1, row, 0);
        for (int i = 0; i < 12; i++) {
            assertEquals((12 + i) / 8f, row[i]);
        }
        assertArrayEquals(new long[] {1, 2, 3}, a.unravel(23));
    }

    @Test
    void outOfRangeAccessFails() {
        NpyArray a = Npy.read(res("int32_1d.npy"));
        assertThrows(IndexOutOfBoundsException.class, () -> a.getFloat(10));
        assertThrows(IndexOutOfBoundsException.class, () -> a.getFloat(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> a.readFloats(8, new float[3], 0, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> a.readFloats(0, new float[3], 1, 3));
    }

    @Test
    void firstNonFiniteFindsNanAndInfinityInEveryFloatType() {
        NpyArray all = Npy.map(res("float16_all.npy"), 1000);
        assertEquals(0x7c00, all.firstNonFinite()); // +inf is the first non-finite bit pattern
        NpyArray ok = Npy.read(res("float16_2d.npy"));
        assertEquals(-1, ok.firstNonFinite());
        assertEquals(-1, Npy.read(res("float32_2d.npy")).firstNonFinite());
        assertEquals(-1, Npy.read(res("int32_2d.npy")).firstNonFinite());
        NpyArray f32 = Npy.read(res("float16_all_as_float32.npy"), 4000);
        assertEquals(0x7c00, f32.firstNonFinite());
        assertFalse(Npy.read(res("float64_1d.npy")).firstNonFinite() >= 0);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "fortran.npy|Fortran-order",
                "big_endian.npy|big-endian",
                "complex.npy|unsupported .npy dtype '<c8'",
                "structured.npy|structured",
                "truncated.npy|ends at byte offset 165",
                "truncated_header.npy|file ends at byte offset 40",
                "trailing_bytes.npy|unexpected data after the array",
                "bad_magic.npy|magic string",
                "bad_version.npy|version 4.0 at byte offset 6",
                "bad_dict.npy|malformed .npy header at byte offset",
                "missing_key.npy|expected exactly the keys",
                "tiny.npy|4 bytes",
            })
    void malformedFilesAreRejectedWithFileAndOffset(String name, String expectedText) {
        for (Function<Path, NpyArray> r : READERS) {
            Fer4jException e = assertThrows(Fer4jException.class, () -> r.apply(res(name)));
            assertTrue(e.getMessage().contains(name), e.getMessage());
            assertTrue(e.getMessage().contains(expectedText), e.getMessage());
            assertEquals(res(name), e.file());
        }
    }

    @Test
    void badDictOffsetPointsAtTheDefect() {
        Fer4jException e = assertThrows(Fer4jException.class, () -> Npy.read(res("bad_dict.npy")));
        // "{'descr': '<f4', 'fortran_order': False, 'shape': (2; 5)" : ';' is at byte 62 (od -c)
        assertTrue(e.getMessage().contains("byte offset 62"), e.getMessage());
    }

    @Test
    void oneDimensionalFortranOrderIsCOrder() {
        NpyArray a = Npy.read(res("fortran_1d.npy"));
        assertArrayEquals(new float[] {0, 1, 2}, a.toFloatArray());
    }

    @Test
    void missingFileNamesThePath() {
        Path p = Path.of("/nonexistent/dir/x.npy");
        Fer4jException e = assertThrows(Fer4jException.class, () -> Npy.map(p));
        assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("not found"), e.getMessage());
    }
}
