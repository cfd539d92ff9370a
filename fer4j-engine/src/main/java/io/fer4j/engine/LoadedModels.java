package io.fer4j.engine;

import io.fer4j.audio.AudioEmbedder;
import io.fer4j.bundle.Bundle;
import io.fer4j.label.AbawClass;
import io.fer4j.label.ClassSpace;
import io.fer4j.postprocess.PostProcessingConfig;
import io.fer4j.va.VaBundle;
import io.fer4j.vision.detect.FaceDetector;
import io.fer4j.vision.extract.BackboneEmbedder;
import io.fer4j.vision.extract.ThreadBudget;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * The models one {@link Engine} loaded ({@link ModelLoading}) and applies to every video: the backbone session, the
 * face detector (none when every input is a face-image folder), the bundle (none: backbone-only mode), the audio
 * embedder for bundles with an audio head, and the post-processing parameters applied. Closing releases the native
 * sessions.
 *
 * @param backboneFile     the backbone's ONNX file
 * @param detectors        the face detector, or null when every input is a face-image folder
 * @param detectorName     the detector as recorded (registry name, file name, haar, custom, or none)
 * @param detectorFile     the detector's file, or null (Haar, custom, none)
 * @param bundle           the bundle, or null in backbone-only mode
 * @param bundleFile       its file, or null
 * @param audio            the audio embedder, or null when audio is not used
 * @param config           δ, p0, w applied (the bundle's or backbone-only defaults, with the overrides)
 * @param backboneFallback why the embedded backbone runs instead of the default one, or null
 * @param threadBudget     how the cores asked for are shared between decoding/detection and the backbone
 * @param va               the bundle's valence-arousal part, or null (no VA bundle; a multi-task backbone's own
 *                         valence/arousal are then used, if it has them)
 * @param descriptorFile   the face descriptor ({@code faceapi_descriptor}) in people mode, else null
 */
public record LoadedModels(
        BackboneEmbedder embedder,
        Path backboneFile,
        FaceDetector.Factory detectors,
        String detectorName,
        Path detectorFile,
        Bundle bundle,
        Path bundleFile,
        AudioEmbedder audio,
        PostProcessingConfig config,
        String backboneFallback,
        ThreadBudget threadBudget,
        VaBundle va,
        Path descriptorFile)
        implements AutoCloseable {
    /** The detector name in the provenance when none was loaded (every input a face-image folder). */
    public static final String NO_DETECTOR = "none";

    /**
     * People mode's tracking for the extraction pipeline (each decode thread opens its own descriptor session on one
     * core and closes it), or null in main-person mode.
     */
    public io.fer4j.vision.people.PeopleTracking peopleTracking(int maxPeople) {
        if (descriptorFile == null) {
            return null;
        }
        Path file = descriptorFile;
        return new io.fer4j.vision.people.PeopleTracking(
                maxPeople, () -> io.fer4j.vision.people.FaceDescriptor.open(file, 1));
    }

    public ClassSpace classSpace() {
        return embedder.backbone().spec().classSpace();
    }

    /** Why the embedded backbone runs instead of {@link EngineSpec#DEFAULT_BACKBONE}, or empty. */
    public Optional<String> fallbackReason() {
        return Optional.ofNullable(backboneFallback);
    }

    public boolean backboneOnly() {
        return bundle == null;
    }

    public String mode() {
        return bundle == null ? "backbone-only" : "bundle";
    }

    /** The prior for frames with nothing to go on: the head's training frequencies, uniform without a bundle. */
    public float[] prior() {
        if (bundle != null) {
            return bundle.priorHead().priorProbabilities();
        }
        float[] u = new float[AbawClass.COUNT];
        Arrays.fill(u, 1f / AbawClass.COUNT);
        return u;
    }

    @Override
    public void close() {
        embedder.close();
        if (audio != null) {
            audio.close();
        }
    }
}
