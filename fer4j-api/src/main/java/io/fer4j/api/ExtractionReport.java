package io.fer4j.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link Fer4j#extract} did. Immutable.
 *
 * @param extracted the store ids written by this call, in input order
 * @param skipped   the ids already complete in the store (left as they were)
 * @param failed    each failed video's id and why, in input order (the others were written)
 */
public record ExtractionReport(List<String> extracted, List<String> skipped, Map<String, String> failed) {
    public ExtractionReport {
        extracted = List.copyOf(extracted);
        skipped = List.copyOf(skipped);
        failed = Collections.unmodifiableMap(new LinkedHashMap<>(failed));
    }

    /** True when no video failed. */
    public boolean allOk() {
        return failed.isEmpty();
    }
}
