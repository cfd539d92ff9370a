package io.fer4j.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fer4j.audio.testing.SyntheticAudio;
import io.fer4j.error.Fer4jException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AudioDecoderTest {
    @TempDir
    Path dir;

    /** Amplitude of the f-Hz component of x at 16 kHz (a one-bin DFT over the middle of the signal). */
    static double amplitudeAt(float[] x, double frequencyHz) {
        int from = x.length / 4;
        int to = from + 8000; // 0.5 s: 220 whole periods of 440 Hz
        double re = 0;
        double im = 0;
        for (int i = from; i < to; i++) {
            double phase = 2 * Math.PI * frequencyHz * i / 16000.0;
            re += x[i] * Math.cos(phase);
            im += x[i] * Math.sin(phase);
        }
        return 2 * Math.hypot(re, im) / (to - from);
    }

    static double peak(float[] x) {
        double m = 0;
        for (int i = x.length / 4; i < 3 * x.length / 4; i++) {
            m = Math.max(m, Math.abs(x[i]));
        }
        return m;
    }

    private static DecodedAudio.Samples samples(DecodedAudio a) {
        return assertInstanceOf(DecodedAudio.Samples.class, a);
    }

    @Test
    void toneAt48kHzStereoBecomes16kHzMonoAtTheSameFrequencyAndAmplitude() throws Exception {
        float[] tone = SyntheticAudio.tone(440, 0.5, 2.0, 48_000);
        Path wav = SyntheticAudio.writeWav16(dir.resolve("tone48k.wav"), 48_000, tone, tone);
        DecodedAudio.Samples a = samples(AudioDecoder.decode(wav));
        assertEquals(48_000, a.sourceSampleRate());
        assertEquals(2, a.sourceChannels());
        assertEquals(32_000, a.samples().length, 40, "2 s at 16 kHz");
        assertEquals(0.5, amplitudeAt(a.samples(), 440), 0.01, "440 Hz component");
        assertTrue(amplitudeAt(a.samples(), 1000) < 0.01, "no energy at 1 kHz");
        assertEquals(0.5, peak(a.samples()), 0.02);
    }

    @Test
    void stereoIsDownmixedToTheMeanOfTheChannels() throws Exception {
        float[] tone = SyntheticAudio.tone(440, 0.8, 1.5, 16_000);
        float[] silent = new float[tone.length];
        Path wav = SyntheticAudio.writeWav16(dir.resolve("left-only.wav"), 16_000, tone, silent);
        DecodedAudio.Samples a = samples(AudioDecoder.decode(wav));
        assertEquals(0.4, amplitudeAt(a.samples(), 440), 0.01, "(L + R) / 2");
    }

    @Test
    void eightBitWavDecodesWithinQuantisation() throws Exception {
        float[] tone = SyntheticAudio.tone(440, 0.5, 1.5, 16_000);
        Path wav = SyntheticAudio.writeAudio(
                dir.resolve("u8.wav"), "wav", avcodec.AV_CODEC_ID_PCM_U8, avutil.AV_SAMPLE_FMT_U8, 16_000, tone);
        DecodedAudio.Samples a = samples(AudioDecoder.decode(wav));
        assertEquals(1, a.sourceChannels());
        assertEquals(tone.length, a.samples().length);
        for (int i = 0; i < tone.length; i++) {
            assertEquals(tone[i], a.samples()[i], 1.5 / 128, "sample " + i);
        }
    }

    @Test
    void aacAt44100InMp4IsResampled() throws Exception {
        float[] tone = SyntheticAudio.tone(440, 0.5, 2.0, 44_100);
        Path m4a = SyntheticAudio.writeAudio(
                dir.resolve("tone.m4a"), "mp4", avcodec.AV_CODEC_ID_AAC, avutil.AV_SAMPLE_FMT_FLTP, 44_100, tone);
        DecodedAudio.Samples a = samples(AudioDecoder.decode(m4a));
        assertEquals(44_100, a.sourceSampleRate());
        assertEquals(2.0, a.durationSeconds(), 0.1);
        assertEquals(0.5, amplitudeAt(a.samples(), 440), 0.02);
        for (float v : a.samples()) {
            assertTrue(v >= -1f && v <= 1f);
        }
    }

    @Test
    void silenceDecodesToZeros() throws Exception {
        Path wav = SyntheticAudio.writeWav16(dir.resolve("silence.wav"), 16_000, new float[16_000]);
        DecodedAudio.Samples a = samples(AudioDecoder.decode(wav));
        assertEquals(16_000, a.samples().length);
        assertEquals(0.0, peak(a.samples()));
    }

    @Test
    void videoWithoutAudioTrackIsReportedNotThrown() throws Exception {
        Path video = SyntheticAudio.writeVideo(dir.resolve("silent.mp4"), 10, 25, null, 0);
        DecodedAudio a = AudioDecoder.decode(video);
        DecodedAudio.NoAudioTrack none = assertInstanceOf(DecodedAudio.NoAudioTrack.class, a);
        assertEquals(video, none.file());
    }

    @Test
    void videoWithAudioTrackDecodesItsAudio() throws Exception {
        float[] tone = SyntheticAudio.tone(440, 0.5, 2.0, 48_000);
        Path video = SyntheticAudio.writeVideo(dir.resolve("av.mp4"), 50, 25, tone, 48_000);
        DecodedAudio.Samples a = samples(AudioDecoder.decode(video));
        assertEquals(2.0, a.durationSeconds(), 0.1);
        assertEquals(0.5, amplitudeAt(a.samples(), 440), 0.02);
    }

    @Test
    void anAudioTrackEndingBeforeTheVideoIsNotMistakenForTruncation() throws Exception {
        // 8 s of video, 1 s of audio: the container lasts 8 s, the audio stream 1 s
        Path video = SyntheticAudio.writeVideo(
                dir.resolve("short-audio.mp4"), 200, 25, SyntheticAudio.tone(440, 0.5, 1.0, 48_000), 48_000);
        DecodedAudio.Samples a = samples(AudioDecoder.decode(video));
        assertEquals(1.0, a.durationSeconds(), 0.1);
    }

    @Test
    void garbageFileIsAClearErrorNamingIt() throws Exception {
        Path bad = dir.resolve("garbage.mp4");
        byte[] junk = new byte[20_000];
        new Random(1).nextBytes(junk);
        Files.write(bad, junk);
        Fer4jException e = assertThrows(Fer4jException.class, () -> AudioDecoder.decode(bad));
        assertTrue(e.getMessage().contains("garbage.mp4"), e.getMessage());
        assertEquals(bad, e.file());
    }

    @Test
    void corruptAudioStreamIsAClearErrorNamingTheFile() throws Exception {
        float[] tone = SyntheticAudio.tone(440, 0.5, 4.0, 44_100);
        Path m4a = SyntheticAudio.writeAudio(
                dir.resolve("corrupt.m4a"), "mp4", avcodec.AV_CODEC_ID_AAC, avutil.AV_SAMPLE_FMT_FLTP, 44_100, tone);
        byte[] bytes = Files.readAllBytes(m4a);
        // overwrite most of the file after the first 200 bytes (the AAC payload and/or index) with noise
        Random r = new Random(7);
        for (int i = 200; i < bytes.length - 200; i++) {
            bytes[i] = (byte) r.nextInt();
        }
        Files.write(m4a, bytes);
        Fer4jException e = assertThrows(Fer4jException.class, () -> AudioDecoder.decode(m4a));
        assertTrue(e.getMessage().contains("corrupt.m4a"), e.getMessage());
    }

    @Test
    void corruptAacPayloadWithIntactIndexIsAClearErrorNamingTheFile() throws Exception {
        float[] tone = SyntheticAudio.tone(440, 0.5, 4.0, 44_100);
        Path m4a = SyntheticAudio.writeAudio(
                dir.resolve("payload.m4a"), "mp4", avcodec.AV_CODEC_ID_AAC, avutil.AV_SAMPLE_FMT_FLTP, 44_100, tone);
        byte[] bytes = Files.readAllBytes(m4a);
        int mdat = indexOf(bytes, "mdat".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertTrue(mdat > 0, "the muxer wrote an mdat box");
        Random r = new Random(11);
        for (int i = mdat + 4; i < mdat + 4 + (bytes.length - mdat) / 2; i++) {
            bytes[i] = (byte) r.nextInt();
        }
        Files.write(m4a, bytes);
        Fer4jException e = assertThrows(Fer4jException.class, () -> AudioDecoder.decode(m4a));
        assertTrue(e.getMessage().contains("payload.m4a") && e.getMessage().contains("corrupt"), e.getMessage());
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void missingFileIsAClearError() {
        Fer4jException e = assertThrows(Fer4jException.class, () -> AudioDecoder.decode(dir.resolve("nope.wav")));
        assertTrue(e.getMessage().contains("nope.wav"));
    }
}
