package io.fer4j.model;

/**
 * Where a run may get its models from. A library call never downloads or substitutes a model unless its policy says
 * so; the command line asks for {@link #DOWNLOAD_OR_EMBEDDED} ({@code fer4j predict}) or {@link #DOWNLOAD}
 * ({@code fer4j extract}, Spark), and {@code --offline} for {@link #OFFLINE}.
 */
public enum ModelPolicy {
    /**
     * Only what is on this machine: model files given by path, the model cache and the models embedded in the jar
     * (faceapi_expression, yunet). A registry model missing from the cache is an error; nothing is substituted. The
     * Java API's default.
     */
    OFFLINE,
    /** A registry model missing from the cache is downloaded (verified); a failed download is an error. */
    DOWNLOAD,
    /**
     * As {@link #DOWNLOAD}; when no backbone was named (and there is no bundle) and the default one cannot be had,
     * the embedded faceapi_expression is used instead and the run says so ({@code fer4j predict}'s documented
     * behaviour).
     */
    DOWNLOAD_OR_EMBEDDED;

    /** True when a registry model missing from the cache may be downloaded. */
    public boolean downloads() {
        return this != OFFLINE;
    }

    /** True when an unavailable default backbone may be replaced by the embedded one. */
    public boolean fallsBackToEmbedded() {
        return this == DOWNLOAD_OR_EMBEDDED;
    }
}
