package io.fer4j.vision.people;

import java.util.function.Supplier;

/**
 * Extraction follows every person ({@link PeopleTracker}) rather than the main face.
 *
 * @param maxPeople   faces tracked per frame at most; with more, the largest win (crowds stay bounded)
 * @param descriptors opens the face descriptor; called once by the decode thread, which alone uses and closes it
 */
public record PeopleTracking(int maxPeople, Supplier<FaceDescriptor> descriptors) {
    /** face-api.js-sized default: a meeting or an interview, with room to spare. */
    public static final int DEFAULT_MAX_PEOPLE = 16;

    public PeopleTracking {
        if (maxPeople < 1) {
            throw new IllegalArgumentException("maxPeople must be at least 1, got " + maxPeople);
        }
        if (descriptors == null) {
            throw new IllegalArgumentException("a face descriptor is required to tell people apart");
        }
    }

    /** A tracker for one video with these settings. */
    public PeopleTracker newTracker() {
        return PeopleTracker.builder().maxPeople(maxPeople).build();
    }
}
