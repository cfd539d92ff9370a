package io.fer4j.npy;

/**
 * The element types fer4j reads and writes in {@code .npy} files, always little endian. INT64 and FLOAT64 are read
 * only (numpy's defaults for {@code np.array([1, 2])} and {@code np.array([0.5])}), so files saved without an
 * explicit dtype still load.
 */
public enum NpyDtype {
    INT32("<i4", 4, true),
    INT64("<i8", 8, false),
    FLOAT16("<f2", 2, true),
    FLOAT32("<f4", 4, true),
    FLOAT64("<f8", 8, false);

    private final String descr;
    private final int itemBytes;
    private final boolean writable;

    NpyDtype(String descr, int itemBytes, boolean writable) {
        this.descr = descr;
        this.itemBytes = itemBytes;
        this.writable = writable;
    }

    /** numpy's dtype string, e.g. {@code <f2}. */
    public String descr() {
        return descr;
    }

    /** Bytes per element. */
    public int itemBytes() {
        return itemBytes;
    }

    /** Whether fer4j writes this type (INT64 and FLOAT64 are accepted on read only). */
    public boolean writable() {
        return writable;
    }

    public boolean isFloatingPoint() {
        return this == FLOAT16 || this == FLOAT32 || this == FLOAT64;
    }

    /** The dtype with this little-endian descr ({@code <f4}; {@code =} and {@code |} prefixes too), or null. */
    static NpyDtype ofDescr(String descr) {
        if (descr.length() < 2) {
            return null;
        }
        char order = descr.charAt(0);
        if (order != '<' && order != '=' && order != '|') {
            return null;
        }
        String rest = descr.substring(1);
        for (NpyDtype t : values()) {
            if (t.descr.substring(1).equals(rest)) {
                return t;
            }
        }
        return null;
    }
}
