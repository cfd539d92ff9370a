package io.fer4j.npy;

import java.nio.file.Path;

/** Public entry to {@link PythonNumpy} for tests in other packages. */
public final class PythonNumpyAccess {
    private PythonNumpyAccess() {}

    public static String run(Path dir, String script) throws Exception {
        return PythonNumpy.run(dir, script);
    }
}
