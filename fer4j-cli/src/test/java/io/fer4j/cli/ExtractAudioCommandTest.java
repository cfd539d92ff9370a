package io.fer4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.audio.testing.SyntheticAudio;
import io.fer4j.audio.testing.TinyAudioModels;
import io.fer4j.error.ExitCodes;
import io.fer4j.npy.Npy;
import io.fer4j.npy.NpyArray;
import io.fer4j.store.FeatureStore;
import io.fer4j.vision.testing.TinyOnnxModels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code fer4j extract --audio-model} and {@code --audio-only} through the command line, offline (Haar, tiny models). */
class ExtractAudioCommandTest {
    @TempDir
    Path dir;

    record Run(int exit, String err) {}

    static Run run(String... args) {
        CommandLine cl = Fer4jCommand.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        int exit = cl.execute(args);
        return new Run(exit, err.toString());
    }

    @Test
    void extractAddsAudioThenAudioOnlyRecomputesOnlyWhatChanged() throws Exception {
        Path media = Files.createDirectories(dir.resolve("media"));
        SyntheticAudio.writeVideo(
                media.resolve("talk.mp4"), 50, 25, SyntheticAudio.tone(440, 0.5, 2.0, 48_000), 48_000);
        SyntheticAudio.writeVideo(media.resolve("mute.mp4"), 10, 25, null, 0);
        Path backbone = TinyOnnxModels.build().write(dir.resolve("backbone.onnx"));
        Path audioModel = TinyAudioModels.writeConvModel(dir.resolve("audio.onnx"), 4);
        Path store = dir.resolve("store");

        Run r = run(
                "extract",
                "--input",
                media.toString(),
                "--store",
                store.toString(),
                "--backbone",
                backbone.toString(),
                "--detector",
                "haar",
                "--audio-model",
                audioModel.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("mute: warning:") && r.err().contains("no audio track"), r.err());
        assertTrue(r.err().contains("audio: 1 of 2 videos written, 1 warning(s)"), r.err());
        FeatureStore fs = FeatureStore.open(store);
        NpyArray a = Npy.read(store.resolve("talk/audio.npy"));
        assertEquals(fs.video("talk").frameCount(), a.rows());
        assertEquals(4, a.rowLength());
        assertFalse(fs.video("mute").hasAudio());
        byte[] embeddings = Files.readAllBytes(store.resolve("talk/embeddings.npy"));

        // same model and settings: up to date; other settings: recomputed, visual features untouched
        Run same = run(
                "extract",
                "--input",
                media.toString(),
                "--store",
                store.toString(),
                "--audio-only",
                "--audio-model",
                audioModel.toString());
        assertEquals(0, same.exit(), same.err());
        assertTrue(same.err().contains("talk: audio.npy up to date"), same.err());
        Run other = run(
                "extract",
                "--input",
                media.toString(),
                "--store",
                store.toString(),
                "--audio-only",
                "--audio-model",
                audioModel.toString(),
                "--no-audio-normalize");
        assertEquals(0, other.exit(), other.err());
        assertTrue(other.err().contains("audio: 1 of 2 videos written"), other.err());
        assertEquals(
                java.util.Arrays.toString(embeddings),
                java.util.Arrays.toString(Files.readAllBytes(store.resolve("talk/embeddings.npy"))));

        // a model whose output is not [B, T, D]: error naming it, exit 3, nothing replaced
        Path flat = TinyAudioModels.writeRank2Model(dir.resolve("flat.onnx"), 4);
        Run bad = run(
                "extract",
                "--input",
                media.toString(),
                "--store",
                store.toString(),
                "--audio-only",
                "--audio-model",
                flat.toString());
        assertEquals(ExitCodes.USER_ERROR, bad.exit(), bad.err());
        assertTrue(bad.err().contains("flat.onnx") && bad.err().contains("rank 3"), bad.err());
    }
}
