package io.fer4j.spark;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local disk under a scheme of its own ({@code loop:///path}), so that tests take the code path of a remote
 * filesystem (HDFS, S3A): inputs staged to the executor's temporary folder, videos published with a rename that
 * does not overwrite. Registered with {@code fs.loop.impl} and {@code fs.AbstractFileSystem.loop.impl}.
 */
public class LoopbackFileSystem extends RawLocalFileSystem {
    static final URI ROOT = URI.create("loop:///");

    @Override
    public URI getUri() {
        return ROOT;
    }

    @Override
    public String getScheme() {
        return "loop";
    }

    /** FileContext's view of the same filesystem (used for the non-overwriting rename). */
    public static class Context extends DelegateToFileSystem {
        public Context(URI uri, Configuration conf) throws IOException, URISyntaxException {
            super(uri, new LoopbackFileSystem(), conf, "loop", false);
        }
    }
}
