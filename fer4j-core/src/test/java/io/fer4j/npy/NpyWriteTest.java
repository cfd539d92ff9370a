package io.fer4j.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.error.Fer4jException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyWriteTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsEveryWritableType() {
        Npy.write(dir.resolve("i.npy"), new int[] {1, -2, 3, Integer.MIN_VALUE, Integer.MAX_VALUE, 0}, 2, 3);
        NpyArray i = Npy.read(dir.resolve("i.npy"));
        assertArrayEquals(new long[] {2, 3}, i.shape());
        assertArrayEquals(new int[] {1, -2, 3, Integer.MIN_VALUE, Integer.MAX_VALUE, 0}, i.toIntArray());

        float[] values = {0.1f, -1e-7f, 3e38f, Float.NaN, Float.NEGATIVE_INFINITY, -0f};
        Npy.writeFloat32(dir.resolve("f.npy"), values);
        NpyArray f = Npy.map(dir.resolve("f.npy"));
        assertArrayEquals(new long[] {6}, f.shape());
        for (int k = 0; k < values.length; k++) {
            assertEquals(Float.floatToRawIntBits(values[k]), Float.floatToRawIntBits(f.getFloat(k)));
        }

        Npy.writeFloat16(dir.resolve("h.npy"), new float[] {0.1f, 1e5f, 1e-8f, -2.5f}, 1, 4);
        NpyArray h = Npy.read(dir.resolve("h.npy"));
        assertEquals(NpyDtype.FLOAT16, h.dtype());
        assertArrayEquals(new float[] {0.0999755859375f, Float.POSITIVE_INFINITY, 0f, -2.5f}, h.toFloatArray());

        Npy.writeScalarFloat32(dir.resolve("s.npy"), 2.25f);
        assertEquals(0, Npy.read(dir.resolve("s.npy")).ndim());
    }

    @Test
    void headersAreNumpyLayout() throws IOException {
        Npy.writeFloat32(dir.resolve("f.npy"), new float[6], 2, 3);
        byte[] bytes = Files.readAllBytes(dir.resolve("f.npy"));
        assertEquals(128 + 24, bytes.length); // numpy's layout: the dictionary padded so the data starts at 128
        String dict = new String(bytes, 10, 118, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(dict.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"), dict);
        assertTrue(dict.endsWith(" \n"), dict);
        NpyHeader one = Npy.readHeader(dir.resolve("f.npy"));
        assertEquals(1, one.version());
        assertEquals(128, one.dataOffset());
        Npy.write(dir.resolve("v.npy"), new int[] {7});
        assertTrue(new String(Files.readAllBytes(dir.resolve("v.npy")), java.nio.charset.StandardCharsets.ISO_8859_1)
                .contains("'shape': (1,)"));
    }

    @Test
    void hugeHeaderSwitchesToVersionTwo() {
        long[] shape = new long[30000];
        java.util.Arrays.fill(shape, 1);
        byte[] header = NpyHeader.format(NpyDtype.FLOAT32, shape, 0);
        assertEquals(2, header[6]);
        assertEquals(0, header.length % 64);
    }

    @Test
    void shapeMismatchIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Npy.write(dir.resolve("x.npy"), new int[5], 2, 3));
        assertFalse(Files.exists(dir.resolve("x.npy")));
    }

    @Test
    void rowWriterStreamsAndPatchesTheHeader() {
        Path target = dir.resolve("emb.npy");
        Random rnd = new Random(1);
        float[] all = new float[700 * 5];
        try (NpyRowWriter w = NpyRowWriter.create(target, NpyDtype.FLOAT32, 5)) {
            for (int r = 0; r < 700; r++) {
                for (int c = 0; c < 5; c++) {
                    all[r * 5 + c] = (float) rnd.nextGaussian();
                }
                w.appendFloats(all, r * 5, 1);
            }
            assertFalse(Files.exists(target), "nothing visible before commit");
            assertEquals(700, w.rows());
            w.commit();
        }
        NpyArray a = Npy.map(target);
        assertArrayEquals(new long[] {700, 5}, a.shape());
        assertArrayEquals(all, a.toFloatArray());
        assertEquals(List.of(target), listing());
    }

    @Test
    void rowWriterLargerThanItsBuffer() {
        Path target = dir.resolve("big.npy");
        int rows = 1000;
        int cols = 700; // 2.8 MB of float32: several buffer flushes
        float[] row = new float[cols];
        try (NpyRowWriter w = NpyRowWriter.create(target, NpyDtype.FLOAT16, cols)) {
            for (int r = 0; r < rows; r++) {
                java.util.Arrays.fill(row, r % 100 - 50.5f);
                w.appendFloats(row, 0, 1);
            }
            w.commit();
        }
        NpyArray a = Npy.map(target, 4096);
        assertArrayEquals(new long[] {rows, cols}, a.shape());
        float[] got = new float[cols];
        a.readRow(777, got, 0);
        for (float v : got) {
            assertEquals(777 % 100 - 50.5f, v);
        }
    }

    @Test
    void rowWriterIntsAndEmpty() {
        Path frames = dir.resolve("frames.npy");
        try (NpyRowWriter w = NpyRowWriter.create(frames, NpyDtype.INT32)) {
            w.appendInt(3);
            w.appendInts(new int[] {9, 4, 5, 6}, 1, 3);
            assertThrows(IllegalStateException.class, () -> w.appendFloats(new float[1], 0, 1));
            w.commit();
            assertThrows(IllegalStateException.class, () -> w.appendInt(1));
        }
        assertArrayEquals(new int[] {3, 4, 5, 6}, Npy.read(frames).toIntArray());

        Path empty = dir.resolve("empty.npy");
        try (NpyRowWriter w = NpyRowWriter.create(empty, NpyDtype.FLOAT16, 1280)) {
            w.commit();
        }
        assertArrayEquals(new long[] {0, 1280}, Npy.read(empty).shape());
    }

    @Test
    void abortAndCloseWithoutCommitLeaveNothing() {
        Path target = dir.resolve("a.npy");
        try (NpyRowWriter w = NpyRowWriter.create(target, NpyDtype.FLOAT32, 2)) {
            w.appendFloats(new float[] {1, 2}, 0, 1);
        }
        assertEquals(List.of(), listing());
        NpyRowWriter w = NpyRowWriter.create(target, NpyDtype.FLOAT32, 2);
        w.appendFloats(new float[] {1, 2}, 0, 1);
        w.abort();
        w.abort();
        assertEquals(List.of(), listing());
    }

    @Test
    void rewritingReplacesAtomically() {
        Path target = dir.resolve("r.npy");
        Npy.write(target, new int[] {1, 2, 3});
        Npy.write(target, new int[] {4});
        assertArrayEquals(new int[] {4}, Npy.read(target).toIntArray());
        assertEquals(List.of(target), listing());
    }

    @Test
    void unwritableFolderGivesActionableError() throws IOException {
        Path ro = dir.resolve("ro");
        Files.createDirectory(ro);
        assertTrue(ro.toFile().setWritable(false));
        try {
            org.junit.jupiter.api.Assumptions.assumeFalse(
                    Files.isWritable(ro), "running as a user who ignores permissions");
            Fer4jException e = assertThrows(Fer4jException.class, () -> Npy.write(ro.resolve("x.npy"), new int[] {1}));
            assertTrue(e.getMessage().contains("x.npy") && e.getMessage().contains("permission"), e.getMessage());
        } finally {
            ro.toFile().setWritable(true);
        }
    }

    @Test
    void numpyReadsWhatWeWrite() throws Exception {
        Npy.write(dir.resolve("i32.npy"), new int[] {1, -2, 3, 4, 5, 6}, 3, 2);
        Npy.writeFloat32(dir.resolve("f32.npy"), new float[] {0.5f, -1e-30f, 3e38f, 7f});
        Npy.writeFloat16(dir.resolve("f16.npy"), new float[] {0.1f, 65519f, 65520f, 1e-8f, 3e-8f, -0f}, 2, 3);
        Npy.writeScalarFloat32(dir.resolve("s.npy"), -4.5f);
        try (NpyRowWriter w = NpyRowWriter.create(dir.resolve("rows.npy"), NpyDtype.FLOAT16, 2, 2)) {
            w.appendFloats(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 0, 2);
            w.appendFloats(new float[] {9, 10, 11, 12}, 0, 1);
            w.commit();
        }
        String out = PythonNumpy.run(dir, """
                import numpy as np
                a = np.load('i32.npy'); assert a.dtype == np.int32 and a.shape == (3, 2), a
                assert a.tolist() == [[1, -2], [3, 4], [5, 6]]
                b = np.load('f32.npy', mmap_mode='r'); assert b.dtype == np.float32
                assert (b == np.array([0.5, -1e-30, 3e38, 7], dtype=np.float32)).all()
                c = np.load('f16.npy'); assert c.dtype == np.float16 and c.shape == (2, 3)
                want = np.array([0.1, 65519, 65520, 1e-8, 3e-8, -0.0], dtype=np.float32).astype(np.float16).reshape(2, 3)
                assert (c.view(np.uint16) == want.view(np.uint16)).all(), (c, want)
                s = np.load('s.npy'); assert s.shape == () and s == np.float32(-4.5)
                r = np.load('rows.npy'); assert r.shape == (3, 2, 2) and r.dtype == np.float16
                assert r.ravel().tolist() == list(range(1, 13))
                print('numpy ok')
                """);
        assertTrue(out.contains("numpy ok"), out);
    }

    /** Float16.fromFloat against numpy on every midpoint between adjacent halves (and its neighbours) plus random floats. */
    @Test
    void narrowingMatchesNumpyExhaustivelyAtEveryTie() throws Exception {
        int n = 0;
        float[] in = new float[4 * 65536 + 200_000];
        for (int h = 0; h < 0x7c00; h++) {
            float lo = Float16.toFloat((short) h);
            float hi = Float16.toFloat((short) (h + 1));
            float mid = (float) (((double) lo + hi) / 2);
            in[n++] = mid;
            in[n++] = Math.nextDown(mid);
            in[n++] = Math.nextUp(mid);
            in[n++] = -mid;
        }
        Random rnd = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            in[n++] = Float.intBitsToFloat(rnd.nextInt());
        }
        float[] inputs = java.util.Arrays.copyOf(in, n);
        Npy.writeFloat32(dir.resolve("in.npy"), inputs);
        PythonNumpy.run(dir, """
                import numpy as np
                with np.errstate(all='ignore'):
                    np.save('out.npy', np.load('in.npy').astype(np.float16))
                """);
        NpyArray numpy = Npy.read(dir.resolve("out.npy"));
        for (int i = 0; i < n; i++) {
            int want = Float.floatToRawIntBits(numpy.getFloat(i));
            int got = Float.floatToRawIntBits(Float16.toFloat(Float16.fromFloat(inputs[i])));
            if (want != got) {
                throw new AssertionError(
                        "input 0x" + Integer.toHexString(Float.floatToRawIntBits(inputs[i])) + " (" + inputs[i]
                                + "): numpy 0x" + Integer.toHexString(want) + ", ours 0x" + Integer.toHexString(got));
            }
        }
    }

    private List<Path> listing() {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().equals("ro"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
