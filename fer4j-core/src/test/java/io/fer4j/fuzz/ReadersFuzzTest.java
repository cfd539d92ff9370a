package io.fer4j.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.fer4j.annotation.ExprAnnotations;
import io.fer4j.bundle.BundleFiles;
import io.fer4j.error.Fer4jException;
import io.fer4j.npy.Npy;
import io.fer4j.submission.TestList;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Issue 10, item 7: coverage-guided fuzzing (Jazzer) of the readers of user files. The contract: every input either
 * parses or raises {@link Fer4jException} (a message naming the file); any other exception, a hang or running out of
 * memory is a finding. Without {@code JAZZER_FUZZ=1} (CI) each method replays its committed corpus, under
 * {@code src/test/resources/io/fer4j/fuzz/ReadersFuzzTestInputs/<method>/}, findings included, in a few seconds;
 * {@code JAZZER_FUZZ=1 mvn -pl fer4j-core test -Dtest=ReadersFuzzTest#npy} fuzzes one method for its maxDuration
 * and adds what it finds to that folder (see docs/formats.md).
 */
class ReadersFuzzTest {
    private static final Path DIR;

    static {
        try {
            DIR = Files.createTempDirectory("fer4j-fuzz");
            DIR.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code data} as {@code name} and hands it to {@code reader}; only Fer4jException may come out. */
    private static void check(byte[] data, String name, Consumer<Path> reader) {
        Path file = DIR.resolve(name);
        try {
            Files.write(file, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            reader.accept(file);
        } catch (Fer4jException expected) {
            // a clear refusal naming the file: what bad input must give
        }
    }

    @FuzzTest(maxDuration = "60s")
    void npy(byte[] data) {
        check(data, "frames.npy", Npy::read);
    }

    @FuzzTest(maxDuration = "60s")
    void npyHeader(byte[] data) {
        check(data, "embeddings.npy", Npy::readHeader);
    }

    @FuzzTest(maxDuration = "60s")
    void annotation(byte[] data) {
        check(data, "video10_1.txt", ExprAnnotations::read);
    }

    @FuzzTest(maxDuration = "60s")
    void testList(byte[] data) {
        check(data, "test_list.txt", TestList::read);
    }

    @FuzzTest(maxDuration = "60s")
    void bundle(byte[] data) {
        check(data, "model.fer4j.json", BundleFiles::read);
    }
}
