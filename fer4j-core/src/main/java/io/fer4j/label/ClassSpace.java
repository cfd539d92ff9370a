package io.fer4j.label;

import java.util.List;

/**
 * A backbone's output class order and how it maps to ABAW (CONTRACTS §1).
 *
 * @param name        registry name of the space
 * @param classNames  class names in the backbone's output order
 * @param toAbaw      {@code abaw[j] = backbone[toAbaw[j]]} for j in 0..7; -1 where the space has no source class
 *                    (that ABAW slot then gets probability 0)
 * @param extraOutputs names of outputs after the class logits (e.g. valence, arousal)
 */
public record ClassSpace(String name, List<String> classNames, int[] toAbaw, List<String> extraOutputs) {

    /** AffectNet-8 as in EmotiEffLib's {@code *_8*} models. */
    public static final ClassSpace AFFECTNET_8 = new ClassSpace(
            "affectnet8",
            List.of("Anger", "Contempt", "Disgust", "Fear", "Happiness", "Neutral", "Sadness", "Surprise"),
            new int[] {5, 0, 2, 3, 4, 6, 7, 1},
            List.of());

    /** AffectNet-7 ({@code enet_b2_7}): no Contempt, so ABAW slot 7 is empty. */
    public static final ClassSpace AFFECTNET_7 = new ClassSpace(
            "affectnet7",
            List.of("Anger", "Disgust", "Fear", "Happiness", "Neutral", "Sadness", "Surprise"),
            new int[] {4, 0, 1, 2, 3, 5, 6, -1},
            List.of());

    /** Multi-task models ({@code *_va_mtl}): AffectNet-8 logits, then valence, then arousal. */
    public static final ClassSpace AFFECTNET_8_VA = new ClassSpace(
            "affectnet8-va", AFFECTNET_8.classNames(), AFFECTNET_8.toAbaw(), List.of("valence", "arousal"));

    /**
     * face-api.js's FaceExpressionNet ({@code faceapi_expression}): neutral, happy, sad, angry, fearful, disgusted,
     * surprised; no Other slot.
     */
    public static final ClassSpace FACEAPI_7 = new ClassSpace(
            "faceapi7",
            List.of("neutral", "happy", "sad", "angry", "fearful", "disgusted", "surprised"),
            new int[] {0, 3, 5, 4, 1, 2, 6, -1},
            List.of());

    public ClassSpace {
        classNames = List.copyOf(classNames);
        toAbaw = toAbaw.clone();
        extraOutputs = List.copyOf(extraOutputs);
        if (toAbaw.length != AbawClass.COUNT) {
            throw new IllegalArgumentException("toAbaw must have 8 entries, got " + toAbaw.length);
        }
    }

    @Override
    public int[] toAbaw() {
        return toAbaw.clone();
    }

    /** Number of class logits (excluding extra outputs). */
    public int classCount() {
        return classNames.size();
    }

    /** Total outputs per frame: class logits then extras. */
    public int outputCount() {
        return classNames.size() + extraOutputs.size();
    }

    public static ClassSpace byName(String name) {
        for (ClassSpace s : List.of(AFFECTNET_8, AFFECTNET_7, AFFECTNET_8_VA, FACEAPI_7)) {
            if (s.name.equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException(
                "Unknown class space '" + name + "'; known: affectnet8, affectnet7, affectnet8-va, faceapi7");
    }

    /**
     * The backbone's probabilities mapped to ABAW order (CONTRACTS §1) for {@code rows} rows of logits as stored in
     * logits.npy ({@link #outputCount()} values a row): row-major rows × 8, through {@link #softmaxToAbaw}.
     */
    public float[] abawProbabilities(float[] logits, int rows) {
        int stride = outputCount();
        if (logits.length != (long) rows * stride) {
            throw new IllegalArgumentException(
                    rows + " rows need " + (long) rows * stride + " logits of " + name + ", got " + logits.length);
        }
        float[] out = new float[rows * AbawClass.COUNT];
        for (int r = 0; r < rows; r++) {
            softmaxToAbaw(logits, r * stride, out, r * AbawClass.COUNT);
        }
        return out;
    }

    /**
     * Softmax over the first {@link #classCount()} outputs of {@code logits[offset..]}, mapped to ABAW order.
     * Writes 8 probabilities into {@code abawOut[outOffset..outOffset+8)}.
     */
    public void softmaxToAbaw(float[] logits, int offset, float[] abawOut, int outOffset) {
        int k = classCount();
        double[] e = new double[k];
        double sum = io.fer4j.head.Softmax.expShifted(logits, offset, null, k, e);
        for (int j = 0; j < AbawClass.COUNT; j++) {
            int src = toAbaw[j];
            abawOut[outOffset + j] = src < 0 ? 0f : (float) (e[src] / sum);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClassSpace s
                && s.name.equals(name)
                && s.classNames.equals(classNames)
                && java.util.Arrays.equals(s.toAbaw, toAbaw)
                && s.extraOutputs.equals(extraOutputs);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
