package io.fer4j.spark;

import io.fer4j.error.Fer4jException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * Moves videos and store folders between a Hadoop-compatible filesystem (HDFS, S3A, local) and the executor's local
 * disk: FFmpeg and the store writer need local files. Local ({@code file:}) paths are used in place, without copies.
 */
final class HadoopStaging {
    private HadoopStaging() {}

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

    /** Whether {@code <store>/<videoId>/meta.json} exists (a complete store video, CONTRACTS §3). */
    static boolean isComplete(String storeUri, String videoId, Configuration conf) throws IOException {
        Path meta = new Path(new Path(storeUri, videoId), "meta.json");
        return meta.getFileSystem(conf).exists(meta);
    }

    /**
     * Publishes a complete local store video folder into the remote store: copied into the attempt's hidden folder
     * {@code attemptFolder} first (meta.json last), then renamed into place without overwriting (atomic on HDFS), so
     * readers never see a partial video. Returns false when another attempt published the video first: this copy is
     * dropped. The attempt folder is removed in every case.
     */
    static boolean publish(java.nio.file.Path localVideoDir, String storeUri, String attemptFolder, Configuration conf)
            throws IOException {
        String id = localVideoDir.getFileName().toString();
        Path store = new Path(storeUri);
        FileSystem fs = store.getFileSystem(conf);
        Path tmp = new Path(store, attemptFolder);
        Path target = new Path(store, id);
        Path meta = new Path(target, "meta.json");
        try {
            if (fs.exists(meta)) {
                return false;
            }
            fs.mkdirs(tmp);
            // meta.json goes last so an interrupted copy is never taken for complete.
            try (Stream<java.nio.file.Path> files = Files.list(localVideoDir)) {
                for (java.nio.file.Path f : files.sorted(Comparator.comparing(
                                p -> p.getFileName().toString().equals("meta.json")))
                        .toList()) {
                    fs.copyFromLocalFile(
                            false,
                            true,
                            new Path(f.toUri()),
                            new Path(tmp, f.getFileName().toString()));
                }
            }
            try {
                // FileSystem.rename would move tmp *into* an existing target; FileContext's NONE refuses instead
                FileContext.getFileContext(store.toUri(), conf).rename(tmp, target, Options.Rename.NONE);
                return true;
            } catch (IOException e) {
                if (fs.exists(meta)) {
                    return false; // another attempt won: its copy is identical
                }
                throw new IOException("rename " + tmp + " -> " + target + " failed: " + e.getMessage(), e);
            }
        } finally {
            fs.delete(tmp, true);
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
            throw new Fer4jException(
                    java.nio.file.Path.of(dirUri.replaceFirst("^file:", "")),
                    "cannot list the input (" + e.getMessage() + "); check the path and the filesystem credentials");
        }
    }
}
