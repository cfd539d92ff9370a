package io.fer4j.audio;

import java.nio.file.Path;

/** What adding audio to one store video did. Only {@link Written} changed the store. */
public sealed interface AudioResult
        permits AudioResult.Written,
                AudioResult.NoAudioTrack,
                AudioResult.NoMedia,
                AudioResult.UpToDate,
                AudioResult.Failed {

    /** The store video. */
    String videoId();

    /** Whether the result deserves a warning line (missing audio, duration mismatch). */
    boolean warning();

    /** One line for the user. */
    String describe();

    /**
     * audio.npy [frameCount, dim] was written.
     *
     * @param audioRows     n_a, rows the network gave for the whole track
     * @param audioSeconds  decoded audio duration
     * @param videoSeconds  frame_count / fps, or NaN when the fps is unknown
     * @param mismatch      non-null when the durations differ by more than the tolerance: what was done about it
     */
    record Written(
            String videoId,
            Path media,
            int frameCount,
            int dim,
            int audioRows,
            double audioSeconds,
            double videoSeconds,
            String mismatch)
            implements AudioResult {
        @Override
        public boolean warning() {
            return mismatch != null;
        }

        @Override
        public String describe() {
            String s = String.format(
                    java.util.Locale.ROOT,
                    "%s: audio.npy [%d, %d] from %s (%.2f s, %d rows)",
                    videoId,
                    frameCount,
                    dim,
                    media.getFileName(),
                    audioSeconds,
                    audioRows);
            return mismatch == null ? s : s + "; warning: " + mismatch;
        }
    }

    /** The media file has no audio track: no audio.npy (training with --modality audio|both skips the video). */
    record NoAudioTrack(String videoId, Path media) implements AudioResult {
        @Override
        public boolean warning() {
            return true;
        }

        @Override
        public String describe() {
            return videoId + ": warning: " + media + " has no audio track; no audio.npy written";
        }
    }

    /** No media file for this video was found under the input. */
    record NoMedia(String videoId, Path input) implements AudioResult {
        @Override
        public boolean warning() {
            return true;
        }

        @Override
        public String describe() {
            return videoId + ": warning: no media file " + videoId + ".*"
                    + (AudioSources.sharedAudioId(videoId) == null
                            ? ""
                            : " or " + AudioSources.sharedAudioId(videoId) + ".*")
                    + " under " + input
                    + "; no audio.npy written";
        }
    }

    /** audio.npy already holds features of the same model and settings. */
    record UpToDate(String videoId) implements AudioResult {
        @Override
        public boolean warning() {
            return false;
        }

        @Override
        public String describe() {
            return videoId + ": audio.npy up to date (same model and settings)";
        }
    }

    /** Decoding or embedding the media failed (corrupt file, model error): nothing was written for this video. */
    record Failed(String videoId, Path media, String message) implements AudioResult {
        @Override
        public boolean warning() {
            return true;
        }

        @Override
        public String describe() {
            return videoId + ": error: " + message;
        }
    }
}
