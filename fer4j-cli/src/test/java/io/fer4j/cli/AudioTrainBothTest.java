package io.fer4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer4j.audio.testing.SyntheticAudio;
import io.fer4j.audio.testing.TinyAudioModels;
import io.fer4j.evaluation.SyntheticStore;
import io.fer4j.npy.Npy;
import io.fer4j.npy.NpyArray;
import io.fer4j.store.FeatureStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Audio added by the audio stage (not by a test writer) feeds {@code train --modality both} and
 * {@code evaluate --ablation}: a synthetic visual store, one tone file per video (its pitch follows the video's
 * index), {@code --audio-only} with the tiny conv model, then training and evaluation through the command line.
 */
class AudioTrainBothTest {
    @TempDir
    Path root;

    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Fer4jCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void audioFromTheAudioStageTrainsAndEvaluatesWithModalityBoth() throws Exception {
        SyntheticStore.Layout layout = new SyntheticStore(11, 16, 0, 1.6f).write(root.resolve("data"), 4, 3, 1, 120);
        FeatureStore store = FeatureStore.open(layout.store());
        Path media = Files.createDirectories(root.resolve("media"));
        int k = 0;
        for (String id : store.completeVideoIds()) {
            double seconds =
                    store.video(id).frameCount() / store.video(id).meta().fps();
            SyntheticAudio.writeWav16(
                    media.resolve(id + ".wav"), 16_000, SyntheticAudio.tone(200 + 40 * k++, 0.5, seconds, 16_000));
        }
        Path model = TinyAudioModels.writeConvModel(root.resolve("tiny.onnx"), 8);

        StringWriter out = new StringWriter();
        CommandLine probe = new CommandLine(new AudioOptionsTest.Probe());
        probe.setOut(new PrintWriter(out, true));
        int code = probe.execute(
                "--audio-only",
                "--audio-model",
                model.toString(),
                "--input",
                media.toString(),
                "--store",
                layout.store().toString());
        assertEquals(0, code, out.toString());
        int videos = store.completeVideoIds().size();
        assertTrue(out.toString().contains(videos + " of " + videos + " videos written"), out.toString());
        for (String id : store.completeVideoIds()) {
            NpyArray a = Npy.read(layout.store().resolve(id).resolve("audio.npy"));
            assertEquals(store.video(id).frameCount(), a.rows());
            assertEquals(8, a.rowLength());
        }

        Path bundle = root.resolve("both.fer4j.json");
        Run train = run(
                "train",
                "--store",
                layout.store().toString(),
                "--annotations",
                layout.annotations().toString(),
                "--out",
                bundle.toString(),
                "--epochs",
                "2",
                "--modality",
                "both",
                "--folds",
                "2",
                "--deltas",
                "0,10",
                "--threads",
                "2");
        assertEquals(0, train.exit(), train.err() + train.out());
        JsonNode b = new ObjectMapper().readTree(bundle.toFile());
        assertEquals("both", b.get("modality").asText());
        assertTrue(b.get("heads").has("audio-focal"), b.get("heads").toString());

        Path json = root.resolve("eval.json");
        Run eval = run(
                "evaluate",
                "--bundle",
                bundle.toString(),
                "--store",
                layout.store().toString(),
                "--annotations",
                layout.annotations().toString(),
                "--ablation",
                "--json",
                json.toString());
        assertEquals(0, eval.exit(), eval.err() + eval.out());
        String rows = Files.readString(json);
        assertTrue(
                rows.contains("wav2vec 2.0, focal loss") && rows.contains("wav2vec 2.0 + EmotiEffNet"),
                "ablation has the audio and fusion rows: " + rows);
    }
}
