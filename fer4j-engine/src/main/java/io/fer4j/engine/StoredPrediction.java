package io.fer4j.engine;

import io.fer4j.bundle.BundlePredictor;
import io.fer4j.bundle.VideoFeatures;
import io.fer4j.postprocess.VideoInputs;
import io.fer4j.postprocess.VideoPostProcessor;
import io.fer4j.postprocess.VideoPrediction;

/**
 * Labels of a stored video (a feature store's, e.g. {@code predict --keep-features}) with a run's models: the store
 * path of {@code evaluate} ({@link BundlePredictor} with the run's δ/p0/w; backbone-only: the pretrained
 * probabilities through the same post-processing). Streaming predict gives the same labels.
 */
public final class StoredPrediction {
    private StoredPrediction() {}

    public static VideoPrediction predict(LoadedModels models, VideoFeatures video) {
        if (models.bundle() != null) {
            return new BundlePredictor(models.bundle(), models.config()).predict(video);
        }
        float[] pretrained = models.classSpace().abawProbabilities(video.logits(), video.rowCount());
        return new VideoPostProcessor(models.config(), models.prior())
                .process(new VideoInputs(
                        video.frameCount(),
                        video.frames(),
                        pretrained,
                        video.rowCount() == 0 ? null : pretrained,
                        null));
    }
}
