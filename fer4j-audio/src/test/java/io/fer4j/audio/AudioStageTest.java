package io.fer4j.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.audio.testing.SyntheticAudio;
import io.fer4j.audio.testing.TinyAudioModels;
import io.fer4j.npy.Npy;
import io.fer4j.npy.NpyArray;
import io.fer4j.npy.NpyDtype;
import io.fer4j.store.FeatureStore;
import io.fer4j.store.StoreVideoWriter;
import io.fer4j.store.StoredVideo;
import io.fer4j.store.VideoMeta;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AudioStageTest {
    static final int DIM = 4;

    @TempDir
    Path dir;

    Path media;
    FeatureStore store;
    AudioEmbedder embedder;

    @BeforeEach
    void setUp() throws Exception {
        media = Files.createDirectories(dir.resolve("media"));
        store = FeatureStore.create(dir.resolve("store"));
        Path model = TinyAudioModels.writeConvModel(dir.resolve("tiny.onnx"), DIM);
        embedder = AudioEmbedder.open(model, AudioEmbedderOptions.DEFAULTS);
    }

    /** A complete store video with two face frames and the given frame count / fps. */
    private void storeVideo(String id, int frameCount, double fps, boolean fp16) {
        try (StoreVideoWriter w = store.beginVideo(id, 3, 8, fp16)) {
            w.appendFrame(1, new float[] {0.1f, 0.2f, 0.3f}, 0, new float[8], 0);
            w.appendFrame(2, new float[] {0.4f, 0.5f, 0.6f}, 0, new float[8], 0);
            w.commit(new VideoMeta(fps, frameCount, "test", "", 3));
        }
    }

    private static float[] readAll(NpyArray a) {
        float[] out = new float[(int) (a.rows() * a.rowLength())];
        for (int r = 0; r < a.rows(); r++) {
            a.readRow(r, out, (int) (r * a.rowLength()));
        }
        return out;
    }

    @Test
    void writesAlignedAudioSharesLeftRightAndReportsMissingTracks() throws Exception {
        float[] tone = SyntheticAudio.tone(440, 0.5, 2.0, 48_000);
        SyntheticAudio.writeVideo(media.resolve("clip.mp4"), 50, 25, tone, 48_000);
        SyntheticAudio.writeWav16(media.resolve("duo.wav"), 16_000, SyntheticAudio.tone(330, 0.4, 3.0, 16_000));
        SyntheticAudio.writeVideo(media.resolve("mute.mp4"), 10, 25, null, 0);
        storeVideo("clip", 50, 25, false);
        storeVideo("duo_left", 75, 25, true);
        storeVideo("duo_right", 75, 25, false);
        storeVideo("mute", 10, 25, false);
        storeVideo("orphan", 10, 25, false);

        List<String> log = new ArrayList<>();
        List<AudioResult> results = new AudioStage(embedder).addToStore(store, media, null, log::add);
        assertEquals(5, results.size());
        assertEquals(5, log.size());

        AudioResult.Written clip = assertInstanceOf(AudioResult.Written.class, results.get(0));
        assertEquals("clip", clip.videoId());
        assertEquals(50, clip.frameCount());
        assertNull(clip.mismatch());
        // independently: decode + embed + floor((i-1)·n_a/F)
        AudioEmbeddings e =
                embedder.embed(((DecodedAudio.Samples) AudioDecoder.decode(media.resolve("clip.mp4"))).samples(), null);
        assertEquals(e.rows(), clip.audioRows());
        NpyArray a = Npy.read(store.dir().resolve("clip").resolve(StoredVideo.AUDIO));
        assertEquals(NpyDtype.FLOAT32, a.dtype());
        assertEquals(50, a.rows());
        assertEquals(DIM, a.rowLength());
        float[] stored = readAll(a);
        for (int i = 1; i <= 50; i++) {
            int row = (int) ((long) (i - 1) * e.rows() / 50);
            for (int d = 0; d < DIM; d++) {
                assertEquals(e.get(row, d), stored[(i - 1) * DIM + d], 0f, "frame " + i);
            }
        }
        StoredVideo v = store.video("clip");
        assertTrue(v.hasAudio());
        assertEquals(
                Map.of("rows", 50, "dim", DIM, "dtype", "float32"),
                v.meta().extras().get(VideoMeta.AUDIO_KEY));
        assertNotNull(v.meta().extras().get(AudioStage.MODEL_KEY));

        // _left and _right both take duo.wav; audio dtype follows the embeddings (fp16 for duo_left)
        AudioResult.Written left = assertInstanceOf(AudioResult.Written.class, results.get(1));
        AudioResult.Written right = assertInstanceOf(AudioResult.Written.class, results.get(2));
        assertEquals(media.resolve("duo.wav"), left.media());
        assertEquals(media.resolve("duo.wav"), right.media());
        assertEquals(
                NpyDtype.FLOAT16,
                Npy.read(store.dir().resolve("duo_left").resolve(StoredVideo.AUDIO))
                        .dtype());
        assertEquals(
                NpyDtype.FLOAT32,
                Npy.read(store.dir().resolve("duo_right").resolve(StoredVideo.AUDIO))
                        .dtype());
        assertEquals(3 * 49, left.audioRows());

        AudioResult.NoAudioTrack mute = assertInstanceOf(AudioResult.NoAudioTrack.class, results.get(3));
        assertTrue(mute.warning());
        assertFalse(store.video("mute").hasAudio());
        assertInstanceOf(AudioResult.NoMedia.class, results.get(4));
        assertTrue(log.stream().anyMatch(l -> l.startsWith("orphan: warning: no media file")), log.toString());

        // a second run finds everything up to date
        List<AudioResult> again = new AudioStage(embedder).addToStore(store, media, List.of("clip", "duo_left"), null);
        assertInstanceOf(AudioResult.UpToDate.class, again.get(0));
        assertInstanceOf(AudioResult.UpToDate.class, again.get(1));
    }

    @Test
    void audioShorterThanTheVideoIsStretchedWithAWarning() throws Exception {
        // 1 s of audio for a 4 s video: 49 rows spread over 100 frames
        SyntheticAudio.writeWav16(media.resolve("short.wav"), 16_000, SyntheticAudio.tone(440, 0.5, 1.0, 16_000));
        storeVideo("short", 100, 25, false);
        AudioResult.Written w = assertInstanceOf(
                AudioResult.Written.class,
                new AudioStage(embedder).addToStore(store, media, null, null).get(0));
        assertEquals(49, w.audioRows());
        assertNotNull(w.mismatch());
        assertTrue(w.mismatch().contains("1.00 s") && w.mismatch().contains("4.00 s"), w.mismatch());
        assertEquals(
                100,
                Npy.read(store.dir().resolve("short").resolve(StoredVideo.AUDIO))
                        .rows());
    }

    @Test
    void audioLongerThanTheVideoIsCompressedWithAWarning() throws Exception {
        SyntheticAudio.writeWav16(media.resolve("long.wav"), 16_000, SyntheticAudio.tone(440, 0.5, 4.0, 16_000));
        storeVideo("long", 25, 25, false);
        AudioResult.Written w = assertInstanceOf(
                AudioResult.Written.class,
                new AudioStage(embedder).addToStore(store, media, null, null).get(0));
        assertEquals(196, w.audioRows());
        assertNotNull(w.mismatch());
        // frame 25 takes row floor(24·196/25) = 188
        assertEquals(188, FrameAlignment.rowForFrame(25, 196, 25));
    }

    @Test
    void silenceIsStoredAsTheModelsOutputForSilence() throws Exception {
        SyntheticAudio.writeWav16(media.resolve("quiet.wav"), 16_000, new float[32_000]);
        storeVideo("quiet", 50, 25, false);
        assertInstanceOf(
                AudioResult.Written.class,
                new AudioStage(embedder).addToStore(store, media, null, null).get(0));
        float[] stored = readAll(Npy.read(store.dir().resolve("quiet").resolve(StoredVideo.AUDIO)));
        for (int i = 0; i < stored.length; i++) {
            assertEquals(TinyAudioModels.bias(i % DIM), stored[i], 1e-6f);
        }
    }

    @Test
    void corruptMediaFailsItsVideosOnlyAndWritesNothingForThem() throws Exception {
        byte[] junk = new byte[5000];
        new java.util.Random(3).nextBytes(junk);
        Files.write(media.resolve("broken.mp4"), junk);
        SyntheticAudio.writeWav16(media.resolve("fine.wav"), 16_000, SyntheticAudio.tone(440, 0.5, 1.0, 16_000));
        storeVideo("broken", 10, 25, false);
        storeVideo("fine", 25, 25, false);
        String metaBefore = Files.readString(store.dir().resolve("broken").resolve(VideoMeta.FILE_NAME));
        List<String> log = new ArrayList<>();
        List<AudioResult> r = new AudioStage(embedder).addToStore(store, media, null, log::add);
        AudioResult.Failed failed = assertInstanceOf(AudioResult.Failed.class, r.get(0));
        assertTrue(failed.message().contains("broken.mp4"), failed.message());
        assertTrue(
                log.stream().anyMatch(l -> l.startsWith("broken: error:") && l.contains("broken.mp4")), log.toString());
        assertFalse(Files.exists(store.dir().resolve("broken").resolve(StoredVideo.AUDIO)));
        assertEquals(metaBefore, Files.readString(store.dir().resolve("broken").resolve(VideoMeta.FILE_NAME)));
        assertInstanceOf(AudioResult.Written.class, r.get(1), "the batch went on");
    }

    @Test
    void storeVideosOfMapsInputItemsToLeftRightAndTracks() {
        storeVideo("a", 10, 25, false);
        storeVideo("b_left", 10, 25, false);
        storeVideo("b_right", 10, 25, false);
        storeVideo("d_track1", 10, 25, false);
        storeVideo("e", 10, 25, false);
        assertEquals(
                List.of("a", "b_left", "b_right", "d_track1"),
                AudioStage.storeVideosOf(store, List.of("a", "b", "c", "d")));
    }

    @Test
    void perTrackVideosShareTheVideosAudio() throws Exception {
        SyntheticAudio.writeWav16(media.resolve("crowd.wav"), 16_000, SyntheticAudio.tone(440, 0.5, 1.0, 16_000));
        storeVideo("crowd_track1", 25, 25, false);
        storeVideo("crowd_track2", 25, 25, false);
        List<AudioResult> r = new AudioStage(embedder).addToStore(store, media, null, null);
        assertEquals(
                media.resolve("crowd.wav"),
                assertInstanceOf(AudioResult.Written.class, r.get(0)).media());
        assertEquals(
                media.resolve("crowd.wav"),
                assertInstanceOf(AudioResult.Written.class, r.get(1)).media());
    }
}
