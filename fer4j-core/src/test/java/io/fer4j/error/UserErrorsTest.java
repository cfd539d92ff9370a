package io.fer4j.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class UserErrorsTest {
    private static String[] report(Exception ex) {
        StringWriter err = new StringWriter();
        int code = UserErrors.report(ex, "fer4j-spark extract", new PrintWriter(err, true));
        return new String[] {Integer.toString(code), err.toString()};
    }

    @Test
    void userErrorsAreOneLineWithExitCode2() {
        for (Exception ex : new Exception[] {
            new Fer4jException(Path.of("a.mp4"), "is broken; re-encode it"),
            new IOException("disk full"),
            new UncheckedIOException(new IOException("disk full")),
            new IllegalArgumentException("--batch must be >= 1")
        }) {
            String[] r = report(ex);
            assertEquals(Integer.toString(ExitCodes.USER_ERROR), r[0], ex.toString());
            assertTrue(r[1].startsWith("fer4j-spark extract: error: " + ex.getMessage()), r[1]);
            assertEquals(1, r[1].lines().count(), r[1]);
        }
    }

    @Test
    void aPathTheLocaleCannotEncodeSaysToUseUtf8() {
        // what Path.of throws for "é.mp4" when Java's file-name encoding is ASCII (LC_ALL=POSIX)
        String[] r = report(new java.nio.file.InvalidPathException(
                "/data/\uFFFD.mp4", "Malformed input or input contains unmappable characters"));
        assertEquals(Integer.toString(ExitCodes.USER_ERROR), r[0]);
        assertTrue(
                r[1].startsWith("fer4j-spark extract: error: /data/\uFFFD.mp4: this path has characters the "
                                + "current locale cannot encode")
                        && r[1].contains("LC_ALL=C.UTF-8"),
                r[1]);
        assertEquals(1, r[1].lines().count(), r[1]);
    }

    @Test
    void bugsKeepTheirStackTraceWithExitCode1() {
        String[] r = report(new IllegalStateException("internal"));
        assertEquals(Integer.toString(ExitCodes.INTERNAL_ERROR), r[0]);
        assertTrue(r[1].contains("IllegalStateException: internal") && r[1].contains("\tat "), r[1]);
    }
}
