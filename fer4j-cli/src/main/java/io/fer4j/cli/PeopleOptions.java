package io.fer4j.cli;

import io.fer4j.engine.EngineSpec;
import picocli.CommandLine.Option;

/** {@code --people}, {@code --main-person} and {@code --max-people} of predict and extract (docs/people.md). */
final class PeopleOptions {
    @Option(
            names = "--people",
            description = "Label every person in the video, each with an id (1, 2, … in order of first appearance) "
                    + "kept through crossings, occlusions and exits; the method runs on each person's frames alone. "
                    + "See docs/people.md.")
    boolean people;

    @Option(
            names = "--main-person",
            description = "Follow one main face per frame, one timeline per video (the default).")
    boolean mainPerson;

    @Option(
            names = "--max-people",
            paramLabel = "N",
            description = "With --people, track at most N faces per frame; in a crowd the largest (nearest) faces "
                    + "win and the rest are counted in the output (default: " + EngineSpec.DEFAULT_MAX_PEOPLE + ").")
    Integer maxPeople;

    /** These options on {@code spec}; contradictory ones are refused naming both. */
    EngineSpec.Builder applyTo(EngineSpec.Builder spec) {
        if (people && mainPerson) {
            throw new IllegalArgumentException("--people and --main-person contradict each other: --people labels "
                    + "every person, --main-person one main face per frame; give one of them");
        }
        if (maxPeople != null) {
            if (!people) {
                throw new IllegalArgumentException(
                        "--max-people applies to --people only: add --people, or drop " + "--max-people");
            }
            OptionBounds.requireInt("--max-people", maxPeople, 1, 1024, "faces per frame");
            spec.maxPeople(maxPeople);
        }
        return people ? spec.everyPerson() : spec.mainPerson();
    }
}
