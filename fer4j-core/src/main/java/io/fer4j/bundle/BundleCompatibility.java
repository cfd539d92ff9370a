package io.fer4j.bundle;

import io.fer4j.error.Fer4jException;
import io.fer4j.store.StoredVideo;

import java.nio.file.Path;

/** Checks that a bundle applies to a store's features (same backbone, same widths), in one sentence when not. */
public final class BundleCompatibility {
    private BundleCompatibility() {
    }

    /**
     * @throws Fer4jException naming the bundle and the store when {@code video} comes from another backbone (name, or
     *                        sha256 where both are recorded), another embedding or logits width, or audio of another
     *                        width than the bundle's audio head
     */
    public static void require(Path bundleFile, Bundle bundle, Path storeDir, StoredVideo video) {
        BackboneInfo b = bundle.backbone();
        String name = video.meta().backbone();
        String sha = video.meta().backboneSha256();
        boolean shaDiffers = !b.sha256().isEmpty() && !sha.isEmpty() && !b.sha256().equalsIgnoreCase(sha);
        if (!b.name().equals(name) || shaDiffers || b.embeddingDim() != video.embeddingDim()
                || b.logitsDim() != video.logitsDim()) {
            throw new Fer4jException(bundleFile, "this bundle was trained on features of backbone " + b.name()
                    + " (sha256 " + shortSha(b.sha256()) + ", embedding width " + b.embeddingDim() + ", "
                    + b.logitsDim() + " logits) but store " + storeDir + " holds features of " + name + " (sha256 "
                    + shortSha(sha) + ", embedding width " + video.embeddingDim() + ", " + video.logitsDim()
                    + " logits; video " + video.id() + "), so use a store extracted with " + b.name()
                    + " or train a bundle on this store.");
        }
        if (bundle.audioHead() != null && video.hasAudio() && video.audioDim() != bundle.audioDim()) {
            throw new Fer4jException(bundleFile, "this bundle's audio head takes audio rows of width "
                    + bundle.audioDim() + " but store " + storeDir + " holds audio rows of width " + video.audioDim()
                    + " (video " + video.id() + "), so extract the audio with the model the bundle was trained on.");
        }
    }

    private static String shortSha(String sha) {
        return sha.isEmpty() ? "unknown" : sha.length() > 12 ? sha.substring(0, 12) + "…" : sha;
    }
}
