package io.fer4j.vision.extract;

import io.fer4j.vision.people.PeopleTracker;

/**
 * What people mode found in one video, and what it cost on the decode thread.
 *
 * @param tracker         each track's final person, persons found, tracks and faces dropped, faces over the maximum
 * @param trackingNanos   time in association and re-identification, descriptors excluded
 * @param descriptorNanos time computing face descriptors ({@link PeopleTracker.Summary#descriptorCalls()} of them)
 */
public record TrackedPeople(PeopleTracker.Summary tracker, long trackingNanos, long descriptorNanos) {
    /** The person a track's rows belong to, or 0 when the track was dropped as spurious. */
    public int personOfTrack(int trackId) {
        return tracker.personOfTrack().getOrDefault(trackId, 0);
    }
}
