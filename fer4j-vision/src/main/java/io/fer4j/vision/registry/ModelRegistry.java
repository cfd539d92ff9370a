package io.fer4j.vision.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer4j.label.ClassSpace;
import io.fer4j.vision.backbone.BackboneSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The table of known models, read from the JSON resource {@code models.json} next to this class (EmotiEffLib's seven
 * ONNX backbones and YuNet, CONTRACTS §10). Immutable and thread-safe.
 */
public final class ModelRegistry {
    private static final String RESOURCE = "models.json";

    private final Map<String, ModelEntry> entries;

    public ModelRegistry(List<ModelEntry> entries) {
        Map<String, ModelEntry> m = new LinkedHashMap<>();
        for (ModelEntry e : entries) {
            if (m.put(e.name(), e) != null) {
                throw new IllegalArgumentException("duplicate registry entry " + e.name());
            }
        }
        this.entries = java.util.Collections.unmodifiableMap(m);
    }

    /** The registry shipped with fer4j. */
    public static ModelRegistry builtIn() {
        try (InputStream in = ModelRegistry.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " missing from the fer4j-vision jar");
            }
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the built-in model registry", e);
        }
    }

    /** Parses a registry JSON document: {@code {"models": [ {...}, ... ]}}. */
    public static ModelRegistry parse(InputStream json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json);
        List<ModelEntry> out = new ArrayList<>();
        for (JsonNode n : root.path("models")) {
            String name = text(n, "name", true);
            ModelEntry.Kind kind = ModelEntry.Kind.valueOf(text(n, "kind", true).toUpperCase(java.util.Locale.ROOT));
            BackboneSpec spec = null;
            String sha = text(n, "sha256", false);
            if (kind == ModelEntry.Kind.BACKBONE) {
                String resize = text(n, "resize", false);
                spec = new BackboneSpec(
                        name,
                        n.path("input_size").asInt(),
                        doubles(n, "mean"),
                        doubles(n, "std"),
                        ClassSpace.byName(text(n, "class_space", true)),
                        n.path("embedding_dim").asInt(0),
                        sha,
                        resize == null ? BackboneSpec.CropResize.STRETCH : BackboneSpec.CropResize.parse(resize));
            }
            String embedded = text(n, "embedded", false);
            out.add(new ModelEntry(
                    name,
                    kind,
                    text(n, "url", embedded == null),
                    sha,
                    text(n, "sha256_source", false),
                    text(n, "file", true),
                    text(n, "licence", false),
                    text(n, "description", false),
                    spec,
                    embedded));
        }
        return new ModelRegistry(out);
    }

    private static String text(JsonNode n, String field, boolean required) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new IllegalArgumentException(
                        "registry entry " + n.path("name").asText("?") + " lacks '" + field + "'");
            }
            return null;
        }
        return v.asText();
    }

    private static double[] doubles(JsonNode n, String field) {
        JsonNode a = n.path(field);
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asDouble();
        }
        return out;
    }

    public List<ModelEntry> entries() {
        return List.copyOf(entries.values());
    }

    public Optional<ModelEntry> find(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    /** The entry of that name, or an {@link IllegalArgumentException} listing the known names. */
    public ModelEntry get(String name) {
        return find(name)
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown model '" + name + "'; known: " + String.join(", ", entries.keySet())));
    }

    /** The first entry pinned to this hash, if any (identifies a user's copy of a registry model). */
    public Optional<ModelEntry> findBySha256(String sha256) {
        return entries.values().stream()
                .filter(e -> sha256 != null && sha256.equals(e.sha256()))
                .findFirst();
    }
}
