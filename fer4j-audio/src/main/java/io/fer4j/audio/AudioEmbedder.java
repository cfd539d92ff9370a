package io.fer4j.audio;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.fer4j.error.Fer4jException;
import io.fer4j.store.Sha256;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A wav2vec 2.0 / HuBERT ONNX export on ONNX Runtime: input {@code input_values} [B, samples] float32 at 16 kHz,
 * output {@code last_hidden_state} [B, T, D]. Cuts the signal into chunks ({@link AudioChunking}), normalises each
 * chunk when asked, runs full-length chunks in batches, and concatenates the kept rows in time order.
 *
 * <p>Thread-safe: ONNX Runtime sessions may be run concurrently and this class holds no per-call state.
 */
public final class AudioEmbedder implements AutoCloseable {
    /** Input name of Hugging Face / torchaudio wav2vec 2.0 exports. */
    public static final String INPUT_NAME = "input_values";
    /** Output name of Hugging Face / torchaudio wav2vec 2.0 exports. */
    public static final String OUTPUT_NAME = "last_hidden_state";

    private static final double NORMALIZE_EPSILON = 1e-7; // Wav2Vec2FeatureExtractor.zero_mean_unit_var_norm

    private final Path modelFile;
    private final String sha256;
    private final AudioEmbedderOptions options;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final String inputName;
    private final String outputName;

    private AudioEmbedder(
            Path modelFile,
            String sha256,
            AudioEmbedderOptions options,
            OrtEnvironment env,
            OrtSession session,
            String inputName,
            String outputName) {
        this.modelFile = modelFile;
        this.sha256 = sha256;
        this.options = options;
        this.env = env;
        this.session = session;
        this.inputName = inputName;
        this.outputName = outputName;
    }

    /**
     * Loads an ONNX model and checks its interface.
     *
     * @throws Fer4jException when the file is missing, not an ONNX model, or its input/output are not the wav2vec 2.0
     *                        ones ([B, samples] float → [B, T, D] float)
     */
    public static AudioEmbedder open(Path modelFile, AudioEmbedderOptions options) {
        if (!Files.isRegularFile(modelFile)) {
            throw new Fer4jException(
                    modelFile,
                    "no such audio model file; pass an ONNX export of wav2vec 2.0 or "
                            + "HuBERT with --audio-model (see docs/audio.md for how to export facebook/wav2vec2-base)");
        }
        String sha = Sha256.of(modelFile);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession session;
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            if (options.intraOpThreads() > 0) {
                so.setIntraOpNumThreads(options.intraOpThreads());
            }
            session = env.createSession(modelFile.toString(), so);
        } catch (OrtException e) {
            throw new Fer4jException(
                    modelFile,
                    "cannot load as an ONNX model (" + e.getMessage()
                            + "); pass an ONNX export of wav2vec 2.0 or HuBERT",
                    e);
        }
        try {
            String in = pickInput(modelFile, session);
            String out = pickOutput(modelFile, session);
            return new AudioEmbedder(modelFile, sha, options, env, session, in, out);
        } catch (RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
    }

    private static String pickInput(Path modelFile, OrtSession session) {
        Map<String, NodeInfo> inputs;
        try {
            inputs = session.getInputInfo();
        } catch (OrtException e) {
            throw new Fer4jException(modelFile, "cannot read the model's inputs: " + e.getMessage(), e);
        }
        String name = inputs.containsKey(INPUT_NAME)
                ? INPUT_NAME
                : inputs.size() == 1 ? inputs.keySet().iterator().next() : null;
        if (name == null) {
            throw new Fer4jException(
                    modelFile,
                    "has inputs " + inputs.keySet() + " but an audio model needs one input '" + INPUT_NAME
                            + "' [batch, samples]; export it without attention_mask (docs/audio.md)");
        }
        if (inputs.size() > 1) {
            throw new Fer4jException(
                    modelFile,
                    "has inputs " + inputs.keySet() + "; only '" + INPUT_NAME
                            + "' [batch, samples] is supported — export the model without extra inputs (docs/audio.md)");
        }
        if (!(inputs.get(name).getInfo() instanceof TensorInfo ti)
                || ti.type != OnnxJavaType.FLOAT
                || ti.getShape().length != 2) {
            throw new Fer4jException(
                    modelFile,
                    "input '" + name + "' is " + inputs.get(name).getInfo()
                            + "; an audio model needs float32 [batch, samples]");
        }
        return name;
    }

    private static String pickOutput(Path modelFile, OrtSession session) {
        Map<String, NodeInfo> outputs;
        try {
            outputs = session.getOutputInfo();
        } catch (OrtException e) {
            throw new Fer4jException(modelFile, "cannot read the model's outputs: " + e.getMessage(), e);
        }
        String name = outputs.containsKey(OUTPUT_NAME)
                ? OUTPUT_NAME
                : outputs.size() == 1 ? outputs.keySet().iterator().next() : null;
        if (name == null) {
            throw new Fer4jException(
                    modelFile,
                    "has outputs " + outputs.keySet() + " but none is named '" + OUTPUT_NAME
                            + "'; an audio model must output last_hidden_state [batch, frames, dim]");
        }
        if (!(outputs.get(name).getInfo() instanceof TensorInfo ti)
                || ti.type != OnnxJavaType.FLOAT
                || ti.getShape().length != 3) {
            throw new Fer4jException(
                    modelFile,
                    "output '" + name + "' is " + outputs.get(name).getInfo()
                            + "; an audio model must output float32 [batch, frames, dim] (rank 3), like wav2vec 2.0's "
                            + OUTPUT_NAME);
        }
        return name;
    }

    /** The model file. */
    public Path modelFile() {
        return modelFile;
    }

    /** The model file's SHA-256 (hex), for provenance. */
    public String sha256() {
        return sha256;
    }

    /** The options this embedder runs with. */
    public AudioEmbedderOptions options() {
        return options;
    }

    /**
     * Embeds a 16 kHz signal.
     *
     * @param samples 16 kHz mono samples (not modified)
     * @param source  the media file, named in errors (may be null)
     * @return the kept rows of every chunk, in time order (at least one row)
     */
    public AudioEmbeddings embed(float[] samples, Path source) {
        AudioChunking chunking = options.chunking();
        List<AudioChunking.Chunk> chunks = chunking.chunks(samples.length);
        // full-length chunks run in batches; a shorter (last or padded) chunk runs alone
        float[][] outputs = new float[chunks.size()][];
        int[] rowsOf = new int[chunks.size()];
        int dim = -1;
        int i = 0;
        while (i < chunks.size()) {
            int length = chunks.get(i).paddedSamples();
            int j = i + 1;
            while (j < chunks.size()
                    && j - i < options.batchChunks()
                    && chunks.get(j).paddedSamples() == length) {
                j++;
            }
            Batch batch = run(samples, chunks.subList(i, j), length, source);
            if (dim >= 0 && batch.dim != dim) {
                throw new Fer4jException(
                        modelFile,
                        "gave " + batch.dim + "-dimensional rows for one chunk and " + dim
                                + " for another; an audio model must have a fixed output size");
            }
            dim = batch.dim;
            int perChunk = batch.rows * batch.dim;
            for (int k = i; k < j; k++) {
                outputs[k] = Arrays.copyOfRange(batch.data, (k - i) * perChunk, (k - i + 1) * perChunk);
                rowsOf[k] = batch.rows;
            }
            i = j;
        }
        int rowsFull = rowsOf[0];
        int total = 0;
        int[][] kept = new int[chunks.size()][];
        for (int k = 0; k < chunks.size(); k++) {
            kept[k] = chunking.keptRows(chunks.get(k), rowsOf[k], rowsFull);
            total += kept[k][1] - kept[k][0];
        }
        if (total == 0) {
            throw new Fer4jException(
                    source,
                    "the audio model " + modelFile.getFileName() + " gave no output rows for " + samples.length
                            + " samples; the audio is too short for this model");
        }
        float[] data = new float[total * dim];
        int at = 0;
        for (int k = 0; k < chunks.size(); k++) {
            int n = (kept[k][1] - kept[k][0]) * dim;
            System.arraycopy(outputs[k], kept[k][0] * dim, data, at, n);
            at += n;
        }
        // the first chunk is a full one whenever there are several
        double rowsPerSecond =
                rowsFull * (double) AudioDecoder.SAMPLE_RATE_HZ / chunks.get(0).paddedSamples();
        return new AudioEmbeddings(total, dim, data, rowsPerSecond);
    }

    private record Batch(int rows, int dim, float[] data) {}

    private Batch run(float[] samples, List<AudioChunking.Chunk> chunks, int length, Path source) {
        int b = chunks.size();
        FloatBuffer input = FloatBuffer.allocate(b * length);
        float[] row = new float[length];
        for (AudioChunking.Chunk c : chunks) {
            Arrays.fill(row, 0f);
            System.arraycopy(samples, c.startSample(), row, 0, c.lengthSamples());
            if (options.normalize()) {
                normalizeInPlace(row, c.lengthSamples());
            }
            input.put(row);
        }
        input.flip();
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, input, new long[] {b, length});
                OrtSession.Result result = session.run(Map.of(inputName, tensor), java.util.Set.of(outputName))) {
            Optional<OnnxValue> value = result.get(outputName);
            if (value.isEmpty() || !(value.get() instanceof OnnxTensor out)) {
                throw new Fer4jException(modelFile, "gave no tensor '" + outputName + "'");
            }
            long[] shape = out.getInfo().getShape();
            if (shape.length != 3 || shape[0] != b || out.getInfo().type != OnnxJavaType.FLOAT) {
                throw new Fer4jException(
                        modelFile,
                        "gave " + out.getInfo().type + " " + Arrays.toString(shape)
                                + " for a batch of " + b
                                + " chunks; an audio model must output float32 [batch, frames, dim] "
                                + "(rank 3), like wav2vec 2.0's " + OUTPUT_NAME);
            }
            if (shape[2] < 1) {
                throw new Fer4jException(
                        modelFile, "gave rows of size " + shape[2] + "; expected [batch, frames, dim ≥ 1]");
            }
            FloatBuffer fb = out.getFloatBuffer();
            float[] data = new float[fb.remaining()];
            fb.get(data);
            return new Batch((int) shape[1], (int) shape[2], data);
        } catch (OrtException e) {
            throw new Fer4jException(
                    source,
                    "the audio model " + modelFile + " failed on " + b + " chunk(s) of "
                            + length + " samples (" + e.getMessage()
                            + "); check that it is a wav2vec 2.0 / HuBERT export "
                            + "taking input_values [batch, samples]",
                    e);
        }
    }

    /**
     * Hugging Face's {@code zero_mean_unit_var_norm}: the first {@code length} values become
     * {@code (x − mean) / sqrt(var + 1e−7)} (population variance); padding after them stays 0.
     */
    static void normalizeInPlace(float[] x, int length) {
        if (length == 0) {
            return;
        }
        double sum = 0;
        for (int i = 0; i < length; i++) {
            sum += x[i];
        }
        double mean = sum / length;
        double sq = 0;
        for (int i = 0; i < length; i++) {
            double d = x[i] - mean;
            sq += d * d;
        }
        double scale = 1.0 / Math.sqrt(sq / length + NORMALIZE_EPSILON);
        for (int i = 0; i < length; i++) {
            x[i] = (float) ((x[i] - mean) * scale);
        }
    }

    private static void closeQuietly(OrtSession s) {
        try {
            s.close();
        } catch (OrtException ignored) {
            // the load error is what matters
        }
    }

    @Override
    public void close() {
        closeQuietly(session);
    }
}
