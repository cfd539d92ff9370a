package io.fer4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.audio.AudioEmbedderOptions;
import io.fer4j.error.ExitCodes;
import io.fer4j.npy.Npy;
import io.fer4j.npy.NpyArray;
import io.fer4j.store.FeatureStore;
import io.fer4j.store.StoreVideoWriter;
import io.fer4j.store.VideoMeta;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AudioOptionsTest {
    @CommandLine.Command(name = "probe")
    static final class Probe implements Callable<Integer> {
        @CommandLine.Mixin
        AudioOptions audio;

        @CommandLine.Option(names = "--input")
        Path input;

        @CommandLine.Option(names = "--store")
        Path output;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            audio.validate();
            if (audio.audioOnly()) {
                return audio.runAudioOnly(output, input, 1, spec.commandLine().getOut(), 3);
            }
            return 0;
        }
    }

    private static Probe parse(String... args) {
        Probe p = new Probe();
        new CommandLine(p).parseArgs(args);
        return p;
    }

    @Test
    void defaultsFollowDesign() {
        Probe p = parse();
        assertFalse(p.audio.enabled());
        AudioEmbedderOptions o = p.audio.embedderOptions(0);
        assertEquals(16_000, o.chunking().chunkSamples());
        assertEquals(0, o.chunking().overlapSamples());
        assertTrue(o.normalize());
        assertEquals(8, o.batchChunks());
    }

    @Test
    void optionsAreParsed() {
        Probe p = parse(
                "--audio-model",
                "m.onnx",
                "--audio-chunk-seconds",
                "2",
                "--audio-overlap-seconds",
                "0.5",
                "--no-audio-normalize",
                "--audio-batch",
                "3");
        assertTrue(p.audio.enabled());
        AudioEmbedderOptions o = p.audio.embedderOptions(0);
        assertEquals(32_000, o.chunking().chunkSamples());
        assertEquals(8_000, o.chunking().overlapSamples());
        assertFalse(o.normalize());
        assertEquals(3, o.batchChunks());
        assertTrue(parse("--audio-normalize").audio.embedderOptions(0).normalize());
    }

    @Test
    void badCombinationsAreUserErrors() {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Probe());
        cl.setExecutionExceptionHandler(Fer4jCommand.userErrors());
        cl.setErr(new PrintWriter(err));
        assertEquals(ExitCodes.USER_ERROR, cl.execute("--audio-only"));
        assertTrue(err.toString().contains("--audio-only needs --audio-model"), err.toString());
        assertEquals(ExitCodes.USER_ERROR, cl.execute("--audio-model", "m.onnx", "--audio-overlap-seconds", "1"));
        assertTrue(err.toString().contains("--audio-overlap-seconds"), err.toString());
        assertEquals(ExitCodes.USER_ERROR, cl.execute("--audio-model", "missing.onnx"));
        assertTrue(err.toString().contains("missing.onnx: no such audio model file"), err.toString());
        assertThrows(
                IllegalArgumentException.class,
                () -> parse("--audio-batch", "0").audio.embedderOptions(0));
    }

    @Test
    void audioOnlyAddsAudioToAnExistingStore(@TempDir Path dir) throws Exception {
        String shared = System.getProperty("fer4j.shared");
        Assumptions.assumeTrue(
                shared != null && Files.isDirectory(Path.of(shared, "fixtures")), "../shared/fixtures is absent");
        Path model = Path.of(shared, "fixtures", "models", "wav2vec2_1layer_random.onnx");
        Path media = Path.of(shared, "fixtures", "media", "video_long_av.mp4");
        FeatureStore store = FeatureStore.create(dir.resolve("store"));
        try (StoreVideoWriter w = store.beginVideo("video_long_av", 2, 8, false)) {
            w.appendFrame(3, new float[] {1f, 2f}, 0, new float[8], 0);
            w.commit(new VideoMeta(30.0, 900, "test", "", 2));
        }
        byte[] framesBefore = Files.readAllBytes(store.dir().resolve("video_long_av/frames.npy"));
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new Probe());
        cl.setOut(new PrintWriter(out));
        int code = cl.execute(
                "--audio-only",
                "--audio-model",
                model.toString(),
                "--input",
                media.toString(),
                "--store",
                store.dir().toString());
        assertEquals(0, code, out.toString());
        assertTrue(out.toString().contains("1 of 1 videos written"), out.toString());
        NpyArray a = Npy.read(store.dir().resolve("video_long_av/audio.npy"));
        assertEquals(900, a.rows());
        assertEquals(768, a.rowLength());
        // the visual features are untouched
        assertEquals(
                java.util.Arrays.toString(framesBefore),
                java.util.Arrays.toString(Files.readAllBytes(store.dir().resolve("video_long_av/frames.npy"))));
    }
}
