package io.fer4j.vision.people;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.fer4j.error.Fer4jException;
import io.fer4j.vision.backbone.BackboneSpec.CropResize;
import io.fer4j.vision.backbone.FacePreprocessor;
import io.fer4j.vision.registry.DownloadProgress;
import io.fer4j.vision.registry.ModelCache;
import io.fer4j.vision.registry.ModelDownloader;
import io.fer4j.vision.registry.ModelEntry;
import io.fer4j.vision.registry.ModelRegistry;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * The embedded face descriptor ({@code faceapi_descriptor}: face-api.js's FaceRecognitionNet): a face crop → a
 * 128-d vector; two faces are the same person when the Euclidean distance of their descriptors is below
 * {@link #MATCH_DISTANCE}. Preprocessing as face-api.js and the expression net: centred zero-padding to a square,
 * TF bilinear resize to 150, {@code (RGB − [122.782, 117.001, 104.298]) / 255} (the registry entry states the same
 * numbers; a test keeps them equal).
 *
 * <p>Thread-safe (ONNX Runtime sessions are); each call allocates its own input and output.
 */
public final class FaceDescriptor implements AutoCloseable {
    /** Registry name of the embedded model. */
    public static final String MODEL = "faceapi_descriptor";
    /** face-api.js's {@code FaceMatcher} default: below it two descriptors are the same person. */
    public static final double MATCH_DISTANCE = 0.6;

    public static final int INPUT_SIZE = 150;
    public static final int DIM = 128;
    /** face-api.js's mean RGB on the 0–255 scale; the input is {@code (RGB − mean) / 255}. */
    static final double[] MEAN_RGB_255 = {122.782, 117.001, 104.298};

    private final Path file;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final FacePreprocessor preprocessor;

    private FaceDescriptor(Path file, OrtEnvironment env, OrtSession session) {
        this.file = file;
        this.env = env;
        this.session = session;
        double[] mean = new double[3];
        for (int c = 0; c < 3; c++) {
            mean[c] = MEAN_RGB_255[c] / 255.0;
        }
        this.preprocessor = new FacePreprocessor(INPUT_SIZE, mean, new double[] {1, 1, 1}, CropResize.PAD_TO_SQUARE);
    }

    /** Opens the embedded model (copied into {@code cache} once, verified against its pin) with {@code threads}. */
    public static FaceDescriptor openEmbedded(ModelCache cache, int threads) {
        ModelEntry entry = ModelRegistry.builtIn().get(MODEL);
        return open(cache.fetch(entry, ModelDownloader.defaults(), DownloadProgress.NONE), threads);
    }

    /** Opens a descriptor ONNX file with input {@code input} [N,3,150,150] and output {@code descriptor} [N,128]. */
    public static FaceDescriptor open(Path onnx, int threads) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            so.setIntraOpNumThreads(Math.max(1, threads));
            so.setInterOpNumThreads(1);
            return new FaceDescriptor(onnx, env, env.createSession(onnx.toString(), so));
        } catch (OrtException e) {
            throw new Fer4jException(
                    onnx,
                    "ONNX Runtime cannot load the face descriptor (" + e.getMessage()
                            + "); run `fer4j models verify` to check the cached copy",
                    e);
        }
    }

    /** The preprocessing, for callers that batch crops themselves ({@link #describe(float[], int)}). */
    public FacePreprocessor preprocessor() {
        return preprocessor;
    }

    /** The descriptor of the region {@code box} of an 8-bit 3-channel frame (clipped to it by the caller). */
    public float[] describe(Mat image, Rect box, FacePreprocessor.ChannelOrder order) {
        float[] input = new float[preprocessor.sliceLength()];
        preprocessor.preprocess(image, box, order, input, 0);
        return describe(input, 1);
    }

    /** The descriptor of a whole 8-bit 3-channel crop. */
    public float[] describe(Mat crop, FacePreprocessor.ChannelOrder order) {
        float[] input = new float[preprocessor.sliceLength()];
        preprocessor.preprocess(crop, order, input, 0);
        return describe(input, 1);
    }

    /** {@code faces} preprocessed crops ({@code nchw[0 .. faces·3·150·150)}) → {@code faces·128} values. */
    public float[] describe(float[] nchw, int faces) {
        if (faces < 1 || (long) faces * preprocessor.sliceLength() > nchw.length) {
            throw new IllegalArgumentException(faces + " faces need " + ((long) faces * preprocessor.sliceLength())
                    + " floats, buffer has " + nchw.length);
        }
        long[] shape = {faces, 3, INPUT_SIZE, INPUT_SIZE};
        FloatBuffer in = FloatBuffer.wrap(nchw, 0, faces * preprocessor.sliceLength());
        try (OnnxTensor x = OnnxTensor.createTensor(env, in, shape);
                OrtSession.Result r = session.run(Map.of("input", x))) {
            FloatBuffer out = ((OnnxTensor) r.get("descriptor").orElseThrow()).getFloatBuffer();
            if (out.remaining() != faces * DIM) {
                throw new Fer4jException(
                        file,
                        "the face descriptor produced " + out.remaining() / faces + " values per face, expected "
                                + DIM);
            }
            float[] d = new float[faces * DIM];
            out.get(d);
            return d;
        } catch (OrtException e) {
            throw new Fer4jException(file, "face descriptor inference failed (" + e.getMessage() + ")", e);
        }
    }

    /** Euclidean distance between two descriptors (face-api.js's {@code euclideanDistance}). */
    public static double distance(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("descriptors of different length: " + a.length + " and " + b.length);
        }
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            sum += d * d;
        }
        return Math.sqrt(sum);
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException ignored) {
            // closing a session only frees native memory
        }
    }
}
