package io.fer4j.audio;

import io.fer4j.error.Fer4jException;
import java.nio.Buffer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Decodes the audio of any file FFmpeg reads (any container and codec) to 16 kHz mono float32 in [−1, 1]. JavaCV's
 * {@link FFmpegFrameGrabber} resamples through FFmpeg's swresample when asked for a sample rate and sample format
 * different from the stream's, so no resampling is written here. Channels are down-mixed to their mean (as librosa
 * and torchaudio users do; swresample's own float down-mix would scale stereo by 1/√2 per channel and leave
 * [−1, 1]). Video packets are demuxed but not decoded. Thread-safe: each call uses its own grabber.
 */
public final class AudioDecoder {
    /** The sample rate wav2vec 2.0 and HuBERT were trained on (CONTRACTS §9). */
    public static final int SAMPLE_RATE_HZ = 16_000;

    static {
        // FFmpeg's own warnings go to stderr unthrottled; failures are reported with the file name instead.
        if (!Boolean.getBoolean("fer4j.ffmpeg.log")) {
            avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        }
    }

    private AudioDecoder() {}

    /**
     * Decodes {@code file}'s first audio stream.
     *
     * @return the samples, or {@link DecodedAudio.NoAudioTrack} when the file has no audio stream
     * @throws Fer4jException when the file is missing, cannot be opened, or its audio stream fails to decode
     */
    public static DecodedAudio decode(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new Fer4jException(file, "no such media file; check the --input path");
        }
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
        grabber.setSampleRate(SAMPLE_RATE_HZ);
        // channels are kept and averaged here: swresample's float down-mix is (L + R)/√2, which leaves [−1, 1]
        grabber.setSampleFormat(avutil.AV_SAMPLE_FMT_FLT);
        try {
            try {
                grabber.start();
            } catch (FrameGrabber.Exception | RuntimeException e) {
                throw new Fer4jException(
                        file,
                        "cannot open as a media file (" + message(e)
                                + "); check that it is a complete audio or video file FFmpeg can decode",
                        e);
            }
            if (!grabber.hasAudio()) {
                return new DecodedAudio.NoAudioTrack(file);
            }
            SourceStream source = SourceStream.of(grabber.getFormatContext());
            FloatArray out = new FloatArray(
                    source.declaredSeconds() > 0
                            ? (int) Math.min(
                                    Integer.MAX_VALUE - 16, source.declaredSeconds() * SAMPLE_RATE_HZ + SAMPLE_RATE_HZ)
                            : SAMPLE_RATE_HZ * 10);
            readMonoSamples(file, grabber, out);
            if (out.size == 0) {
                return new DecodedAudio.NoAudioTrack(file);
            }
            checkNotTruncated(file, out.size / (double) SAMPLE_RATE_HZ, source.declaredSeconds());
            float[] samples = out.toArray();
            clampInPlace(samples);
            return new DecodedAudio.Samples(file, samples, source.sampleRate(), source.channels());
        } finally {
            try {
                grabber.close();
            } catch (Exception ignored) {
                // closing after a failure may throw again; the original error is what the user needs
            }
        }
    }

    /**
     * The first audio stream's own parameters and declared duration (-1 when unknown): after start() the grabber
     * reports the requested output format, the stream's own comes from its codec. The duration is the stream's,
     * not the container's, which may be the video's: an audio track may legitimately end before the video.
     */
    private record SourceStream(int sampleRate, int channels, double declaredSeconds) {
        static SourceStream of(AVFormatContext format) {
            for (int i = 0; format != null && i < format.nb_streams(); i++) {
                AVStream st = format.streams(i);
                AVCodecParameters par = st.codecpar();
                if (par.codec_type() == avutil.AVMEDIA_TYPE_AUDIO) {
                    double declaredSeconds = -1;
                    if (st.duration() != avutil.AV_NOPTS_VALUE && st.duration() > 0) {
                        declaredSeconds = st.duration() * avutil.av_q2d(st.time_base());
                    }
                    return new SourceStream(par.sample_rate(), par.ch_layout().nb_channels(), declaredSeconds);
                }
            }
            return new SourceStream(0, 0, -1);
        }
    }

    /** Decodes every audio frame into {@code out}, each frame's channels averaged to mono. */
    private static void readMonoSamples(Path file, FFmpegFrameGrabber grabber, FloatArray out) {
        while (true) {
            Frame frame;
            try {
                frame = grabber.grabSamples();
            } catch (FrameGrabber.Exception | RuntimeException e) {
                throw new Fer4jException(
                        file,
                        "the audio stream is corrupt: decoding failed after "
                                + String.format(java.util.Locale.ROOT, "%.2f", out.size / (double) SAMPLE_RATE_HZ)
                                + " s (" + message(e) + "); re-encode or re-download the file",
                        e);
            }
            if (frame == null) {
                return;
            }
            if (frame.samples == null || frame.samples.length == 0) {
                continue;
            }
            Buffer b = frame.samples[0];
            if (!(b instanceof FloatBuffer fb)) {
                throw new IllegalStateException(
                        "FFmpeg returned " + b.getClass().getSimpleName() + " samples although float was requested");
            }
            int channels = Math.max(1, frame.audioChannels);
            out.appendMean(fb.duplicate(), channels);
        }
    }

    /**
     * A truncated file can still open when its index survived, then stop early: compare with the length the audio
     * stream declares; the tolerance covers durations that are only estimates.
     */
    private static void checkNotTruncated(Path file, double decodedSeconds, double declaredSeconds) {
        if (declaredSeconds > 2 && decodedSeconds < 0.9 * declaredSeconds - 1) {
            throw new Fer4jException(
                    file,
                    String.format(
                            java.util.Locale.ROOT,
                            "the audio stream is truncated or corrupt: decoded %.2f s of the %.2f s the stream declares;"
                                    + " re-encode or re-download the file",
                            decodedSeconds,
                            declaredSeconds));
        }
    }

    // Float decoders (AAC, Opus) and down-mixing can overshoot full scale slightly; the contract is [−1, 1].
    private static void clampInPlace(float[] samples) {
        for (int i = 0; i < samples.length; i++) {
            float v = samples[i];
            if (v > 1f) {
                samples[i] = 1f;
            } else if (v < -1f) {
                samples[i] = -1f;
            } else if (Float.isNaN(v)) {
                samples[i] = 0f;
            }
        }
    }

    private static String message(Exception e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.strip();
    }

    /** A growable float array (avoids boxing a list of 10⁶ floats). */
    private static final class FloatArray {
        private float[] data;
        private int size;

        FloatArray(int capacity) {
            data = new float[Math.max(16, capacity)];
        }

        /** Appends the per-sample mean of interleaved {@code channels}-channel samples. */
        void appendMean(FloatBuffer src, int channels) {
            int n = src.remaining() / channels;
            if (size + n > data.length) {
                long grown = Math.max((long) size + n, (long) data.length * 3 / 2);
                if (grown > Integer.MAX_VALUE - 16) {
                    throw new IllegalStateException("audio longer than " + (Integer.MAX_VALUE / SAMPLE_RATE_HZ / 3600)
                            + " hours is not supported");
                }
                data = java.util.Arrays.copyOf(data, (int) grown);
            }
            if (channels == 1) {
                src.get(data, size, n);
            } else {
                for (int i = 0; i < n; i++) {
                    float sum = 0;
                    for (int c = 0; c < channels; c++) {
                        sum += src.get();
                    }
                    data[size + i] = sum / channels;
                }
            }
            size += n;
        }

        float[] toArray() {
            return size == data.length ? data : java.util.Arrays.copyOf(data, size);
        }
    }
}
