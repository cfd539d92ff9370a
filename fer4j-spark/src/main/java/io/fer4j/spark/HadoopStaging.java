package io.fer4j.spark;

import io.fer4j.error.Fer4jException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Moves videos and store folders between a Hadoop-compatible filesystem (HDFS, S3A, local) and the executor's local
 * disk: FFmpeg and the store writer need local files. Local ({@code file:}) paths are used in place, without copies.
 */
final class HadoopStaging {
    private HadoopStaging() {
    }

    static boolean isLocal(String uri) {
        URI u = URI.create(uri);
        return u.getScheme() == null || "file".equals(u.getScheme());
    }

    static java.nio.file.Path localPath(String uri) {
        URI u = URI.create(uri);
        return u.getScheme() == null ? java.nio.file.Path.of(uri) : java.nio.file.Path.of(u);
    }

    /** The input on local disk: itself when local, else a copy (a file or a face-image folder) under {@code tmp}. */
    static java.nio.file.Path stageIn(String uri, java.nio.file.Path tmp, Configuration conf) throws IOException {
        if (isLocal(uri)) {
            return localPath(uri);
        }
        Path src = new Path(uri);
        FileSystem fs = src.getFileSystem(conf);
        java.nio.file.Path dst = tmp.resolve(src.getName());
        fs.copyToLocalFile(false, src, new Path(dst.toUri()), true);
        return dst;
    }

    /** Whether {@code <store>/<videoId>/meta.json} exists (a complete store video, DESIGN §3). */
    static boolean isComplete(String storeUri, String videoId, Configuration conf) throws IOException {
        Path meta = new Path(new Path(storeUri, videoId), "meta.json");
        return meta.getFileSystem(conf).exists(meta);
    }

    /**
     * Publishes a complete local store video folder into the remote store: copied into a hidden temporary folder
     * first, then renamed, so readers never see a partial video (on HDFS the rename is atomic; on S3A it is a copy
     * whose meta.json lands after the other files).
     */
    static void publish(java.nio.file.Path localVideoDir, String storeUri, Configuration conf) throws IOException {
        String id = localVideoDir.getFileName().toString();
        Path store = new Path(storeUri);
        FileSystem fs = store.getFileSystem(conf);
        fs.mkdirs(store);
        Path tmp = new Path(store, "." + id + ".tmp-" + UUID.randomUUID());
        Path target = new Path(store, id);
        try {
            fs.mkdirs(tmp);
            // meta.json goes last so an interrupted copy is never taken for complete.
            try (Stream<java.nio.file.Path> files = Files.list(localVideoDir)) {
                for (java.nio.file.Path f : files.sorted(Comparator.comparing(p -> p.getFileName().toString().equals("meta.json"))).toList()) {
                    fs.copyFromLocalFile(false, true, new Path(f.toUri()), new Path(tmp, f.getFileName().toString()));
                }
            }
            if (fs.exists(target)) {
                fs.delete(target, true); // an incomplete leftover of an earlier run
            }
            if (!fs.rename(tmp, target)) {
                throw new IOException("rename " + tmp + " -> " + target + " failed");
            }
        } catch (IOException e) {
            fs.delete(tmp, true);
            throw e;
        }
    }

    /** Deletes a local temporary tree, ignoring what cannot be deleted. */
    static void deleteLocal(java.nio.file.Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<java.nio.file.Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lists child entries of a directory URI (files and folders), sorted by name. */
    static FileStatus[] list(String dirUri, Configuration conf) {
        try {
            Path dir = new Path(dirUri);
            FileStatus[] st = dir.getFileSystem(conf).listStatus(dir);
            java.util.Arrays.sort(st, Comparator.comparing(s -> s.getPath().getName()));
            return st;
        } catch (IOException e) {
            throw new Fer4jException(java.nio.file.Path.of(dirUri.replaceFirst("^file:", "")),
                    "cannot list the input (" + e.getMessage() + "); check the path and the filesystem credentials");
        }
    }
}
