package io.fer4j.bundle;

import java.util.Locale;

/** Which features a bundle predicts from (CONTRACTS §5, §7): the face embeddings, the audio rows, or both fused. */
public enum Modality {
    VISUAL,
    AUDIO,
    BOTH;

    /** Name on the command line and in bundle files: {@code visual}, {@code audio}, {@code both}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean usesVisual() {
        return this != AUDIO;
    }

    public boolean usesAudio() {
        return this != VISUAL;
    }

    public static Modality parse(String s) {
        for (Modality m : values()) {
            if (m.cliName().equals(s)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown modality '" + s + "'; use visual, audio or both");
    }
}
