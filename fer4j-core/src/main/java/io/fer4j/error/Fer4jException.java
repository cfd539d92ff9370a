package io.fer4j.error;

import java.nio.file.Path;

/**
 * A failure the user can act on. The message names the file concerned and says what to do next; the CLI prints it
 * without a stack trace and exits non-zero.
 */
public class Fer4jException extends RuntimeException {
    private final transient Path file;

    public Fer4jException(String message) {
        this(null, message, null);
    }

    public Fer4jException(Path file, String message) {
        this(file, message, null);
    }

    public Fer4jException(Path file, String message, Throwable cause) {
        super(file == null ? message : file + ": " + message, cause);
        this.file = file;
    }

    /** The file the failure concerns, or null. */
    public Path file() {
        return file;
    }
}
