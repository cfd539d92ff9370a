package io.fer4j.audio.testing;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/** Media files written by the tests with FFmpeg (JavaCV's {@link FFmpegFrameRecorder}). */
public final class SyntheticAudio {
    private SyntheticAudio() {}

    /** A sine tone: {@code amplitude · sin(2π f t)} for {@code seconds}, at {@code rate} Hz. */
    public static float[] tone(double frequencyHz, double amplitude, double seconds, int rate) {
        int n = (int) Math.round(seconds * rate);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (amplitude * Math.sin(2 * Math.PI * frequencyHz * i / rate));
        }
        return x;
    }

    /**
     * Writes an audio-only file; the codec and sample format pick the encoding (e.g. {@code AV_CODEC_ID_PCM_U8} with
     * {@code AV_SAMPLE_FMT_U8} for 8-bit WAV, {@code AV_CODEC_ID_AAC} with {@code AV_SAMPLE_FMT_FLTP}).
     *
     * @param channels one array per channel, all the same length
     */
    public static Path writeAudio(
            Path file, String format, int codecId, int sampleFormat, int rate, float[]... channels) throws Exception {
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), channels.length)) {
            r.setFormat(format);
            r.setAudioCodec(codecId);
            r.setSampleFormat(sampleFormat);
            r.setSampleRate(rate);
            r.setAudioChannels(channels.length);
            if (codecId == avcodec.AV_CODEC_ID_AAC) {
                r.setAudioBitrate(128_000);
            }
            r.start();
            int n = channels[0].length;
            int block = 1024;
            for (int at = 0; at < n; at += block) {
                int len = Math.min(block, n - at);
                FloatBuffer interleaved = FloatBuffer.allocate(len * channels.length);
                for (int i = 0; i < len; i++) {
                    for (float[] c : channels) {
                        interleaved.put(c[at + i]);
                    }
                }
                interleaved.flip();
                r.recordSamples(rate, channels.length, interleaved);
            }
            r.stop();
        }
        return file;
    }

    /** A 16-bit WAV file. */
    public static Path writeWav16(Path file, int rate, float[]... channels) throws Exception {
        return writeAudio(file, "wav", avcodec.AV_CODEC_ID_PCM_S16LE, avutil.AV_SAMPLE_FMT_S16, rate, channels);
    }

    /**
     * A small video (grey frames, MPEG-4 Part 2 in .mp4/.avi), optionally with a mono AAC track.
     *
     * @param audio mono samples at {@code audioRate}, or null for a video without an audio track
     */
    public static Path writeVideo(Path file, int frames, double fps, float[] audio, int audioRate) throws Exception {
        int w = 64;
        int h = 48;
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), w, h, audio == null ? 0 : 1)) {
            r.setFormat("mp4");
            r.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            r.setFrameRate(fps);
            if (audio != null) {
                r.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
                r.setSampleRate(audioRate);
                r.setAudioChannels(1);
                r.setAudioBitrate(96_000);
            }
            r.start();
            Frame f = new Frame(w, h, Frame.DEPTH_UBYTE, 3);
            java.nio.ByteBuffer px = (java.nio.ByteBuffer) f.image[0];
            int samplesPerFrame = audio == null ? 0 : (int) Math.round(audioRate / fps);
            for (int i = 0; i < frames; i++) {
                px.clear();
                while (px.hasRemaining()) {
                    px.put((byte) (i * 7));
                }
                px.clear();
                r.record(f);
                if (audio != null) {
                    int from = i * samplesPerFrame;
                    int to = i == frames - 1 ? audio.length : Math.min(audio.length, from + samplesPerFrame);
                    if (from < to) {
                        r.recordSamples(audioRate, 1, FloatBuffer.wrap(audio, from, to - from));
                    }
                }
            }
            r.stop();
        }
        return file;
    }
}
