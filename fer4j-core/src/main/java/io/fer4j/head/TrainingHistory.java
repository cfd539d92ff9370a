package io.fer4j.head;

import java.util.List;

/**
 * Per-epoch record of a training run and the epoch whose weights were kept.
 *
 * @param selectedEpoch 1-based epoch of the returned head
 */
public record TrainingHistory(List<EpochRecord> epochs, int selectedEpoch, EpochSelection selection) {
    public TrainingHistory {
        epochs = List.copyOf(epochs);
    }

    /** The record of the kept epoch. */
    public EpochRecord selected() {
        return epochs.get(selectedEpoch - 1);
    }

    /** 1-based epoch with the best validation accuracy (first on ties); what the reference implementation kept. */
    public int bestAccuracyEpoch() {
        return bestEpoch(EpochSelection.ACCURACY);
    }

    /** 1-based epoch with the best validation macro-F1 (first on ties). */
    public int bestMacroF1Epoch() {
        return bestEpoch(EpochSelection.MACRO_F1);
    }

    private int bestEpoch(EpochSelection by) {
        int best = epochs.size();
        double bestValue = Double.NEGATIVE_INFINITY;
        for (EpochRecord e : epochs) {
            double v = by == EpochSelection.MACRO_F1 ? e.validationMacroF1() : e.validationAccuracy();
            if (v > bestValue) {
                bestValue = v;
                best = e.epoch();
            }
        }
        return best;
    }
}
