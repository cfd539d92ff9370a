package io.fer4j.training;

import io.fer4j.bundle.Modality;
import io.fer4j.head.HeadLoss;
import io.fer4j.head.HeadTrainingConfig;
import io.fer4j.logitadjustment.LogitAdjustmentEstimators;
import io.fer4j.tuning.PostProcessingGrid;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@code fer4j train} was asked to do.
 *
 * @param store        feature store folder
 * @param annotations  folder holding {@code Train_Set/} and {@code Validation_Set/}
 * @param primaryLoss  loss of the bundle's visual head (both losses are trained unless {@code primaryOnly})
 * @param modality     what the bundle predicts from
 * @param head         head hyperparameters (epochs, seed, lr, batch…); the loss is set per head
 * @param estimator    logit adjustment estimator stored in the bundle ({@code paper}, {@code balanced-ce},
 *                     {@code prior}); all three are compared on validation and the comparison recorded
 * @param grid         δ/p0/w grid
 * @param folds        k of the honest k-fold-by-video estimate (0 = skip it)
 * @param threads      grid-search threads
 * @param alignment    how annotations and store videos are matched
 * @param primaryOnly  train only the heads the bundle predicts with (no ablation heads)
 */
public record TrainingOptions(
        Path store,
        Path annotations,
        HeadLoss primaryLoss,
        Modality modality,
        HeadTrainingConfig head,
        String estimator,
        PostProcessingGrid grid,
        int folds,
        int threads,
        AlignmentPolicy alignment,
        boolean primaryOnly) {
    public TrainingOptions {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(annotations, "annotations");
        Objects.requireNonNull(primaryLoss, "primaryLoss");
        Objects.requireNonNull(modality, "modality");
        Objects.requireNonNull(head, "head");
        Objects.requireNonNull(grid, "grid");
        Objects.requireNonNull(alignment, "alignment");
        LogitAdjustmentEstimators.byName(estimator); // validates the name
        if (folds < 0 || folds == 1) {
            throw new IllegalArgumentException("--folds must be 0 (off) or at least 2, got " + folds);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
    }
}
