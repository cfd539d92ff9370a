package io.fer4j.bundle;

import io.fer4j.error.Fer4jException;
import io.fer4j.store.StoredVideo;
import java.nio.file.Path;

/**
 * The one rule for whether a bundle applies to features (a store's, a backbone's, or one video's in memory), in one
 * sentence when not. Same backbone: the same sha256 where both sides record one, else the same name; and the same
 * embedding and logits widths. Audio rows must have the width of the bundle's audio head.
 */
public final class BundleCompatibility {
    private BundleCompatibility() {}

    /**
     * Refuses a store video of another backbone than the bundle's.
     *
     * @throws Fer4jException naming the bundle and the store when {@code video} comes from another backbone, another
     *                        embedding or logits width, or audio of another width than the bundle's audio head
     */
    public static void require(Path bundleFile, Bundle bundle, Path storeDir, StoredVideo video) {
        require(bundleFile, bundle.backbone(), bundle.audioHead() == null ? 0 : bundle.audioDim(), storeDir, video);
    }

    /**
     * {@link #require(Path, Bundle, Path, StoredVideo)} for any bundle part (the expression heads, the
     * valence-arousal heads) trained on {@code backbone}, with an audio head of input width {@code audioDim}
     * (0: none).
     */
    public static void require(Path bundleFile, BackboneInfo backbone, int audioDim, Path storeDir, StoredVideo video) {
        String name = video.meta().backbone();
        String sha = video.meta().backboneSha256();
        if (!fits(backbone, name, sha, video.embeddingDim(), video.logitsDim())) {
            throw new Fer4jException(
                    bundleFile,
                    trainedOn(backbone) + " but store " + storeDir
                            + " holds features of " + features(name, sha, video.embeddingDim(), video.logitsDim())
                            + " (video " + video.id() + "), so pass --store with a store extracted with "
                            + backbone.name() + " or train a bundle on this store.");
        }
        if (audioDim > 0 && video.hasAudio() && video.audioDim() != audioDim) {
            throw new Fer4jException(
                    bundleFile,
                    audioMismatch(audioDim, video.audioDim()) + " in store " + storeDir + " (video " + video.id()
                            + "), so extract the audio with the model the bundle was trained on.");
        }
    }

    /**
     * Refuses a backbone model other than the bundle's, before any video is read.
     *
     * @param sha256 the model file's sha256, or empty/null when unknown
     * @throws Fer4jException naming the bundle and saying to pass {@code --backbone} with the bundle's backbone
     */
    public static void requireBackbone(
            Path bundleFile,
            Bundle bundle,
            Path backboneFile,
            String name,
            String sha256,
            int embeddingDim,
            int logitsDim) {
        requireBackbone(bundleFile, bundle.backbone(), backboneFile, name, sha256, embeddingDim, logitsDim);
    }

    /** As {@link #requireBackbone(Path, Bundle, Path, String, String, int, int)} for any task's backbone record. */
    public static void requireBackbone(
            Path bundleFile,
            BackboneInfo trainedOn,
            Path backboneFile,
            String name,
            String sha256,
            int embeddingDim,
            int logitsDim) {
        String sha = sha256 == null ? "" : sha256;
        if (!fits(trainedOn, name, sha, embeddingDim, logitsDim)) {
            throw new Fer4jException(
                    bundleFile,
                    trainedOn(trainedOn) + " but the backbone given ("
                            + backboneFile + ") is " + features(name, sha, embeddingDim, logitsDim)
                            + "; pass --backbone "
                            + "with the bundle's backbone, or train a bundle on features of this one.");
        }
    }

    /**
     * Refuses a named backbone whose sha256 is known before it is loaded (a pinned registry model, a file) when the
     * bundle records another sha256: checked when a pipeline specification is built.
     *
     * @throws Fer4jException naming the bundle and saying to pass {@code --backbone} with the bundle's backbone
     */
    public static void requireNamedBackbone(Path bundleFile, Bundle bundle, String backbone, String sha256) {
        requireNamedBackbone(bundleFile, bundle.backbone(), backbone, sha256);
    }

    /** As {@link #requireNamedBackbone(Path, Bundle, String, String)} for any task's backbone record. */
    public static void requireNamedBackbone(Path bundleFile, BackboneInfo b, String backbone, String sha256) {
        if (!b.sha256().isEmpty()
                && sha256 != null
                && !sha256.isEmpty()
                && !b.sha256().equalsIgnoreCase(sha256)) {
            throw new Fer4jException(
                    bundleFile,
                    trainedOn(b) + " but --backbone " + backbone + " is another model "
                            + "(sha256 " + shortSha(sha256)
                            + "); pass --backbone with the bundle's backbone (or leave it out "
                            + "to use the bundle's), or train a bundle on features of this one.");
        }
    }

    /**
     * Refuses one in-memory video whose rows do not have the bundle's widths (the backbone's name and sha256 are not
     * part of {@link VideoFeatures}; their check is {@link #require} or {@link #requireBackbone}).
     *
     * @throws IllegalArgumentException naming the video when its visual rows (if the bundle uses them and the video
     *                                  has any) or audio rows (if the bundle uses audio) have other widths
     */
    public static void requireWidths(Bundle bundle, VideoFeatures v) {
        BackboneInfo b = bundle.backbone();
        if (bundle.modality().usesVisual() && v.rowCount() > 0 && !widthsFit(b, v.embeddingDim(), v.logitsDim())) {
            throw new IllegalArgumentException(trainedOn(b) + " but video " + v.id() + " has rows of embedding width "
                    + v.embeddingDim() + ", " + v.logitsDim() + " logits; use features of that backbone.");
        }
        if (bundle.modality().usesAudio() && v.hasAudio() && v.audioDim() != bundle.audioDim()) {
            throw new IllegalArgumentException(audioMismatch(bundle.audioDim(), v.audioDim()) + " (video " + v.id()
                    + "); use the same audio model.");
        }
    }

    /** The rule: same sha256 where both are recorded, else the same name; and the same widths. */
    static boolean fits(BackboneInfo b, String name, String sha256, int embeddingDim, int logitsDim) {
        boolean sameModel = !b.sha256().isEmpty() && !sha256.isEmpty()
                ? b.sha256().equalsIgnoreCase(sha256)
                : b.name().equals(name);
        return sameModel && widthsFit(b, embeddingDim, logitsDim);
    }

    private static boolean widthsFit(BackboneInfo b, int embeddingDim, int logitsDim) {
        return b.embeddingDim() == embeddingDim && b.logitsDim() == logitsDim;
    }

    private static String trainedOn(BackboneInfo b) {
        return "this bundle was trained on features of backbone "
                + features(b.name(), b.sha256(), b.embeddingDim(), b.logitsDim());
    }

    private static String features(String name, String sha256, int embeddingDim, int logitsDim) {
        return name + " (sha256 " + shortSha(sha256) + ", embedding width " + embeddingDim + ", " + logitsDim
                + " logits)";
    }

    private static String audioMismatch(int bundleAudioDim, int audioDim) {
        return "this bundle's audio head takes audio rows of width " + bundleAudioDim + " but the audio rows have"
                + " width " + audioDim;
    }

    private static String shortSha(String sha) {
        return sha == null || sha.isEmpty() ? "unknown" : sha.length() > 12 ? sha.substring(0, 12) + "…" : sha;
    }
}
