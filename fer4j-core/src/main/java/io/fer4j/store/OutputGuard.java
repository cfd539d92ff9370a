package io.fer4j.store;

import io.fer4j.error.Fer4jException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one rule for every output option of every command, checked before anything expensive runs: an existing file is
 * refused unless {@code --force}, and an input is never an output, whatever {@code --force} says. Paths are compared
 * by their real location (symbolic links, {@code ..} and hard links resolved), so a second name for an input is
 * caught too. Immutable: {@link #reading} returns a new guard.
 *
 * <pre>{@code
 * OutputGuard guard = OutputGuard.overwriting(force).reading("--test-list", testList).readingTree("--store", store);
 * guard.requireFile("--out", out);
 * }</pre>
 */
public final class OutputGuard {
    /** An input of the command: a file, or a folder whose whole tree is read. */
    private record Input(String option, Path path, boolean tree) {}

    private final boolean force;
    private final List<Input> inputs;

    private OutputGuard(boolean force, List<Input> inputs) {
        this.force = force;
        this.inputs = List.copyOf(inputs);
    }

    /** A guard for a command whose {@code --force} is {@code force} (existing outputs then get overwritten). */
    public static OutputGuard overwriting(boolean force) {
        return new OutputGuard(force, List.of());
    }

    /** This guard plus an input file (or folder) named by {@code option}; a null path is ignored. */
    public OutputGuard reading(String option, Path path) {
        return with(new Input(option, path, false));
    }

    /**
     * This guard plus an input folder whose whole tree is read (a store, an annotation folder): no output may lie
     * inside it. A null path is ignored.
     */
    public OutputGuard readingTree(String option, Path dir) {
        return with(new Input(option, dir, true));
    }

    private OutputGuard with(Input in) {
        if (in.path() == null) {
            return this;
        }
        List<Input> all = new ArrayList<>(inputs);
        all.add(in);
        return new OutputGuard(force, all);
    }

    /** True when {@code --force} was given. */
    public boolean force() {
        return force;
    }

    /**
     * Checks a file the command will write: not an input, not inside an input tree, not a folder, and not existing
     * unless {@code --force}. Returns {@code target}.
     */
    public Path requireFile(String option, Path target) {
        requireNotAnInput(option, target);
        if (Files.isDirectory(target)) {
            throw new Fer4jException(target, "is a folder; " + option + " takes a file name");
        }
        if (Files.exists(target) && !force) {
            throw new Fer4jException(
                    target, "already exists; pass --force to overwrite it, or choose another " + option);
        }
        return target;
    }

    /**
     * Checks a folder the command will write into (created later, by the caller): not an input or inside an input
     * tree, and not an existing file. Whether an existing folder is acceptable is the caller's rule.
     */
    public Path requireFolder(String option, Path target) {
        requireNotAnInput(option, target);
        if (Files.exists(target) && !Files.isDirectory(target)) {
            throw new Fer4jException(target, "exists and is not a folder; choose another " + option);
        }
        return target;
    }

    /** Refuses {@code target} when it is one of the inputs (or lies inside an input tree), even with --force. */
    public void requireNotAnInput(String option, Path target) {
        Path real = realLocation(target);
        for (Input in : inputs) {
            Path input = realLocation(in.path());
            boolean same = real.equals(input) || sameFile(target, in.path());
            if (same || (in.tree() && real.startsWith(input))) {
                throw new Fer4jException(
                        target,
                        (same ? "is" : "lies inside") + " the input " + in.option() + " " + in.path()
                                + "; an input is never overwritten: choose another " + option);
            }
        }
    }

    /** The real path of {@code p}: of its nearest existing ancestor, with the rest appended (nothing created). */
    static Path realLocation(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return abs;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(abs)).normalize();
        } catch (IOException e) {
            return abs;
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b); // hard links too
        } catch (IOException e) {
            return false;
        }
    }
}
