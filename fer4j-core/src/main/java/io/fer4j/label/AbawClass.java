package io.fer4j.label;

import java.util.List;

/** The 8 ABAW EXPR classes in the challenge's order (CONTRACTS §1); {@link #ordinal()} is the label id. */
public enum AbawClass {
    NEUTRAL("Neutral"),
    ANGER("Anger"),
    DISGUST("Disgust"),
    FEAR("Fear"),
    HAPPINESS("Happiness"),
    SADNESS("Sadness"),
    SURPRISE("Surprise"),
    OTHER("Other");

    /** Number of ABAW classes. */
    public static final int COUNT = 8;
    /** Label value that marks an ignored frame in annotation files. */
    public static final int IGNORED = -1;
    /** Classes [0..GATEABLE_COUNT) can be chosen by the confidence gate; "Other" cannot (slot 7 holds Contempt). */
    public static final int GATEABLE_COUNT = 7;

    private static final AbawClass[] VALUES = values();
    private final String displayName;

    AbawClass(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }

    public static AbawClass of(int labelId) {
        if (labelId < 0 || labelId >= COUNT) {
            throw new IllegalArgumentException("ABAW label id must be in 0..7, got " + labelId);
        }
        return VALUES[labelId];
    }

    /** Display names in ABAW order, e.g. for CSV headers. */
    public static List<String> displayNames() {
        return java.util.Arrays.stream(VALUES).map(AbawClass::displayName).toList();
    }

    /** The header line of ABAW annotation files: {@code Neutral,Anger,...,Other}. */
    public static String headerLine() {
        return String.join(",", displayNames());
    }
}
