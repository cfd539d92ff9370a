package io.fer4j.va;

import java.util.Locale;

/** Training loss of a valence-arousal head. */
public enum VaLoss {
    /** {@code 1 − mean CCC} over the mini-batch (the usual choice for a CCC-scored track). */
    CCC,
    /** Mean squared error. */
    MSE;

    /** Name on the command line and in bundle files: {@code ccc}, {@code mse}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static VaLoss parse(String s) {
        for (VaLoss l : values()) {
            if (l.cliName().equals(s)) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown VA loss '" + s + "'; use ccc or mse");
    }
}
