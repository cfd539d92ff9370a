package io.fer4j.vision.backbone;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.fer4j.error.Fer4jException;
import io.fer4j.label.ClassSpace;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An EmotiEffLib-style backbone on ONNX Runtime. The ONNX graph is edited so that the input of its final Gemm (the
 * embedding, CONTRACTS §4) is an extra output: one pass yields embeddings and logits, the network itself untouched.
 *
 * <p>Thread-safe: {@link #run} may be called concurrently (ONNX Runtime sessions are); each call allocates only its
 * outputs.
 */
public final class Backbone implements AutoCloseable {

    private final Path file;
    private final BackboneSpec spec;
    private final BackboneOptions options;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final String inputName;
    private final long fixedBatch;
    private final String embeddingOutput;
    private final String logitsOutput;
    private final Set<String> requested;
    private final FacePreprocessor preprocessor;
    // Per-thread direct input buffer: ONNX Runtime reads a direct buffer in place, whereas a heap array would be
    // copied into a fresh direct buffer on every call (tens of MB per batch left to the garbage collector).
    private final ThreadLocal<FloatBuffer> inputScratch = new ThreadLocal<>();

    private Backbone(
            Path file,
            BackboneSpec spec,
            BackboneOptions options,
            OrtEnvironment env,
            OrtSession session,
            OnnxGraph.Input input,
            OnnxGraph.FinalGemm gemm) {
        this.file = file;
        this.spec = spec;
        this.options = options;
        this.env = env;
        this.session = session;
        this.inputName = input.name();
        this.fixedBatch = input.fixedBatch();
        this.embeddingOutput = gemm.inputName();
        this.logitsOutput = gemm.outputName();
        this.requested = Set.of(embeddingOutput, logitsOutput);
        this.preprocessor = new FacePreprocessor(spec);
    }

    /** Structure of a backbone file without opening a session: input, final Gemm, and the inferred spec. */
    public record Inspection(Path file, OnnxGraph.Input input, OnnxGraph.FinalGemm gemm) {
        /**
         * Spec inferred from the graph alone (CONTRACTS §4 defaults): S from the input; class space from the Gemm's
         * output width (8 → affectnet8, 7 → affectnet7, 10 → affectnet8-va); ImageNet mean/std unless S = 112
         * (EmotiEffLib's MobileFaceNet models use mean = std = 0.5).
         */
        public BackboneSpec inferredSpec(String name) {
            int k = gemm.outputWidth();
            ClassSpace space = switch (k) {
                case 8 -> ClassSpace.AFFECTNET_8;
                case 7 -> ClassSpace.AFFECTNET_7;
                case 10 -> ClassSpace.AFFECTNET_8_VA;
                default ->
                    throw new Fer4jException(
                            file,
                            "final Gemm has " + (k == 0 ? "an unknown number of" : k)
                                    + " outputs; fer4j knows 8 (AffectNet-8), 7 (AffectNet-7) and 10 (AffectNet-8 + valence, "
                                    + "arousal); pass a registry name with an explicit class space instead");
            };
            int s = input.imageSize();
            boolean mbf = s == 112;
            double[] mean = mbf ? new double[] {0.5, 0.5, 0.5} : BackboneSpec.IMAGENET_MEAN;
            double[] std = mbf ? new double[] {0.5, 0.5, 0.5} : BackboneSpec.IMAGENET_STD;
            return new BackboneSpec(name, s, mean, std, space, gemm.inputWidth(), null);
        }
    }

    /** Reads and validates a backbone file's structure (errors name the file and say what to do). */
    public static Inspection inspect(Path onnx) {
        OnnxGraph g = OnnxGraph.read(onnx);
        return new Inspection(onnx, g.imageInput(), g.finalGemm());
    }

    /** Opens a user's file, inferring its spec from the graph ({@link Inspection#inferredSpec}). */
    public static Backbone open(Path onnx, BackboneOptions options) {
        String name = onnx.getFileName().toString().replaceFirst("\\.onnx$", "");
        OnnxGraph g = OnnxGraph.read(onnx);
        Inspection ins = new Inspection(onnx, g.imageInput(), g.finalGemm());
        return open(g, ins, ins.inferredSpec(name), options);
    }

    /** Opens a file described by {@code spec} (a registry entry's); the graph must agree with it. */
    public static Backbone open(Path onnx, BackboneSpec spec, BackboneOptions options) {
        OnnxGraph g = OnnxGraph.read(onnx);
        return open(g, new Inspection(onnx, g.imageInput(), g.finalGemm()), spec, options);
    }

    private static Backbone open(OnnxGraph g, Inspection ins, BackboneSpec spec, BackboneOptions options) {
        Path onnx = g.file();
        if (ins.input().imageSize() != spec.inputSize()) {
            throw new Fer4jException(
                    onnx,
                    "input is " + ins.input().imageSize() + "x" + ins.input().imageSize()
                            + " but backbone '" + spec.name() + "' expects " + spec.inputSize() + "x" + spec.inputSize()
                            + "; the file does not belong to this registry entry");
        }
        int k = ins.gemm().outputWidth();
        if (k > 0 && k != spec.outputCount()) {
            throw new Fer4jException(
                    onnx,
                    "final Gemm has " + k + " outputs but backbone '" + spec.name()
                            + "' (" + spec.classSpace() + ") expects " + spec.outputCount()
                            + "; the file does not belong to "
                            + "this registry entry");
        }
        byte[] edited = g.withExtraOutputs(List.of(ins.gemm().inputName()));
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession session;
        try (OrtSession.SessionOptions so = sessionOptions(onnx, options)) {
            session = env.createSession(edited, so);
        } catch (OrtException e) {
            throw new Fer4jException(
                    onnx,
                    "ONNX Runtime cannot load the model (" + e.getMessage()
                            + "); check that the file is complete and a supported opset",
                    e);
        }
        int d = ins.gemm().inputWidth();
        try {
            NodeInfo emb = session.getOutputInfo().get(ins.gemm().inputName());
            if (d == 0
                    && emb != null
                    && emb.getInfo() instanceof TensorInfo t
                    && t.getShape().length == 2
                    && t.getShape()[1] > 0) {
                d = (int) t.getShape()[1];
            }
        } catch (OrtException e) {
            closeQuietly(session);
            throw new Fer4jException(
                    onnx, "ONNX Runtime cannot describe the model outputs (" + e.getMessage() + ")", e);
        }
        if (spec.embeddingDim() > 0 && d > 0 && spec.embeddingDim() != d) {
            closeQuietly(session);
            throw new Fer4jException(
                    onnx,
                    "embedding width is " + d + " but backbone '" + spec.name() + "' expects " + spec.embeddingDim());
        }
        BackboneSpec resolved = d > 0 ? spec.withEmbeddingDim(d) : spec;
        return new Backbone(onnx, resolved, options, env, session, ins.input(), ins.gemm());
    }

    private static OrtSession.SessionOptions sessionOptions(Path onnx, BackboneOptions options) throws OrtException {
        OrtSession.SessionOptions so = new OrtSession.SessionOptions();
        try {
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            so.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            so.setIntraOpNumThreads(options.resolvedThreads());
            so.setInterOpNumThreads(1);
            if (options.spinning() == BackboneOptions.Spinning.OFF) {
                so.addConfigEntry("session.intra_op.allow_spinning", "0");
            }
            if (options.device() == BackboneOptions.Device.CUDA) {
                if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
                    throw new Fer4jException(
                            onnx,
                            "the CUDA execution provider is not in this build of ONNX Runtime "
                                    + "(available: " + OrtEnvironment.getAvailableProviders() + "); replace "
                                    + "onnxruntime-"
                                    + OrtEnvironment.class.getPackage().getImplementationVersion()
                                    + ".jar in the lib/ directory with com.microsoft.onnxruntime:onnxruntime_gpu of the same "
                                    + "version (see docs/models.md), or use --device cpu");
                }
                so.addCUDA(options.cudaDeviceId());
            }
            return so;
        } catch (OrtException | RuntimeException e) {
            so.close();
            if (e instanceof OrtException oe && options.device() == BackboneOptions.Device.CUDA) {
                throw new Fer4jException(
                        onnx,
                        "cannot start the CUDA execution provider on GPU "
                                + options.cudaDeviceId() + " (" + oe.getMessage()
                                + "); check the CUDA/cuDNN installation "
                                + "or use --device cpu",
                        oe);
            }
            throw e;
        }
    }

    /**
     * Runs {@code batchSize} preprocessed faces ({@code nchw[0 .. batchSize·3·S·S)}, as written by
     * {@link FacePreprocessor}). A model with a fixed batch dimension is run in chunks of that size.
     */
    public BackboneOutput run(float[] nchw, int batchSize) {
        int slice = preprocessor.sliceLength();
        if (batchSize < 1 || (long) batchSize * slice > nchw.length) {
            throw new IllegalArgumentException("batch of " + batchSize + " faces needs " + ((long) batchSize * slice)
                    + " floats, buffer has " + nchw.length);
        }
        int d = spec.embeddingDim();
        int k = spec.outputCount();
        float[] emb = d > 0 ? new float[batchSize * d] : null;
        float[] logits = new float[batchSize * k];
        int chunk = fixedBatch > 0 ? (int) fixedBatch : batchSize;
        if (fixedBatch > 0 && batchSize % chunk != 0) {
            throw new IllegalArgumentException(
                    "model " + file + " has fixed batch " + fixedBatch + "; batch " + batchSize + " is not a multiple");
        }
        int s = spec.inputSize();
        for (int start = 0; start < batchSize; start += chunk) {
            long[] shape = {chunk, 3, s, s};
            FloatBuffer in = scratch(chunk * slice);
            in.put(nchw, start * slice, chunk * slice).flip();
            try (OnnxTensor x = OnnxTensor.createTensor(env, in, shape);
                    OrtSession.Result r = session.run(Map.of(inputName, x), requested)) {
                FloatBuffer lb = ((OnnxTensor) r.get(logitsOutput).orElseThrow()).getFloatBuffer();
                FloatBuffer eb = ((OnnxTensor) r.get(embeddingOutput).orElseThrow()).getFloatBuffer();
                if (lb.remaining() != chunk * k) {
                    throw new Fer4jException(
                            file,
                            "model produced " + lb.remaining() / chunk + " outputs per face, " + "expected " + k
                                    + " for " + spec.classSpace());
                }
                if (emb == null) {
                    d = eb.remaining() / chunk;
                    emb = new float[batchSize * d];
                }
                if (eb.remaining() != chunk * d) {
                    throw new Fer4jException(
                            file,
                            "embedding has " + eb.remaining() / chunk + " values per face, " + "expected " + d
                                    + " (is the final Gemm's input 2-D [N,D]?)");
                }
                lb.get(logits, start * k, chunk * k);
                eb.get(emb, start * d, chunk * d);
            } catch (OrtException e) {
                throw new Fer4jException(file, "inference failed (" + e.getMessage() + ")", e);
            }
        }
        return new BackboneOutput(batchSize, d, emb, k, logits, spec.classSpace());
    }

    private FloatBuffer scratch(int floats) {
        FloatBuffer b = inputScratch.get();
        if (b == null || b.capacity() < floats) {
            b = java.nio.ByteBuffer.allocateDirect(Math.multiplyExact(floats, 4))
                    .order(java.nio.ByteOrder.nativeOrder())
                    .asFloatBuffer();
            inputScratch.set(b);
        }
        b.clear();
        return b;
    }

    /** The spec, with {@link BackboneSpec#embeddingDim()} filled in where the graph tells it. */
    public BackboneSpec spec() {
        return spec;
    }

    public FacePreprocessor preprocessor() {
        return preprocessor;
    }

    public Path file() {
        return file;
    }

    public BackboneOptions options() {
        return options;
    }

    /** Embedding width D (0 only when neither the graph nor the session states it and nothing has run yet). */
    public int embeddingDim() {
        return spec.embeddingDim();
    }

    @Override
    public void close() {
        closeQuietly(session);
    }

    private static void closeQuietly(OrtSession s) {
        try {
            s.close();
        } catch (OrtException ignored) {
            // closing a session only frees native memory
        }
    }
}
