package io.fer4j.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fer4j.error.Fer4jException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A store video's {@code meta.json} (CONTRACTS §3). The five known keys are typed; every other key (written by
 * extraction, e.g. detector settings, or the {@code audio} entry) is kept in {@link #extras()} and written back
 * unchanged when the file is rewritten.
 *
 * <pre>{"fps": 30.0, "frame_count": 900, "backbone": "enet_b0_8_best_vgaf", "backbone_sha256": "…",
 *  "embedding_dim": 1280, …extras}</pre>
 *
 * @param fps            frames per second of the source (0 = unknown, e.g. a face-image folder)
 * @param frameCount     F, the number of frames of the video (frames are numbered 1..F)
 * @param backbone       backbone model name
 * @param backboneSha256 sha256 of the backbone's ONNX file (hex; may be empty when unknown)
 * @param embeddingDim   D, the embedding width
 * @param extras         other keys, in file order (unmodifiable)
 */
public record VideoMeta(
        double fps,
        int frameCount,
        String backbone,
        String backboneSha256,
        int embeddingDim,
        Map<String, Object> extras) {
    public static final String FILE_NAME = "meta.json";
    /** The {@link #extras()} key {@link FeatureStore#addAudio} writes: {"rows": F, "dim": Da, "dtype": "float16"}. */
    public static final String AUDIO_KEY = "audio";
    /** The {@link #extras()} key naming the backbone's output class space ({@code ClassSpace#byName}). */
    public static final String CLASS_SPACE_KEY = "class_space";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final java.util.Set<String> KNOWN =
            java.util.Set.of("fps", "frame_count", "backbone", "backbone_sha256", "embedding_dim");

    public VideoMeta {
        Objects.requireNonNull(backbone, "backbone");
        Objects.requireNonNull(backboneSha256, "backboneSha256");
        if (!Double.isFinite(fps) || fps < 0) {
            throw new IllegalArgumentException("fps must be finite and >= 0, got " + fps);
        }
        if (frameCount < 0) {
            throw new IllegalArgumentException("frameCount must be >= 0, got " + frameCount);
        }
        if (embeddingDim <= 0) {
            throw new IllegalArgumentException("embeddingDim must be > 0, got " + embeddingDim);
        }
        Map<String, Object> copy = new LinkedHashMap<>(extras == null ? Map.of() : extras);
        for (String k : KNOWN) {
            if (copy.containsKey(k)) {
                throw new IllegalArgumentException("extras must not hold the typed key '" + k + "'");
            }
        }
        extras = Collections.unmodifiableMap(copy);
    }

    /** Meta without extras. */
    public VideoMeta(double fps, int frameCount, String backbone, String backboneSha256, int embeddingDim) {
        this(fps, frameCount, backbone, backboneSha256, embeddingDim, Map.of());
    }

    /** The backbone's class space as recorded by extraction, if it was. */
    public java.util.Optional<String> classSpace() {
        return java.util.Optional.ofNullable(extras.get(CLASS_SPACE_KEY)).map(Object::toString);
    }

    /** A copy with {@code key} set to {@code value} in the extras (a JSON-serialisable value). */
    public VideoMeta withExtra(String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(extras);
        m.put(key, value);
        return new VideoMeta(fps, frameCount, backbone, backboneSha256, embeddingDim, m);
    }

    /** The JSON text of meta.json. */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fps", fps);
        m.put("frame_count", frameCount);
        m.put("backbone", backbone);
        m.put("backbone_sha256", backboneSha256);
        m.put("embedding_dim", embeddingDim);
        m.putAll(extras);
        try {
            return JSON.writeValueAsString(m) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("meta extras are not JSON-serialisable: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Parses meta.json text. {@code embedding_dim} may be absent in files written by other tools: then
     * {@code defaultEmbeddingDim} (taken from embeddings.npy) is used.
     */
    public static VideoMeta parse(Path file, String json, int defaultEmbeddingDim) {
        Map<String, Object> m;
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> parsed = JSON.readValue(json, LinkedHashMap.class);
            m = parsed;
        } catch (JsonProcessingException e) {
            throw new Fer4jException(
                    file,
                    "malformed JSON at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage()
                            + "; delete the video folder and extract it again");
        }
        if (m == null) {
            throw new Fer4jException(file, "empty meta.json; delete the video folder and extract it again");
        }
        double fps = number(file, m, "fps", true).doubleValue();
        Number fc = number(file, m, "frame_count", true);
        if (fc.doubleValue() != Math.rint(fc.doubleValue())
                || fc.longValue() < 0
                || fc.longValue() > Integer.MAX_VALUE) {
            throw new Fer4jException(file, "'frame_count' must be a non-negative integer, got " + fc);
        }
        Object backbone = m.get("backbone");
        Object sha = m.getOrDefault("backbone_sha256", "");
        if (!(backbone instanceof String) || !(sha instanceof String)) {
            throw new Fer4jException(file, "'backbone' and 'backbone_sha256' must be strings");
        }
        Number dim = number(file, m, "embedding_dim", false);
        int embeddingDim = dim == null ? defaultEmbeddingDim : dim.intValue();
        Map<String, Object> extras = new LinkedHashMap<>(m);
        extras.keySet().removeAll(KNOWN);
        try {
            return new VideoMeta(fps, fc.intValue(), (String) backbone, (String) sha, embeddingDim, extras);
        } catch (IllegalArgumentException e) {
            throw new Fer4jException(file, e.getMessage());
        }
    }

    private static Number number(Path file, Map<String, Object> m, String key, boolean required) {
        Object v = m.get(key);
        if (v == null) {
            if (required) {
                throw new Fer4jException(
                        file, "missing key '" + key + "'; delete the video folder and extract it again");
            }
            return null;
        }
        if (!(v instanceof Number n)) {
            throw new Fer4jException(file, "'" + key + "' must be a number, got " + v);
        }
        return n;
    }
}
