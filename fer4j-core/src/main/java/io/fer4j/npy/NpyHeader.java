package io.fer4j.npy;

import io.fer4j.error.Fer4jException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parsed header of a {@code .npy} file (format versions 1.0, 2.0 and 3.0): element type, shape and where the
 * data starts. Only little-endian C-order arrays of {@link NpyDtype} types are accepted; anything else is rejected
 * with the file and the byte offset.
 *
 * @param dtype      element type
 * @param shape      dimensions (empty for a 0-d scalar)
 * @param version    major format version (1, 2 or 3)
 * @param dataOffset byte offset of the first element
 */
public record NpyHeader(NpyDtype dtype, long[] shape, int version, long dataOffset) {
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    public NpyHeader {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of elements (1 for a 0-d array). */
    public long size() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** Bytes of element data the file must hold after the header. */
    public long dataBytes() {
        return size() * dtype.itemBytes();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NpyHeader h
                && h.dtype == dtype
                && Arrays.equals(h.shape, shape)
                && h.version == version
                && h.dataOffset == dataOffset;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + dtype.hashCode() + 7 * version + Long.hashCode(dataOffset);
    }

    @Override
    public String toString() {
        return "NpyHeader[" + dtype.descr() + ", shape=" + Arrays.toString(shape) + ", v" + version + "]";
    }

    /**
     * Parses the header at the start of {@code prefix} (which holds at least the first 12 bytes of the file, or the
     * whole file when shorter) given the file's total size; {@code readMore} supplies the dictionary bytes.
     */
    static NpyHeader parse(Path file, ByteBuffer prefix, long fileSize, HeaderBytes readMore)
            throws java.io.IOException {
        Preamble pre = Preamble.read(file, prefix.duplicate().order(ByteOrder.LITTLE_ENDIAN), fileSize);
        int lengthEnd = pre.lengthEnd();
        byte[] dictBytes = readMore.read(lengthEnd, (int) pre.headerLength());
        String text = new String(dictBytes, pre.major() == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Map<String, Object> dict = new DictParser(file, text, lengthEnd).parse();
        if (dict.get("descr") == null
                || dict.get("fortran_order") == null
                || dict.get("shape") == null
                || dict.size() != 3) {
            throw new Fer4jException(
                    file,
                    "malformed .npy header at byte offset " + lengthEnd
                            + ": expected exactly the keys 'descr', 'fortran_order', 'shape', got " + dict.keySet());
        }
        NpyDtype dtype = dtype(file, dict.get("descr"), lengthEnd);
        long[] shape = cOrderShape(file, dict.get("fortran_order"), dict.get("shape"), lengthEnd);
        checkSize(file, shape, dtype);
        NpyHeader header = new NpyHeader(dtype, shape, pre.major(), pre.dataOffset());
        checkFileLength(file, header, fileSize);
        return header;
    }

    /** The fixed start of the file: magic, version, and where the header dictionary starts and ends. */
    private record Preamble(int major, long headerLength, int lengthEnd) {
        long dataOffset() {
            return lengthEnd + headerLength;
        }

        static Preamble read(Path file, ByteBuffer prefix, long fileSize) {
            if (fileSize < 10) {
                throw new Fer4jException(
                        file,
                        "not a .npy file: only " + fileSize
                                + " bytes, shorter than the 10-byte preamble (truncated?); re-create it with numpy.save");
            }
            for (int i = 0; i < MAGIC.length; i++) {
                if (prefix.get(i) != MAGIC[i]) {
                    throw new Fer4jException(
                            file,
                            "not a .npy file: the magic string \\x93NUMPY is missing at byte offset " + i
                                    + "; re-create it with numpy.save");
                }
            }
            int major = prefix.get(6) & 0xff;
            int minor = prefix.get(7) & 0xff;
            Preamble pre;
            if (major == 1) {
                pre = new Preamble(major, prefix.getShort(8) & 0xffff, 10);
            } else if (major == 2 || major == 3) {
                if (fileSize < 12) {
                    throw new Fer4jException(
                            file,
                            "truncated .npy header at byte offset " + fileSize + ": the version " + major
                                    + " header length needs 12 bytes");
                }
                pre = new Preamble(major, prefix.getInt(8) & 0xffffffffL, 12);
            } else {
                throw new Fer4jException(
                        file,
                        "unsupported .npy format version " + major + "." + minor
                                + " at byte offset 6 (fer4j reads versions 1, 2 and 3); re-save it with numpy.save");
            }
            if (pre.dataOffset() > fileSize) {
                throw new Fer4jException(
                        file,
                        "truncated .npy header: it claims " + pre.headerLength() + " bytes from offset "
                                + pre.lengthEnd() + " but the file ends at byte offset " + fileSize);
            }
            if (pre.headerLength() > 1 << 20) {
                throw new Fer4jException(
                        file, "implausible .npy header length " + pre.headerLength() + " at byte offset 8");
            }
            return pre;
        }
    }

    /** 'descr': a little-endian {@link NpyDtype}. */
    private static NpyDtype dtype(Path file, Object descr, int lengthEnd) {
        if (!(descr instanceof String d)) {
            throw new Fer4jException(
                    file,
                    "unsupported .npy dtype " + descr
                            + " (structured arrays are not supported); fer4j reads int32, int64, float16, float32, float64");
        }
        if (d.startsWith(">")) {
            throw new Fer4jException(
                    file,
                    "big-endian data (dtype '" + d + "', header at byte offset " + lengthEnd
                            + ") is not supported: convert it with numpy.save(path, arr.astype(arr.dtype.newbyteorder('<')))");
        }
        NpyDtype dtype = NpyDtype.ofDescr(d);
        if (dtype == null) {
            throw new Fer4jException(
                    file,
                    "unsupported .npy dtype '" + d + "' (header at byte offset " + lengthEnd
                            + "); fer4j reads int32, int64, float16, float32 and float64 (little endian)");
        }
        return dtype;
    }

    /** 'shape' as a tuple of integers, of a C-order array ('fortran_order' False, or an array of at most 1 dim). */
    private static long[] cOrderShape(Path file, Object fortran, Object shapeValue, int lengthEnd) {
        if (!(fortran instanceof Boolean fortranOrder)) {
            throw new Fer4jException(
                    file,
                    "malformed .npy header at byte offset " + lengthEnd
                            + ": 'fortran_order' must be True or False, got " + fortran);
        }
        if (!(shapeValue instanceof long[] shape)) {
            throw new Fer4jException(
                    file,
                    "malformed .npy header at byte offset " + lengthEnd + ": 'shape' must be a tuple of integers, got "
                            + shapeValue);
        }
        if (fortranOrder && shape.length > 1) {
            throw new Fer4jException(
                    file,
                    "Fortran-order array (fortran_order: True, header at byte offset " + lengthEnd
                            + ") is not supported: save a C-order copy with numpy.save(path, numpy.ascontiguousarray(arr))");
        }
        return shape;
    }

    /** No negative dimension, and the element and byte counts fit a long. */
    private static void checkSize(Path file, long[] shape, NpyDtype dtype) {
        long size = 1;
        for (long dim : shape) {
            if (dim < 0) {
                throw new Fer4jException(file, "malformed .npy header: negative dimension " + dim + " in shape");
            }
            try {
                size = Math.multiplyExact(size, dim);
                Math.multiplyExact(size, (long) dtype.itemBytes());
            } catch (ArithmeticException e) {
                throw new Fer4jException(
                        file, "malformed .npy header: shape " + Arrays.toString(shape) + " is too large");
            }
        }
    }

    /** The file holds exactly the array's bytes after the header: neither fewer (truncated) nor more. */
    private static void checkFileLength(Path file, NpyHeader header, long fileSize) {
        long[] shape = header.shape;
        NpyDtype dtype = header.dtype;
        long expected = header.dataOffset + header.dataBytes();
        if (fileSize < expected) {
            throw new Fer4jException(
                    file,
                    "truncated .npy file: shape " + Arrays.toString(shape) + " of " + dtype.descr()
                            + " needs " + expected + " bytes but the file ends at byte offset " + fileSize
                            + " (an interrupted write?); re-create it");
        }
        if (fileSize > expected) {
            throw new Fer4jException(
                    file,
                    "unexpected data after the array: shape " + Arrays.toString(shape) + " of "
                            + dtype.descr() + " ends at byte offset " + expected + " but the file has " + fileSize
                            + " bytes; re-create it");
        }
    }

    /** Reads header bytes from the file. */
    @FunctionalInterface
    interface HeaderBytes {
        byte[] read(long offset, int length) throws java.io.IOException;
    }

    /**
     * The header dictionary as numpy writes it, e.g. {@code {'descr': '<f4', 'fortran_order': False, 'shape': (3,), }}
     * padded with spaces and ending with a newline, sized so the data starts at a multiple of 64 bytes. Version 1
     * unless the dictionary needs more than 65,535 bytes.
     *
     * @param minTotalBytes the data offset is at least this (used to reserve room for a later, longer shape)
     */
    static byte[] format(NpyDtype dtype, long[] shape, int minTotalBytes) {
        StringBuilder dict = new StringBuilder();
        dict.append("{'descr': '").append(dtype.descr()).append("', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                dict.append(", ");
            }
            dict.append(shape[i]);
        }
        if (shape.length == 1) {
            dict.append(',');
        }
        dict.append("), }");
        int version = dict.length() + 1 + 10 > 65535 ? 2 : 1;
        int preamble = version == 1 ? 10 : 12;
        int total = preamble + dict.length() + 1;
        total = Math.max(total, minTotalBytes);
        total = (total + 63) / 64 * 64;
        int headerLength = total - preamble;
        while (dict.length() < headerLength - 1) {
            dict.append(' ');
        }
        dict.append('\n');
        ByteBuffer out = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) version).put((byte) 0);
        if (version == 1) {
            out.putShort((short) headerLength);
        } else {
            out.putInt(headerLength);
        }
        out.put(dict.toString().getBytes(StandardCharsets.ISO_8859_1));
        return out.array();
    }

    /** A tiny parser for the Python literal numpy writes: a dict of strings, booleans and integer tuples. */
    private static final class DictParser {
        private final Path file;
        private final String s;
        private final long base;
        private int i;

        DictParser(Path file, String s, long base) {
            this.file = file;
            this.s = s;
            this.base = base;
        }

        Map<String, Object> parse() {
            Map<String, Object> out = new LinkedHashMap<>();
            skipSpace();
            expect('{');
            while (true) {
                skipSpace();
                if (peek() == '}') {
                    i++;
                    break;
                }
                String key = string();
                skipSpace();
                expect(':');
                skipSpace();
                Object value = value();
                if (out.put(key, value) != null) {
                    throw error("duplicate key '" + key + "'");
                }
                skipSpace();
                if (peek() == ',') {
                    i++;
                } else if (peek() != '}') {
                    throw error("expected ',' or '}'");
                }
            }
            skipSpace();
            if (i != s.length()) {
                throw error("unexpected text after the header dictionary");
            }
            return out;
        }

        private Object value() {
            char c = peek();
            if (c == '\'' || c == '"') {
                return string();
            }
            if (c == '(') {
                return tuple();
            }
            if (s.startsWith("True", i)) {
                i += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("False", i)) {
                i += 5;
                return Boolean.FALSE;
            }
            if (c == '[') {
                // structured dtype: a list of fields; report it as unsupported rather than malformed
                int depth = 0;
                int start = i;
                do {
                    char ch = peek();
                    if (ch == '[') depth++;
                    if (ch == ']') depth--;
                    i++;
                } while (depth > 0 && i < s.length());
                return java.util.List.of(s.substring(start, i));
            }
            throw error("unexpected value");
        }

        private long[] tuple() {
            expect('(');
            java.util.List<Long> dims = new java.util.ArrayList<>();
            while (true) {
                skipSpace();
                if (peek() == ')') {
                    i++;
                    break;
                }
                int start = i;
                while (i < s.length() && Character.isDigit(s.charAt(i))) {
                    i++;
                }
                if (start == i) {
                    throw error("expected a non-negative integer in the shape");
                }
                try {
                    dims.add(Long.parseLong(s.substring(start, i)));
                } catch (NumberFormatException e) {
                    throw error("shape dimension too large");
                }
                if (i < s.length() && s.charAt(i) == 'L') {
                    i++; // Python 2 long literal
                }
                skipSpace();
                if (peek() == ',') {
                    i++;
                } else if (peek() != ')') {
                    throw error("expected ',' or ')' in the shape");
                }
            }
            return dims.stream().mapToLong(Long::longValue).toArray();
        }

        private String string() {
            char quote = peek();
            if (quote != '\'' && quote != '"') {
                throw error("expected a quoted string");
            }
            int end = s.indexOf(quote, i + 1);
            if (end < 0) {
                throw error("unterminated string");
            }
            String v = s.substring(i + 1, end);
            i = end + 1;
            return v;
        }

        private void skipSpace() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private char peek() {
            if (i >= s.length()) {
                throw error("unexpected end of the header");
            }
            return s.charAt(i);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            i++;
        }

        private Fer4jException error(String what) {
            return new Fer4jException(
                    file,
                    "malformed .npy header at byte offset " + (base + i) + ": " + what + " in " + abbreviate(s.strip())
                            + "; re-create the file with numpy.save");
        }

        private static String abbreviate(String text) {
            return text.length() <= 120 ? text : text.substring(0, 117) + "...";
        }
    }
}
