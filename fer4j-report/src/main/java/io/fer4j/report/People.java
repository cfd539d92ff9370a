package io.fer4j.report;

import io.fer4j.prediction.PersonTimeline;
import io.fer4j.prediction.PredictedVideo;

/** What the JSON summary and the HTML report both say about a people-mode video, said once. */
final class People {
    private People() {}

    /**
     * The person whose timeline is the video's {@code frames} in people mode: the one seen in the most frames, the
     * lower id on a tie (as the engine picks it); 0 when nobody was found.
     */
    static int mainPersonId(PredictedVideo video) {
        int best = 0;
        int bestSeen = -1;
        for (PersonTimeline p : video.people()) {
            if (p.framesSeen() > bestSeen) {
                bestSeen = p.framesSeen();
                best = p.personId();
            }
        }
        return best;
    }

    /** The HTML report's anchor of a person's lane and thumbnail (the JSON's thumbnail reference points to it). */
    static String anchor(int personId) {
        return "person-" + personId;
    }
}
