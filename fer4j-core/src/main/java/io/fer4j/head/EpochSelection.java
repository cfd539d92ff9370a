package io.fer4j.head;

/** Which validation metric picks the epoch whose weights are kept (the first epoch wins ties). */
public enum EpochSelection {
    /** CONTRACTS §5's choice. */
    MACRO_F1,
    /** What the reference implementation kept. */
    ACCURACY
}
