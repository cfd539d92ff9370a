package io.fer4j.submission;

import io.fer4j.error.Fer4jException;
import io.fer4j.label.AbawClass;
import io.fer4j.store.AtomicFiles;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Writes an ABAW EXPR challenge submission (DESIGN §2): the header
 * {@code image_location,Neutral,Anger,Disgust,Fear,Happiness,Sadness,Surprise,Other}, then one line
 * {@code <image location>,<label>} per entry of the test list, in its order. Written atomically; a label outside
 * 0..7 fails and nothing is written.
 */
public final class SubmissionWriter {
    private SubmissionWriter() {
    }

    /** The submission header line. */
    public static String headerLine() {
        return TestList.LOCATION_COLUMN + "," + AbawClass.headerLine();
    }

    /** Writes {@code out} with one label per test-list entry from {@code labels}. */
    public static void write(Path out, TestList list, LabelLookup labels) {
        AtomicFiles.write(out, stream -> {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
            w.write(headerLine());
            w.write('\n');
            for (TestList.Entry e : list.entries()) {
                int label = labels.label(e.videoId(), e.frameIndex());
                if (label < 0 || label >= AbawClass.COUNT) {
                    throw new Fer4jException(out, "label " + label + " for " + e.imageLocation()
                            + " is not an ABAW class 0..7; nothing was written");
                }
                w.write(e.imageLocation());
                w.write(',');
                w.write(Integer.toString(label));
                w.write('\n');
            }
            w.flush();
        });
    }
}
