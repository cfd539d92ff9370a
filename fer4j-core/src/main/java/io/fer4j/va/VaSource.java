package io.fer4j.va;

import java.util.Locale;

/** Where a VA bundle's visual valence/arousal come from. */
public enum VaSource {
    /** The trained VA head over the backbone embeddings (optionally fused with the audio VA head). */
    HEAD,
    /** A multi-task backbone's own outputs (logits columns 8 and 9, 0-based), filled and smoothed. */
    BACKBONE;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static VaSource parse(String s) {
        for (VaSource v : values()) {
            if (v.cliName().equals(s)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown VA source '" + s + "'; use head or backbone");
    }
}
