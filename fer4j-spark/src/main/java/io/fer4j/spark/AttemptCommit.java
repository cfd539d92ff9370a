package io.fer4j.spark;

import io.fer4j.store.AtomicFiles;
import io.fer4j.store.VideoMeta;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The commit of a task attempt into a local (or shared, POSIX-mounted) store: one atomic rename per store video.
 * rename(2) of a folder fails when the target is a non-empty folder, so of two attempts committing the same video
 * exactly one succeeds; the other finds the video complete and drops its own copy. Nothing of another attempt, and
 * no complete video, is ever deleted here.
 */
final class AttemptCommit {
    private AttemptCommit() {}

    /**
     * Renames the attempt's complete video folder {@code written} to {@code <store>/<its name>}. Returns false when
     * another attempt committed that video first (then {@code written} is left for the caller to delete).
     */
    static boolean commitLocal(Path written, Path store) {
        Path target = store.resolve(written.getFileName().toString());
        if (isComplete(target)) {
            return false;
        }
        try {
            Files.move(written, target, StandardCopyOption.ATOMIC_MOVE);
            AtomicFiles.syncDirectory(store);
            return true;
        } catch (IOException e) {
            if (isComplete(target)) {
                return false; // lost the race to another attempt: its copy is identical
            }
            throw AtomicFiles.failure(target, "commit the video folder", e);
        }
    }

    static boolean isComplete(Path videoDir) {
        return Files.isRegularFile(videoDir.resolve(VideoMeta.FILE_NAME));
    }
}
