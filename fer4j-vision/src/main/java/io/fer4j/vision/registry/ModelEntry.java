package io.fer4j.vision.registry;

import io.fer4j.vision.backbone.BackboneSpec;
import java.util.Objects;

/**
 * One row of the model registry (timm-style: code reads the record, nothing branches on names).
 *
 * @param name         registry name ({@code --backbone NAME}, {@code fer4j models fetch NAME})
 * @param kind         what the file is for
 * @param url          where {@code fetch} downloads it from; null for an embedded model that has no single public file
 * @param sha256       lower-case hex SHA-256 of the file, or null where no public pin is known ("unpinned": the hash
 *                     computed at download is recorded beside the file and checked by {@code verify})
 * @param sha256Source where the pin comes from (for the docs and {@code models list --verbose})
 * @param fileName     the file name in the cache's {@code models/} directory
 * @param licence      licence of the weights
 * @param description  one line for {@code models list}
 * @param backbone     preprocessing and outputs for {@link Kind#BACKBONE} entries, null for detectors
 * @param embedded     resource name (beside this class's {@code ../models/}) of a copy shipped inside the jar, or null
 */
public record ModelEntry(
        String name,
        Kind kind,
        String url,
        String sha256,
        String sha256Source,
        String fileName,
        String licence,
        String description,
        BackboneSpec backbone,
        String embedded) {

    /** Where embedded model files live on the classpath. */
    public static final String EMBEDDED_RESOURCE_DIR = "/io/fer4j/vision/models/";

    /** A backbone labels expressions, a detector finds faces, a descriptor tells people apart (identity vector). */
    public enum Kind {
        BACKBONE,
        DETECTOR,
        DESCRIPTOR
    }

    public ModelEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        if (url == null && embedded == null) {
            throw new IllegalArgumentException(name + ": an entry needs a url or an embedded copy");
        }
        if (embedded != null && sha256 == null) {
            throw new IllegalArgumentException(name + ": an embedded model must be pinned (sha256)");
        }
        Objects.requireNonNull(fileName, "fileName");
        if (sha256 != null && !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException(name + ": sha256 must be 64 lower-case hex digits, got " + sha256);
        }
        if ((kind == Kind.BACKBONE) != (backbone != null)) {
            throw new IllegalArgumentException(name + ": backbone entries need a spec, detectors and descriptors none");
        }
    }

    /** An entry without an embedded copy (the form used by tests and by registries users write). */
    public ModelEntry(
            String name,
            Kind kind,
            String url,
            String sha256,
            String sha256Source,
            String fileName,
            String licence,
            String description,
            BackboneSpec backbone) {
        this(name, kind, url, sha256, sha256Source, fileName, licence, description, backbone, null);
    }

    public boolean pinned() {
        return sha256 != null;
    }

    /** Whether a copy ships inside the fer4j-vision jar (usable offline, no download). */
    public boolean isEmbedded() {
        return embedded != null;
    }
}
