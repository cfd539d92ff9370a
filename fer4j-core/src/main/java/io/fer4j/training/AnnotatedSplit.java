package io.fer4j.training;

import io.fer4j.annotation.ExprAnnotation;
import io.fer4j.annotation.ExprAnnotations;
import io.fer4j.bundle.SplitSummary;
import io.fer4j.error.Fer4jException;
import io.fer4j.label.AbawClass;
import io.fer4j.store.AtomicFiles;
import io.fer4j.store.FeatureStore;
import io.fer4j.store.Sha256;
import io.fer4j.store.StoredVideo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * An annotated split ({@code <annotations>/Train_Set} or {@code Validation_Set}) matched to a feature store under an
 * {@link AlignmentPolicy}. Every used video is opened and scanned for NaN/Inf once ({@link StoredVideo#validate()}),
 * so training and evaluation never consume a non-finite feature.
 */
public final class AnnotatedSplit {
    private final String split;
    private final List<AnnotatedVideo> videos;
    private final List<String> missing;
    private final String annotationsSha256;
    private final long rowsBeyond;
    private final int mismatches;

    private AnnotatedSplit(
            String split,
            List<AnnotatedVideo> videos,
            List<String> missing,
            String sha,
            long rowsBeyond,
            int mismatches) {
        this.split = split;
        this.videos = List.copyOf(videos);
        this.missing = List.copyOf(missing);
        this.annotationsSha256 = sha;
        this.rowsBeyond = rowsBeyond;
        this.mismatches = mismatches;
    }

    /**
     * Matches every annotation file of {@code annotationsRoot/split} to the store. Annotated videos missing from the
     * store (or incomplete: no meta.json) fail, naming them, unless the policy allows missing videos.
     */
    public static AnnotatedSplit load(FeatureStore store, Path annotationsRoot, String split, AlignmentPolicy policy) {
        return load(store, annotationsRoot, split, policy, ExprAnnotations.readSplit(annotationsRoot, split));
    }

    /**
     * As {@link #load(FeatureStore, Path, String, AlignmentPolicy)} with annotations already read (e.g. the
     * valence-arousal track's presence masks, {@code VaAnnotation.presenceMask()}).
     */
    public static AnnotatedSplit load(
            FeatureStore store,
            Path annotationsRoot,
            String split,
            AlignmentPolicy policy,
            Map<String, ExprAnnotation> annotations) {
        List<AnnotatedVideo> out = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        long beyond = 0;
        int mismatches = 0;
        for (ExprAnnotation a : annotations.values()) {
            if (!store.isComplete(a.videoId())) {
                missing.add(a.videoId());
                continue;
            }
            StoredVideo v = store.video(a.videoId(), true);
            AnnotatedVideo av = AnnotatedVideo.align(
                    a, v, policy, annotationsRoot.resolve(split).resolve(a.videoId() + ".txt"));
            if (a.frameCount() != v.frameCount()) {
                mismatches++;
            }
            beyond += v.rowCount() - av.usableRows();
            out.add(av);
        }
        if (!missing.isEmpty() && !policy.allowMissing()) {
            throw new Fer4jException(
                    store.dir(),
                    missing.size() + " " + split + " video(s) are annotated but missing"
                            + " or incomplete in the store: " + abbreviate(missing) + "; extract them, or pass"
                            + " --allow-missing to skip them");
        }
        if (out.isEmpty()) {
            throw new Fer4jException(
                    store.dir(),
                    "none of the " + annotations.size() + " " + split
                            + " videos is in the store; check --store and --annotations");
        }
        return new AnnotatedSplit(split, out, missing, hashSplit(annotationsRoot.resolve(split)), beyond, mismatches);
    }

    static String abbreviate(List<String> ids) {
        return ids.size() <= 10
                ? String.join(", ", ids)
                : String.join(", ", ids.subList(0, 10)) + " and " + (ids.size() - 10) + " more";
    }

    public String split() {
        return split;
    }

    public List<AnnotatedVideo> videos() {
        return videos;
    }

    public List<String> missingVideos() {
        return missing;
    }

    /** Whether any used video has audio.npy. */
    public boolean anyAudio() {
        return videos.stream().anyMatch(v -> v.video().hasAudio());
    }

    /** Provenance summary of this split. */
    public SplitSummary summary() {
        long faces = 0;
        long labelled = 0;
        long[] perClass = new long[AbawClass.COUNT];
        for (AnnotatedVideo v : videos) {
            faces += v.video().rowCount();
            for (int l : v.annotation().labels()) {
                if (l != AbawClass.IGNORED) {
                    labelled++;
                    perClass[l]++;
                }
            }
        }
        return new SplitSummary(
                split, videos.size(), faces, labelled, perClass, rowsBeyond, mismatches, annotationsSha256, missing);
    }

    /** sha256 over the split's {@code *.txt} files: for each, sorted by name, its name, a NUL byte, its bytes. */
    static String hashSplit(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            MessageDigest md = Sha256.newDigest();
            for (Path f : (Iterable<Path>)
                    files.filter(p -> p.getFileName().toString().endsWith(".txt")
                                    && !p.getFileName().toString().startsWith("."))
                            .sorted()::iterator) {
                md.update(f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(Files.readAllBytes(f));
            }
            return Sha256.hex(md.digest());
        } catch (IOException e) {
            throw AtomicFiles.failure(dir, "read", e);
        }
    }
}
