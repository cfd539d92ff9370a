package io.fer4j.modeltools.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer4j.error.Fer4jException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** TF.js weight files as face-api.js ships them (manifest JSON + binary), shared by the face-api.js converters. */
final class TfjsWeights {
    private TfjsWeights() {}

    /** One manifest tensor: uint8 values with their affine decoding, or float32 values. */
    record Weight(String name, int[] shape, byte[] quantized, double scale, double min, float[] floats) {
        int count() {
            int n = 1;
            for (int d : shape) {
                n *= d;
            }
            return n;
        }

        /** The float32 values exactly as {@code tf.io.decodeWeights} computes them (double, then float). */
        float[] decoded() {
            if (quantized == null) {
                return floats;
            }
            float[] out = new float[quantized.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) ((quantized[i] & 0xff) * scale + min);
            }
            return out;
        }
    }

    /**
     * Reads a TF.js weights manifest and its binary ({@code binEntry} names it in errors): every tensor in manifest
     * order, uint8 ones kept with their affine decoding.
     */
    static Map<String, Weight> read(Path tarball, byte[] manifestJson, byte[] bin, String binEntry) {
        Map<String, Weight> out = new LinkedHashMap<>();
        try {
            JsonNode manifest = new ObjectMapper().readTree(manifestJson);
            ByteBuffer buf = ByteBuffer.wrap(bin).order(ByteOrder.LITTLE_ENDIAN);
            for (JsonNode w : manifest.get(0).get("weights")) {
                JsonNode dims = w.get("shape");
                int[] shape = new int[dims.size()];
                int n = 1;
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = dims.get(i).asInt();
                    n *= shape[i];
                }
                String name = w.get("name").asText();
                JsonNode q = w.get("quantization");
                if (q == null) {
                    float[] values = new float[n];
                    buf.asFloatBuffer().get(values);
                    buf.position(buf.position() + 4 * n);
                    out.put(name, new Weight(name, shape, null, 0, 0, values));
                } else if (q.get("dtype").asText().equals("uint8")) {
                    byte[] values = new byte[n];
                    buf.get(values);
                    out.put(
                            name,
                            new Weight(
                                    name,
                                    shape,
                                    values,
                                    q.get("scale").asDouble(),
                                    q.get("min").asDouble(),
                                    null));
                } else {
                    throw new Fer4jException(
                            tarball,
                            "weight " + name + " uses quantization "
                                    + q.get("dtype").asText() + ", which this converter does not know");
                }
            }
            if (buf.hasRemaining()) {
                throw new Fer4jException(
                        tarball, binEntry + " has " + buf.remaining() + " bytes more than its manifest");
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof Fer4jException f) {
                throw f;
            }
            throw new Fer4jException(tarball, "the weights manifest does not match " + binEntry + " (" + e + ")", e);
        }
        return out;
    }
}
