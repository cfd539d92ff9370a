package io.fer4j.spark;

import io.fer4j.error.Fer4jException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The driver's hold on a store for one extraction job. One job at a time per store: {@link #open} takes the lock
 * file {@code <store>/.fer4j-spark.lock} (created exclusively) and refreshes its modification time every
 * {@link #HEARTBEAT}; a second job refuses while the lock is fresh, and takes over a lock left by a killed driver once
 * it is older than {@link #STALE_AFTER}. Holding the lock, the driver alone removes stale temporary folders — before
 * the job, and after it once no task attempt runs any more — so a running attempt never loses its folder.
 */
final class StoreJob implements AutoCloseable {
    static final String LOCK_NAME = ".fer4j-spark.lock";
    static final Duration HEARTBEAT = Duration.ofSeconds(10);
    static final Duration STALE_AFTER = Duration.ofSeconds(60);
    private static final Pattern TRACK = Pattern.compile("_track\\d+");

    private final Path store;
    private final Path lock;
    private final FileSystem fs;
    private final ScheduledExecutorService heartbeat;

    private StoreJob(Path store, Path lock, FileSystem fs, ScheduledExecutorService heartbeat) {
        this.store = store;
        this.lock = lock;
        this.fs = fs;
        this.heartbeat = heartbeat;
    }

    /** Creates the store when missing and takes its lock, or refuses naming the lock and the job holding it. */
    static StoreJob open(String storeUri, Configuration conf, String appId) {
        Path store = new Path(storeUri);
        Path lock = new Path(store, LOCK_NAME);
        FileSystem fs;
        try {
            fs = store.getFileSystem(conf);
            fs.mkdirs(store);
            if (!createExclusive(fs, lock, appId)) {
                FileStatus st = fs.getFileStatus(lock);
                Duration age = Duration.between(Instant.ofEpochMilli(st.getModificationTime()), Instant.now());
                if (age.compareTo(STALE_AFTER) < 0) {
                    throw new Fer4jException(
                            localPath(lock),
                            "another fer4j-spark job is extracting into this store ("
                                    + holder(fs, lock)
                                    + "); wait for it to finish, or use another --store. A lock left by a"
                                    + " killed driver is taken over once it is " + STALE_AFTER.toSeconds() + " s old");
                }
                fs.delete(lock, false); // left by a killed driver: its heartbeat stopped
                if (!createExclusive(fs, lock, appId)) {
                    throw new Fer4jException(
                            localPath(lock),
                            "another fer4j-spark job took this store's lock just now;"
                                    + " wait for it to finish, or use another --store");
                }
            }
        } catch (IOException e) {
            throw new Fer4jException(
                    localPath(store),
                    "cannot create or lock the store (" + e.getMessage()
                            + "); --store must be writable from the driver and every executor");
        }
        ScheduledExecutorService beat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fer4j-store-lock-heartbeat");
            t.setDaemon(true);
            return t;
        });
        beat.scheduleAtFixedRate(
                () -> touch(fs, lock), HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
        return new StoreJob(store, lock, fs, beat);
    }

    /**
     * Removes what killed attempts and runs left: hidden temporary folders ({@code .<id>.tmp-*}, {@code .old-*},
     * {@code .<id>.attempt-*}) and, for the given videos that are not complete, their partial folders (an all-faces
     * video whose {@code <id>_track1/meta.json} is missing loses its other tracks too). Complete videos stay.
     */
    int removeStale(List<VideoTask> tasks, boolean allFaces) throws IOException {
        int removed = 0;
        for (FileStatus st : fs.listStatus(store)) {
            String name = st.getPath().getName();
            if (st.isDirectory() && isTempName(name) && fs.delete(st.getPath(), true)) {
                removed++;
            }
        }
        for (VideoTask t : tasks) {
            String first = allFaces ? t.videoId() + "_track1" : t.videoId();
            if (fs.exists(new Path(new Path(store, first), "meta.json"))) {
                continue;
            }
            for (FileStatus st : fs.listStatus(store)) {
                String name = st.getPath().getName();
                boolean partial = allFaces
                        ? name.startsWith(t.videoId() + "_track")
                                && TRACK.matcher(name.substring(t.videoId().length()))
                                        .matches()
                        : name.equals(t.videoId());
                if (st.isDirectory() && partial && fs.delete(st.getPath(), true)) {
                    removed++;
                }
            }
        }
        return removed;
    }

    /** Hidden temporary folders of fer4j writers: store writer, replaced versions, task attempts. */
    static boolean isTempName(String name) {
        return name.startsWith(".")
                && (name.contains(".tmp-") || name.contains(".old-") || name.contains(TaskAttempt.FOLDER_MARKER));
    }

    /** Stops the heartbeat and releases the lock. */
    @Override
    public void close() {
        heartbeat.shutdownNow();
        try {
            fs.delete(lock, false);
        } catch (IOException e) {
            System.err.println("warning: could not remove the store lock " + lock + " (" + e.getMessage()
                    + "); the next job takes it over after " + STALE_AFTER.toSeconds() + " s");
        }
    }

    private static boolean createExclusive(FileSystem fs, Path lock, String appId) throws IOException {
        byte[] who = ("application " + appId + " on " + TaskAttempt.executorName() + " since " + Instant.now() + "\n")
                .getBytes(StandardCharsets.UTF_8);
        if ("file".equals(fs.getUri().getScheme())) {
            // the local FileSystem's create(overwrite=false) checks, then creates: not exclusive between two drivers
            try {
                Files.write(
                        localPath(lock),
                        who,
                        java.nio.file.StandardOpenOption.CREATE_NEW,
                        java.nio.file.StandardOpenOption.WRITE);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            }
        }
        try (FSDataOutputStream out = fs.create(lock, false)) { // exclusive on HDFS
            out.write(who);
            return true;
        } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
            return false;
        }
    }

    private static void touch(FileSystem fs, Path lock) {
        try {
            fs.setTimes(lock, System.currentTimeMillis(), -1);
        } catch (IOException | RuntimeException e) {
            try (FSDataOutputStream out = fs.create(lock, true)) { // object stores without setTimes: rewrite it
                out.write(("refreshed " + Instant.now() + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException ignored) {
                // the lock goes stale after STALE_AFTER; the job itself is unaffected
            }
        }
    }

    private static String holder(FileSystem fs, Path lock) {
        try (var in = fs.open(lock)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "holder unknown";
        }
    }

    private static java.nio.file.Path localPath(Path p) {
        return java.nio.file.Path.of(p.toUri().getPath());
    }
}
