package io.fer4j.vision.extract;

import io.fer4j.error.Fer4jException;

/**
 * Thrown by {@link VideoFeatureExtractor} after {@link VideoFeatureExtractor#cancel()} (Ctrl-C), once no thread of
 * the extraction is inside a native call any more.
 */
public final class ExtractionCancelledException extends Fer4jException {
    public ExtractionCancelledException() {
        super("interrupted; videos completed so far are kept and the next run resumes after them");
    }
}
