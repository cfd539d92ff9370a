package io.fer4j.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.npy.Npy;
import io.fer4j.npy.NpyArray;
import io.fer4j.store.FeatureStore;
import io.fer4j.store.StoreVideoWriter;
import io.fer4j.store.StoredVideo;
import io.fer4j.store.VideoMeta;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real wav2vec 2.0 front end (1 random transformer layer) on the fixture video's speech track. */
class AudioFixtureTest {
    static Path model;
    static Path video;
    static Path videoNoAudio;
    static AudioEmbedder embedder; // loaded once: the model is 65 MB

    @org.junit.jupiter.api.AfterAll
    static void close() {
        if (embedder != null) {
            embedder.close();
        }
    }

    @BeforeAll
    static void fixtures() {
        String shared = System.getProperty("fer4j.shared");
        Assumptions.assumeTrue(
                shared != null && Files.isDirectory(Path.of(shared, "fixtures")), "../shared/fixtures is absent");
        model = Path.of(shared, "fixtures", "models", "wav2vec2_1layer_random.onnx");
        video = Path.of(shared, "fixtures", "media", "video_long_av.mp4");
        videoNoAudio = Path.of(shared, "fixtures", "media", "video_long.mp4");
        Assumptions.assumeTrue(Files.isRegularFile(model) && Files.isRegularFile(video), "fixture files are absent");
        embedder = AudioEmbedder.open(model, AudioEmbedderOptions.DEFAULTS);
    }

    @Test
    void speechTrackDecodesTo30SecondsAt16kHz() {
        DecodedAudio.Samples a = assertInstanceOf(DecodedAudio.Samples.class, AudioDecoder.decode(video));
        assertEquals(44_100, a.sourceSampleRate());
        assertEquals(1, a.sourceChannels());
        assertEquals(30.0, a.durationSeconds(), 0.1);
        double energy = 0;
        for (float v : a.samples()) {
            energy += v * v;
        }
        assertTrue(Math.sqrt(energy / a.samples().length) > 0.01, "speech, not silence");
        assertInstanceOf(DecodedAudio.NoAudioTrack.class, AudioDecoder.decode(videoNoAudio));
    }

    @Test
    void theShorterLastChunkRunsThroughTheRealModel() {
        DecodedAudio.Samples a = (DecodedAudio.Samples) AudioDecoder.decode(video);
        float[] x = java.util.Arrays.copyOf(a.samples(), 24_000); // 1.5 s: a full chunk and a half chunk
        AudioEmbeddings rows = embedder.embed(x, video);
        assertEquals(49 + 24, rows.rows()); // wav2vec 2.0 conv stack: 8,000 samples → 24 rows
        assertEquals(49.0, rows.rowsPerSecond(), 1e-9);
    }

    @Test
    void wav2vec2Gives49RowsPerSecondAndAudioNpyOf900By768(@TempDir Path dir) {
        FeatureStore store = FeatureStore.create(dir.resolve("store"));
        try (StoreVideoWriter w = store.beginVideo("video_long_av", 2, 8, true)) {
            w.appendFrame(1, new float[] {0.5f, 0.25f}, 0, new float[8], 0);
            w.commit(new VideoMeta(30.0, 900, "test", "", 2));
        }
        {
            List<AudioResult> r =
                    new AudioStage(embedder).addToStore(store, video.getParent(), List.of("video_long_av"), null);
            AudioResult.Written w = assertInstanceOf(AudioResult.Written.class, r.get(0));
            assertEquals(49.0, w.audioRows() / w.audioSeconds(), 0.5, "rows per second");
            assertEquals(30 * 49, w.audioRows(), 2);
            assertEquals(768, w.dim());
            assertEquals(null, w.mismatch());
        }
        NpyArray a = Npy.read(store.dir().resolve("video_long_av").resolve(StoredVideo.AUDIO));
        assertEquals(900, a.rows());
        assertEquals(768, a.rowLength());
        float[] row = new float[768];
        a.readRow(899, row, 0);
        for (float v : row) {
            assertTrue(Float.isFinite(v));
        }
    }
}
