package io.fer4j.va;

import io.fer4j.head.MlpHead;
import java.util.List;
import java.util.Objects;

/**
 * One trained valence-arousal head of a bundle.
 *
 * @param name          key in the bundle ({@link #VISUAL}, {@link #AUDIO})
 * @param loss          training loss
 * @param head          the MLP, 2 linear outputs (valence, arousal)
 * @param epochs        per-epoch loss and validation CCC
 * @param selectedEpoch 1-based epoch kept (best validation mean CCC)
 */
public record VaHead(String name, VaLoss loss, MlpHead head, List<VaEpochRecord> epochs, int selectedEpoch) {
    public static final String VISUAL = "va-visual";
    public static final String AUDIO = "va-audio";

    public VaHead {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(head, "head");
        if (!VISUAL.equals(name) && !AUDIO.equals(name)) {
            throw new IllegalArgumentException("VA head name must be " + VISUAL + " or " + AUDIO + ", got " + name);
        }
        if (head.classCount() != VaTrainingRows.OUTPUTS) {
            throw new IllegalArgumentException(
                    "VA head " + name + " has " + head.classCount() + " outputs; expected 2 (valence, arousal)");
        }
        epochs = List.copyOf(epochs);
    }
}
