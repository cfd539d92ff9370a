package io.fer4j.vision.registry;

import io.fer4j.error.Fer4jException;
import io.fer4j.model.ModelPolicy;
import io.fer4j.store.Sha256;
import io.fer4j.vision.backbone.Backbone;
import io.fer4j.vision.backbone.BackboneOptions;
import io.fer4j.vision.backbone.BackboneSpec;
import io.fer4j.vision.backbone.OnnxGraph;
import io.fer4j.vision.detect.FaceDetector;
import io.fer4j.vision.detect.HaarDetector;
import io.fer4j.vision.detect.YuNetDetector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns {@code --backbone NAME|FILE} and {@code --detector NAME|FILE} into a local file and its spec: registry names go
 * through the cache (downloading on first use when the {@link ModelPolicy} allows it), paths are taken as they are and
 * their spec inferred from the graph. Thread-safe.
 */
public final class ModelResolver {
    /**
     * Metadata key holding the SHA-256 of the float32 model a file was quantized from (written by fer4j-modeltools'
     * QdqQuantizer): such a file gets the registry spec (preprocessing, class space) of that model.
     */
    public static final String QUANTIZED_FROM_SHA256_KEY = "fer4j.quantized_from_sha256";

    private final ModelRegistry registry;
    private final ModelCache cache;
    private final ModelDownloader downloader;
    private final DownloadProgressFactory progress;
    private final ModelPolicy policy;

    /** Creates a progress listener per download (e.g. a {@link ConsoleProgressBar} on stderr). */
    @FunctionalInterface
    public interface DownloadProgressFactory {
        DownloadProgress create(ModelEntry entry);
    }

    /** A resolver that downloads missing registry models ({@link ModelPolicy#DOWNLOAD}). */
    public ModelResolver(
            ModelRegistry registry, ModelCache cache, ModelDownloader downloader, DownloadProgressFactory progress) {
        this(registry, cache, downloader, progress, ModelPolicy.DOWNLOAD);
    }

    private ModelResolver(
            ModelRegistry registry,
            ModelCache cache,
            ModelDownloader downloader,
            DownloadProgressFactory progress,
            ModelPolicy policy) {
        this.registry = registry;
        this.cache = cache;
        this.downloader = downloader;
        this.progress = progress;
        this.policy = policy;
    }

    /** Built-in registry, {@code $FER4J_HOME} cache, downloads allowed, no progress reports. */
    public static ModelResolver defaults() {
        return new ModelResolver(
                ModelRegistry.builtIn(),
                ModelCache.fromEnvironment(),
                ModelDownloader.defaults(),
                e -> DownloadProgress.NONE);
    }

    /** This resolver under another policy: {@link ModelPolicy#OFFLINE} never downloads. */
    public ModelResolver withPolicy(ModelPolicy p) {
        return new ModelResolver(registry, cache, downloader, progress, p);
    }

    /** This resolver reporting each download's progress to {@code factory}'s listener. */
    public ModelResolver withProgress(DownloadProgressFactory factory) {
        return new ModelResolver(registry, cache, downloader, factory, policy);
    }

    /** This resolver over another cache folder. */
    public ModelResolver withCache(ModelCache other) {
        return new ModelResolver(registry, other, downloader, progress, policy);
    }

    public ModelPolicy policy() {
        return policy;
    }

    /** A backbone file with its spec; {@code spec().sha256()} is the file's hash (for store provenance). */
    public record ResolvedBackbone(Path file, BackboneSpec spec, ModelEntry entry) {
        public Optional<ModelEntry> registryEntry() {
            return Optional.ofNullable(entry);
        }

        public Backbone open(BackboneOptions options) {
            return Backbone.open(file, spec, options);
        }
    }

    /**
     * A registry name (fetched into the cache when absent) or a path to an ONNX file. A user file whose SHA-256 equals
     * a registry pin takes that entry's spec; otherwise the spec is inferred from the graph
     * ({@link Backbone.Inspection#inferredSpec}).
     */
    public ResolvedBackbone resolveBackbone(String nameOrPath) {
        Optional<ModelEntry> named = registry.find(nameOrPath);
        if (named.isPresent()) {
            ModelEntry e = named.get();
            if (e.kind() != ModelEntry.Kind.BACKBONE) {
                throw new IllegalArgumentException(
                        "'" + e.name() + "' is a " + e.kind().name().toLowerCase()
                                + ", not a backbone; known backbones: " + names(ModelEntry.Kind.BACKBONE));
            }
            Path file = fetch(e);
            String sha = cache.expectedSha256(e);
            if (sha == null) {
                sha = Sha256.of(file);
            }
            return new ResolvedBackbone(file, e.backbone().withSha256(sha), e);
        }
        Path file = asFile(nameOrPath, ModelEntry.Kind.BACKBONE);
        Backbone.Inspection ins = Backbone.inspect(file);
        String sha = cache.sha256Of(file);
        Optional<ModelEntry> same = registry.findBySha256(sha).filter(x -> x.kind() == ModelEntry.Kind.BACKBONE);
        if (same.isPresent()) {
            return new ResolvedBackbone(file, same.get().backbone(), same.get());
        }
        // an int8 copy (fer4j models quantize) of a registry model keeps that model's preprocessing and classes
        String source = OnnxGraph.read(file).metadata(QUANTIZED_FROM_SHA256_KEY);
        Optional<ModelEntry> origin = source == null
                ? Optional.empty()
                : registry.findBySha256(source).filter(x -> x.kind() == ModelEntry.Kind.BACKBONE);
        if (origin.isPresent()) {
            return new ResolvedBackbone(file, origin.get().backbone().withSha256(sha), null);
        }
        String name = file.getFileName().toString().replaceFirst("\\.onnx$", "");
        return new ResolvedBackbone(file, ins.inferredSpec(name).withSha256(sha), null);
    }

    /**
     * The backbone a command uses when the user named none: {@code preferred} when it is cached or can be downloaded
     * now, else the embedded {@link ModelCache#EMBEDDED_BACKBONE} with the reason, so the caller can say so. Only for
     * commands whose output does not bind to one backbone ({@code predict}); a store's backbone is a contract, so
     * {@code extract} never falls back.
     *
     * @param fallbackReason null when {@code preferred} was used
     */
    public record DefaultBackbone(ResolvedBackbone backbone, String preferred, String fallbackReason) {
        public boolean fellBack() {
            return fallbackReason != null;
        }
    }

    public DefaultBackbone resolveDefaultBackbone(String preferred) {
        try {
            return new DefaultBackbone(resolveBackbone(preferred), preferred, null);
        } catch (Fer4jException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            String reason = root == e
                    ? e.getMessage()
                    : root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
            return new DefaultBackbone(resolveBackbone(ModelCache.EMBEDDED_BACKBONE), preferred, reason);
        }
    }

    /** A detector registry name ({@code yunet}) fetched into the cache when absent, or a path to an ONNX file. */
    public Path resolveDetector(String nameOrPath) {
        Optional<ModelEntry> named = registry.find(nameOrPath);
        if (named.isPresent()) {
            ModelEntry e = named.get();
            if (e.kind() != ModelEntry.Kind.DETECTOR) {
                throw new IllegalArgumentException(
                        "'" + e.name() + "' is a " + e.kind().name().toLowerCase()
                                + ", not a detector; known "
                                + "detectors: " + names(ModelEntry.Kind.DETECTOR));
            }
            return fetch(e);
        }
        return asFile(nameOrPath, ModelEntry.Kind.DETECTOR);
    }

    /**
     * A face detector ready for pipeline threads: {@code haar} (OpenCV's cascade, offline), or a YuNet registry name
     * or ONNX file. One detector is created and closed here so a bad model fails now, naming its file, rather than
     * on a video's first frame.
     *
     * @param name the detector as recorded in meta.json ({@code haar}, {@code yunet} or the file name)
     * @param file the model file, null for Haar
     */
    public record ResolvedDetector(FaceDetector.Factory factory, String name, Path file) {}

    public ResolvedDetector detector(String nameOrPath, int detectWidth, float scoreThreshold) {
        FaceDetector.Factory factory;
        String name;
        Path file = null;
        if (nameOrPath.toLowerCase(Locale.ROOT).equals("haar")) {
            factory = HaarDetector.factory(detectWidth);
            name = "haar";
        } else {
            file = resolveDetector(nameOrPath);
            factory = YuNetDetector.factory(file, detectWidth, scoreThreshold);
            name = registry.find(nameOrPath).isPresent()
                    ? nameOrPath
                    : file.getFileName().toString();
        }
        factory.create().close();
        return new ResolvedDetector(factory, name, file);
    }

    /** The entry's file from the cache or the jar; downloaded only when the policy allows it. */
    private Path fetch(ModelEntry e) {
        if (!policy.downloads() && !e.isEmbedded() && cache.cached(e).isEmpty()) {
            String option = e.kind() == ModelEntry.Kind.BACKBONE ? "--backbone" : "--detector";
            throw new Fer4jException(
                    cache.pathOf(e),
                    "model '" + e.name() + "' is not in the model cache and "
                            + "downloads are off (offline); run `fer4j models fetch " + e.name()
                            + "`, pass the file with "
                            + option + " FILE, or allow downloads (ModelPolicy.DOWNLOAD)");
        }
        return cache.fetch(e, downloader, progress.create(e));
    }

    private Path asFile(String nameOrPath, ModelEntry.Kind kind) {
        Path p = Path.of(nameOrPath);
        if (Files.isRegularFile(p)) {
            return p;
        }
        boolean looksLikePath = nameOrPath.contains("/") || nameOrPath.contains("\\") || nameOrPath.endsWith(".onnx");
        if (looksLikePath) {
            throw new Fer4jException(
                    p, "model file not found; check the path, or use a registry name (" + names(kind) + ")");
        }
        throw new IllegalArgumentException("unknown " + kind.name().toLowerCase() + " '" + nameOrPath + "'; known: "
                + names(kind) + ", or pass a path to an .onnx file");
    }

    private String names(ModelEntry.Kind kind) {
        return String.join(
                ", ",
                registry.entries().stream()
                        .filter(e -> e.kind() == kind)
                        .map(ModelEntry::name)
                        .toList());
    }

    public ModelRegistry registry() {
        return registry;
    }

    public ModelCache cache() {
        return cache;
    }
}
