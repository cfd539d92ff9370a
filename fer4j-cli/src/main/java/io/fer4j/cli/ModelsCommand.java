package io.fer4j.cli;

import io.fer4j.engine.EngineSpec;
import io.fer4j.modeltools.BackboneComparison;
import io.fer4j.modeltools.QdqQuantizer;
import io.fer4j.modeltools.convert.FaceApiExpressionConverter;
import io.fer4j.store.AtomicFiles;
import io.fer4j.store.OutputGuard;
import io.fer4j.vision.backbone.Backbone;
import io.fer4j.vision.backbone.BackboneOptions;
import io.fer4j.vision.backbone.BackboneSpec;
import io.fer4j.vision.backbone.FacePreprocessor;
import io.fer4j.vision.detect.FaceDetector;
import io.fer4j.vision.extract.ExtractionOptions;
import io.fer4j.vision.extract.FaceSampler;
import io.fer4j.vision.registry.ConsoleProgressBar;
import io.fer4j.vision.registry.ModelCache;
import io.fer4j.vision.registry.ModelDownloader;
import io.fer4j.vision.registry.ModelEntry;
import io.fer4j.vision.registry.ModelRegistry;
import io.fer4j.vision.registry.ModelResolver;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fer4j models list|fetch|verify|inspect|quantize|convert-faceapi}: the model registry, the local cache ($FER4J_HOME) and
 * int8 quantization of a backbone.
 */
@Command(
        name = "models",
        mixinStandardHelpOptions = true,
        description = "List, download and verify the registry's models (cache: $FER4J_HOME/models, default "
                + "~/.cache/fer4j/models).",
        subcommands = {
            ModelsCommand.ListCommand.class,
            ModelsCommand.FetchCommand.class,
            ModelsCommand.VerifyCommand.class,
            ModelsCommand.InspectCommand.class,
            ModelsCommand.ConvertFaceApiCommand.class,
            ModelsCommand.QuantizeCommand.class
        })
final class ModelsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static ModelCache cache() {
        return ModelCache.fromEnvironment();
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List known models and whether they " + "are in the cache.")
    static final class ListCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(
                names = {"-v", "--verbose"},
                description = "Also print URL, SHA-256 (and its source) and cache path.")
        boolean verbose;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            ModelCache cache = cache();
            out.printf(
                    "%-20s %-9s %-5s %-14s %-5s %-9s %s%n",
                    "NAME", "KIND", "SIZE", "CLASSES", "DIM", "SHA256", "CACHED");
            for (ModelEntry e : ModelRegistry.builtIn().entries()) {
                BackboneSpec s = e.backbone();
                out.printf(
                        "%-20s %-9s %-5s %-14s %-5s %-9s %s%n",
                        e.name(),
                        e.kind().name().toLowerCase(),
                        s == null ? "-" : Integer.toString(s.inputSize()),
                        s == null ? "-" : s.classSpace().name(),
                        s == null || s.embeddingDim() == 0 ? "-" : Integer.toString(s.embeddingDim()),
                        e.pinned() ? "pinned" : "unpinned",
                        e.isEmbedded() ? "embedded" : cache.cached(e).isPresent() ? "yes" : "no");
                if (verbose) {
                    out.printf(
                            "    %s%n    url    %s%n    sha256 %s%s%n    file   %s%n",
                            e.description(),
                            e.url() == null ? "(none: embedded in the fer4j-vision jar)" : e.url(),
                            e.pinned() ? e.sha256() : "(none)",
                            e.sha256Source() == null ? "" : " [" + e.sha256Source() + "]",
                            cache.pathOf(e));
                    if (s != null) {
                        out.printf(
                                "    mean %s std %s, outputs %s%s%n",
                                Arrays.toString(s.mean()),
                                Arrays.toString(s.std()),
                                s.classSpace().classNames(),
                                s.classSpace().extraOutputs().isEmpty()
                                        ? ""
                                        : " + " + s.classSpace().extraOutputs());
                    }
                }
            }
            out.printf("cache: %s%n", cache.root().resolve("models"));
            return 0;
        }
    }

    @Command(
            name = "fetch",
            mixinStandardHelpOptions = true,
            description =
                    "Download models into the cache "
                            + "(verified against their SHA-256 where pinned). Offline: the error says which file to place where.")
    static final class FetchCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(arity = "0..*", paramLabel = "NAME", description = "Registry names (see `fer4j models list`).")
        List<String> names = new ArrayList<>();

        @Option(names = "--all", description = "Fetch every registry model.")
        boolean all;

        @Override
        public Integer call() {
            ModelRegistry registry = ModelRegistry.builtIn();
            List<ModelEntry> entries =
                    all ? registry.entries() : names.stream().map(registry::get).toList();
            if (entries.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "name a model to fetch, or pass --all");
            }
            ModelCache cache = cache();
            ModelDownloader downloader = ModelDownloader.defaults();
            PrintWriter out = spec.commandLine().getOut();
            for (ModelEntry e : entries) {
                // an embedded model's damaged copy is replaced by fetch: say so, not "already in the cache"
                String before = cache.cached(e).map(cache::sha256Of).orElse(null);
                Path p = cache.fetch(e, downloader, new ConsoleProgressBar(System.err, e.fileName()));
                String what = before == null
                        ? (e.isEmbedded() ? "unpacked to" : "downloaded to")
                        : before.equals(cache.sha256Of(p)) ? "already in the cache at" : "replaced a damaged copy at";
                out.printf("%s: %s %s%n", e.name(), what, p);
            }
            return 0;
        }
    }

    @Command(
            name = "verify",
            mixinStandardHelpOptions = true,
            description =
                    "Check cached models against their "
                            + "pinned SHA-256 (unpinned ones against the hash recorded when they arrived). Exit 1 if any differs.")
    static final class VerifyCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(arity = "0..*", paramLabel = "NAME", description = "Registry names; default: every cached model.")
        List<String> names = new ArrayList<>();

        @Override
        public Integer call() {
            ModelRegistry registry = ModelRegistry.builtIn();
            ModelCache cache = cache();
            boolean explicit = !names.isEmpty();
            List<ModelEntry> entries =
                    explicit ? names.stream().map(registry::get).toList() : registry.entries();
            PrintWriter out = spec.commandLine().getOut();
            int bad = 0;
            int checked = 0;
            for (ModelEntry e : entries) {
                ModelCache.Verification v = cache.verify(e);
                switch (v.status()) {
                    case OK -> out.printf("%-20s ok        %s%n", e.name(), v.actualSha256());
                    case UNPINNED ->
                        out.printf(
                                "%-20s unpinned  %s (no public pin; recorded at %s.sha256)%n",
                                e.name(), v.actualSha256(), v.file());
                    case MISMATCH ->
                        out.printf(
                                "%-20s MISMATCH  %s, expected %s: delete %s and fetch it again%n",
                                e.name(), v.actualSha256(), v.expectedSha256(), v.file());
                    case MISSING -> {
                        if (explicit) {
                            out.printf(
                                    "%-20s missing   not in the cache (%s): `fer4j models fetch %s`%n",
                                    e.name(), v.file(), e.name());
                        }
                    }
                    default -> throw new IllegalStateException(v.status().toString());
                }
                if (v.status() == ModelCache.Status.MISMATCH || (explicit && v.status() == ModelCache.Status.MISSING)) {
                    bad++;
                }
                if (v.status() != ModelCache.Status.MISSING) {
                    checked++;
                }
            }
            if (!explicit && checked == 0) {
                out.printf("no model in the cache (%s)%n", cache.root().resolve("models"));
            }
            return bad == 0 ? 0 : 1;
        }
    }

    @Command(
            name = "inspect",
            mixinStandardHelpOptions = true,
            description = "Show what fer4j infers from an "
                    + "ONNX backbone file: input, final Gemm, embedding width, class space, SHA-256.")
    static final class InspectCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "An ONNX backbone file.")
        Path file;

        @Override
        public Integer call() {
            Backbone.Inspection ins = Backbone.inspect(file);
            // the spec predict would use: a registry model's (also for its int8 copy), else the one inferred
            BackboneSpec s =
                    ModelResolver.defaults().resolveBackbone(file.toString()).spec();
            PrintWriter out = spec.commandLine().getOut();
            out.printf("input      %s%n", ins.input());
            out.printf(
                    "final Gemm %s: %s -> %s (D=%d, K=%d)%n",
                    ins.gemm().nodeName(),
                    ins.gemm().inputName(),
                    ins.gemm().outputName(),
                    ins.gemm().inputWidth(),
                    ins.gemm().outputWidth());
            out.printf("spec       %s%n", s);
            return 0;
        }
    }

    @Command(
            name = "convert-faceapi",
            mixinStandardHelpOptions = true,
            description = "Convert face-api.js's trained "
                    + "FaceExpressionNet from the npm tarball of " + FaceApiExpressionConverter.PACKAGE + " (`npm pack "
                    + FaceApiExpressionConverter.PACKAGE
                    + "`) into the ONNX backbone fer4j embeds as faceapi_expression.")
    static final class ConvertFaceApiCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(
                paramLabel = "TARBALL",
                description = "The npm tarball " + FaceApiExpressionConverter.TARBALL_NAME + " (sha256 "
                        + FaceApiExpressionConverter.TARBALL_SHA256 + ").")
        Path tarball;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "The ONNX file to write.")
        Path out;

        @Option(names = "--force", description = "Replace --out if it exists.")
        boolean force;

        @Override
        public Integer call() {
            OutputGuard.overwriting(force).reading("TARBALL", tarball).requireFile("--out", out);
            FaceApiExpressionConverter.Result r = FaceApiExpressionConverter.convert(tarball, out);
            spec.commandLine()
                    .getOut()
                    .printf(
                            "wrote %s (%d bytes, sha256 %s) from %s%n",
                            out, r.onnx().length, io.fer4j.store.Sha256.of(out), FaceApiExpressionConverter.PACKAGE);
            return 0;
        }
    }

    /** {@code --out}'s folder must exist (it is not created, as for convert-faceapi). */
    static void requireFolderOf(Path out) {
        Path folder = out.toAbsolutePath().getParent();
        if (folder != null && !java.nio.file.Files.isDirectory(folder)) {
            throw new io.fer4j.error.Fer4jException(
                    out, "its folder " + folder + " does not exist; create it or " + "choose another --out");
        }
    }

    @Command(
            name = "quantize",
            mixinStandardHelpOptions = true,
            description = "Write an int8 (QDQ) copy of a "
                    + "float32 backbone, calibrated on faces found in a video or face-image folder (docs/models.md). The "
                    + "result is an ordinary backbone file for --backbone; it is compared with the original on the "
                    + "calibration faces before it is kept.")
    static final class QuantizeCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "MODEL", description = "A float32 backbone: registry name or ONNX file.")
        String model;

        @Option(
                names = "--calibrate",
                required = true,
                paramLabel = "PATH",
                description = "A video, a directory of videos, or a face-image folder to calibrate on.")
        Path calibrate;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "The int8 model to write.")
        Path out;

        @Option(names = "--force", description = "Replace --out if it exists (never the model or --calibrate).")
        boolean force;

        @Option(
                names = "--faces",
                paramLabel = "N",
                defaultValue = "100",
                description = "Calibration faces, sampled evenly over PATH (default: ${DEFAULT-VALUE}).")
        int faces;

        @Option(
                names = "--detector",
                paramLabel = "yunet|haar|FILE",
                defaultValue = "yunet",
                description = "Face detector, as for extract (default: ${DEFAULT-VALUE}).")
        String detector;

        @Option(
                names = "--detect-width",
                paramLabel = "PX",
                defaultValue = "" + EngineSpec.DEFAULT_DETECT_WIDTH,
                description = "Detection width, as for extract (default: ${DEFAULT-VALUE}).")
        int detectWidth;

        @Option(
                names = "--threads",
                paramLabel = "N",
                defaultValue = "0",
                description = "ONNX Runtime intra-op threads (default 0 = all cores).")
        int threads;

        @Override
        public Integer call() throws java.io.IOException {
            if (faces < 1 || threads < 0 || detectWidth < 0) {
                throw new IllegalArgumentException("--faces must be >= 1; --threads and --detect-width >= 0");
            }
            ModelResolver resolver = ConsoleProgress.resolver();
            ModelResolver.ResolvedBackbone rb = resolver.resolveBackbone(model);
            QdqQuantizer.check(rb.file());
            OutputGuard.overwriting(force)
                    .reading("MODEL", rb.file())
                    .reading("--calibrate", calibrate)
                    .requireFile("--out", out);
            requireFolderOf(out); // before minutes of calibration, not after
            FaceDetector.Factory detectors = null;
            if (io.fer4j.vision.decode.VideoFileScanner.scan(calibrate).stream().anyMatch(i -> !i.faceFolder())) {
                detectors = resolver.detector(detector, detectWidth, 0.7f).factory();
            }
            PrintWriter err = spec.commandLine().getErr();
            List<float[]> inputs = FaceSampler.sample(
                    calibrate, new FacePreprocessor(rb.spec()), detectors, ExtractionOptions.defaults(), faces, 0);
            err.printf("quantize: calibrating %s on %d faces from %s%n", rb.file(), inputs.size(), calibrate);
            BackboneOptions bo = BackboneOptions.cpu(threads);
            QdqQuantizer.Quantized q =
                    QdqQuantizer.quantize(rb.file(), rb.spec().sha256(), inputs, bo.resolvedThreads());
            Path temp = AtomicFiles.tempSibling(out);
            try {
                try {
                    java.nio.file.Files.write(temp, q.bytes());
                } catch (java.io.IOException e) {
                    throw AtomicFiles.failure(out, "write", e); // names --out and what to do, not the temp file
                }
                BackboneComparison cmp;
                try (Backbone fp32 = rb.open(bo);
                        Backbone int8 = Backbone.open(temp, rb.spec().withSha256(null), bo)) {
                    cmp = BackboneComparison.compare(fp32, int8, inputs, 32);
                }
                AtomicFiles.moveIntoPlace(temp, out);
                PrintWriter o = spec.commandLine().getOut();
                o.printf("wrote %s (sha256 %s)%n", out, io.fer4j.store.Sha256.of(out));
                o.printf("  %s%n", q.summary());
                o.printf("  vs float32 on the calibration faces: %s%n", cmp);
                o.printf("  use it with --backbone %s%n", out);
                return 0;
            } finally {
                AtomicFiles.deleteQuietly(temp);
            }
        }
    }
}
