package io.fer4j.submission;

import io.fer4j.error.Fer4jException;
import io.fer4j.label.AbawClass;
import io.fer4j.store.AtomicFiles;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Writes an ABAW EXPR challenge submission (CONTRACTS §2): the header
 * {@code image_location,Neutral,Anger,Disgust,Fear,Happiness,Sadness,Surprise,Other}, then one line
 * {@code <image location>,<label>} per entry of the test list, in its order. Written atomically; a label outside
 * 0..7 fails and nothing is written.
 */
public final class SubmissionWriter {
    private SubmissionWriter() {}

    /** The submission header line. */
    public static String headerLine() {
        return TestList.LOCATION_COLUMN + "," + AbawClass.headerLine();
    }

    /** Writes {@code out} with one label per test-list entry from {@code labels}. */
    public static void write(Path out, TestList list, LabelLookup labels) {
        write(out, list, headerLine(), (videoId, frameIndex, location) -> {
            int label = labels.label(videoId, frameIndex);
            if (label < 0 || label >= AbawClass.COUNT) {
                throw new Fer4jException(
                        out, "label " + label + " for " + location + " is not an ABAW class 0..7; nothing was written");
            }
            return Integer.toString(label);
        });
    }

    /** The valence-arousal submission header line. */
    public static String vaHeaderLine() {
        return TestList.LOCATION_COLUMN + "," + io.fer4j.annotation.ExprAnnotations.VA_HEADER;
    }

    /**
     * Writes a valence-arousal submission: {@code image_location,valence,arousal}, then
     * {@code <image location>,v,a} per entry of the test list, in its order. Each value is written as the exact
     * decimal of the float predicted (plain notation, e.g. {@code 0.10000000149011612}), so a scorer that parses the
     * file as float64 scores exactly the values {@code evaluate} scored. Non-finite values fail; nothing is written.
     */
    public static void writeVa(Path out, TestList list, VaLookup values) {
        write(out, list, vaHeaderLine(), (videoId, frameIndex, location) -> {
            float[] va = values.valenceArousal(videoId, frameIndex);
            if (!Float.isFinite(va[0]) || !Float.isFinite(va[1])) {
                throw new Fer4jException(
                        out,
                        "valence/arousal " + va[0] + ", " + va[1] + " for " + location
                                + " is not finite; nothing was written");
            }
            return exactDecimal(va[0]) + "," + exactDecimal(va[1]);
        });
    }

    /** The plain decimal that parses back to exactly {@code (double) v}. */
    public static String exactDecimal(float v) {
        return new java.math.BigDecimal(Double.toString(v)).toPlainString();
    }

    /** The valence and arousal of a frame, as {@link #writeVa} asks for them. */
    @FunctionalInterface
    public interface VaLookup {
        /** {valence, arousal} of 1-based {@code frameIndex} of {@code videoId}. */
        float[] valenceArousal(String videoId, int frameIndex);

        /**
         * A lookup over per-video F×2 arrays; frames after a video's last one take its last values (the rule of
         * {@link LabelLookup#perFrame}).
         */
        static VaLookup perFrame(java.util.Map<String, float[]> valuesByVideo) {
            return (videoId, frameIndex) -> {
                float[] v = valuesByVideo.get(videoId);
                if (v == null || v.length == 0) {
                    throw new Fer4jException("no predictions for video '" + videoId
                            + "' of the test list; is it in the store (run `fer4j extract` on it)?");
                }
                int row = Math.min(frameIndex, v.length / 2) - 1;
                return new float[] {v[row * 2], v[row * 2 + 1]};
            };
        }
    }

    @FunctionalInterface
    private interface LineValues {
        String text(String videoId, int frameIndex, String imageLocation);
    }

    private static void write(Path out, TestList list, String header, LineValues values) {
        AtomicFiles.write(out, stream -> {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
            w.write(header);
            w.write('\n');
            for (TestList.Entry e : list.entries()) {
                String text = values.text(e.videoId(), e.frameIndex(), e.imageLocation());
                w.write(e.imageLocation());
                w.write(',');
                w.write(text);
                w.write('\n');
            }
            w.flush();
        });
    }
}
