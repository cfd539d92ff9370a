package io.fer4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.error.ExitCodes;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, item 2b: Ctrl-C (SIGINT) sent to a child {@code fer4j extract} at random moments (fixed seed) ends it
 * with exit 130 and no JVM crash report, and the store then resumes to exactly the bytes of an uninterrupted run.
 * Where this JVM was started with SIGINT ignored (a background job), SIGTERM takes its place.
 */
class ExtractInterruptTest {
    private static final int VIDEOS = 10;
    private static final int RUNS = 5;

    @TempDir
    Path dir;

    private static Path fixtures() {
        String shared = System.getProperty("fer4j.shared");
        Path f = shared == null ? null : Path.of(shared, "fixtures");
        Assumptions.assumeTrue(f != null && Files.isDirectory(f), "../shared/fixtures not present");
        return f;
    }

    @Test
    void ctrlCAtRandomMomentsExits130WithoutCrashAndTheStoreResumesBitIdentical() throws Exception {
        Assumptions.assumeTrue(
                Files.isExecutable(Path.of("/bin/kill")) || Files.isExecutable(Path.of("/usr/bin/kill")),
                "no kill command to send SIGINT with");
        Path f = fixtures();
        Path in = Files.createDirectories(dir.resolve("in"));
        for (int i = 1; i <= VIDEOS; i++) {
            Files.copy(f.resolve("media/video.mp4"), in.resolve(String.format("v%02d.mp4", i)));
        }
        List<String> args = List.of(
                "extract",
                "--input",
                in.toString(),
                "--backbone",
                f.resolve("models/enet_b0_random.onnx").toString(),
                "--detector",
                f.resolve("models/face_detection_yunet.onnx").toString(),
                "--threads",
                "1",
                "--batch",
                "2");
        Path reference = dir.resolve("reference");
        assertEquals(0, run(args, reference));

        // A shell starts background jobs with SIGINT ignored, and children inherit that (then the JVM does not even
        // install a handler): there, send SIGTERM, which StopRequest treats the same way.
        String signal = sigintIgnored() ? "-TERM" : "-INT";
        Path store = dir.resolve("store");
        Path work = Files.createDirectories(dir.resolve("work"));
        Random random = new Random(42);
        int interrupted = 0;
        for (int i = 0; i < RUNS && !complete(store); i++) {
            List<String> cmd = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    Fer4jCommand.class.getName()));
            cmd.addAll(args);
            cmd.addAll(List.of("--store", store.toString()));
            Path log = work.resolve("run" + i + ".log");
            Process p = new ProcessBuilder(cmd)
                    .directory(work.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            // The moment, by progress rather than by clock: after 0-3 finished videos (0: start-up, model loading or
            // the first video), then a random delay, so the signal lands in loading, decoding, detection or inference.
            int afterVideos = random.nextInt(4);
            long delayMillis = random.nextInt(afterVideos == 0 ? 2000 : 300);
            while (p.isAlive() && finishedVideos(log) < afterVideos) {
                Thread.sleep(5);
            }
            if (p.waitFor(delayMillis, TimeUnit.MILLISECONDS)) {
                assertEquals(0, p.exitValue(), Files.readString(log));
                continue;
            }
            new ProcessBuilder("kill", signal, Long.toString(p.pid())).start().waitFor();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "no exit within 60 s of Ctrl-C: " + Files.readString(log));
            String output = Files.readString(log);
            if (p.exitValue() == 0 && output.matches("(?s).*extract: \\d+ extracted.*")) {
                continue; // the signal came after the run had finished its work, while it was exiting
            }
            assertEquals(ExitCodes.INTERRUPTED, p.exitValue(), output);
            interrupted++;
            try (Stream<Path> s = Files.list(work)) {
                assertTrue(
                        s.noneMatch(x -> x.getFileName().toString().startsWith("hs_err")),
                        "the JVM crashed: " + Files.readString(log));
            }
        }
        assertTrue(interrupted > 0, "every child finished before its Ctrl-C: nothing was tested");
        assertEquals(0, run(args, store), "resume");
        TreeMap<String, byte[]> want = tree(reference);
        TreeMap<String, byte[]> got = tree(store);
        assertEquals(want.keySet(), got.keySet());
        for (String k : want.keySet()) {
            assertArrayEquals(want.get(k), got.get(k), k);
        }
    }

    /** Whether this process (and so its children) ignores SIGINT: bit 1 of SigIgn in /proc/self/status. */
    private static boolean sigintIgnored() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return false;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseLong(line.substring(7).trim(), 16) & (1L << 1)) != 0;
            }
        }
        return false;
    }

    /** Progress lines of finished videos in the child's log ({@code [k/n] <video>: ...}). */
    private static long finishedVideos(Path log) throws IOException {
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(l -> l.matches("\\[\\d+/\\d+] .*")).count();
        } catch (java.io.UncheckedIOException e) {
            return 0; // a line half written: look again
        }
    }

    private static boolean complete(Path store) {
        for (int i = 1; i <= VIDEOS; i++) {
            if (!Files.exists(store.resolve(String.format("v%02d", i)).resolve("meta.json"))) {
                return false;
            }
        }
        return true;
    }

    private static int run(List<String> args, Path store) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--store", store.toString()));
        return TrainEvaluateSubmitTest.run(all.toArray(String[]::new)).exit();
    }

    private static TreeMap<String, byte[]> tree(Path root) throws Exception {
        TreeMap<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(p).toString().replace(File.separatorChar, '/'), Files.readAllBytes(p));
            }
        }
        return files;
    }
}
