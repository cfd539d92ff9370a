package io.fer4j.va;

import io.fer4j.metrics.Concordance;

/** Valence and arousal agreement pooled over every annotated frame of every video. */
public record VaScore(Concordance valence, Concordance arousal) {
    public static final VaScore EMPTY = new VaScore(Concordance.EMPTY, Concordance.EMPTY);

    /** The frames of one video's F×2 {@code predicted} against its annotation. */
    public static VaScore of(float[] predicted, VaScoredVideo v) {
        int f = v.annotated().length;
        return new VaScore(
                Concordance.of(predicted, 0, 2, v.truth(), 0, 2, f, v.annotated()),
                Concordance.of(predicted, 1, 2, v.truth(), 1, 2, f, v.annotated()));
    }

    public VaScore plus(VaScore o) {
        return new VaScore(valence.plus(o.valence), arousal.plus(o.arousal));
    }

    /** (CCC valence + CCC arousal) / 2, the ABAW VA score. */
    public double cccMean() {
        return (valence.ccc() + arousal.ccc()) / 2;
    }

    public long frameCount() {
        return valence.count();
    }
}
