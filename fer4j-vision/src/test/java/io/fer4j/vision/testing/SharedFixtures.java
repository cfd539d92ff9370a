package io.fer4j.vision.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Test support: files under {@code fer4j.shared/fixtures}; a test that needs an absent one is skipped with the reason. */
public final class SharedFixtures {
    private SharedFixtures() {}

    /** A fixture file under {@code fer4j.shared}; the calling test is skipped when it is absent. */
    public static Path fixture(String relative) {
        String shared = System.getProperty("fer4j.shared");
        Assumptions.assumeTrue(shared != null && !shared.isBlank(), "fer4j.shared not set");
        Path p = Path.of(shared, "fixtures", relative);
        Assumptions.assumeTrue(Files.isRegularFile(p), p + " absent");
        return p;
    }
}
