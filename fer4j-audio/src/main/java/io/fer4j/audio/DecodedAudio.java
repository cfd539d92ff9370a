package io.fer4j.audio;

import java.nio.file.Path;

/**
 * What decoding a media file's audio gave: the samples, or the fact that the file has no audio track. A missing track
 * is a result, not an error, so a batch can report it as a warning and go on.
 */
public sealed interface DecodedAudio permits DecodedAudio.Samples, DecodedAudio.NoAudioTrack {

    /** The file that was decoded. */
    Path file();

    /**
     * 16 kHz mono float32 samples in [−1, 1].
     *
     * @param samples          the signal at {@link AudioDecoder#SAMPLE_RATE_HZ}; never empty
     * @param sourceSampleRate the track's own sample rate in Hz (before resampling)
     * @param sourceChannels   the track's own channel count (before down-mixing)
     */
    record Samples(Path file, float[] samples, int sourceSampleRate, int sourceChannels) implements DecodedAudio {
        /** Duration of the decoded signal in seconds. */
        public double durationSeconds() {
            return samples.length / (double) AudioDecoder.SAMPLE_RATE_HZ;
        }
    }

    /** The file decodes but holds no audio stream (or an audio stream with no samples). */
    record NoAudioTrack(Path file) implements DecodedAudio {}
}
