package io.fer4j.cli;

import java.util.Locale;

/**
 * Range checks for numeric options, run before any work: a value outside its range is an error naming the option
 * and the accepted range (an unchecked {@code --delta 2147483647} overflowed silently into −0.0 probabilities).
 */
final class OptionBounds {
    /** Largest δ accepted (frames): a centred window of 2δ+1 frames stays far from int overflow (~55 min at 30 fps). */
    static final int MAX_DELTA_FRAMES = 100_000;
    /** Largest thread count accepted for any --threads option. */
    static final int MAX_THREADS = 1024;

    private OptionBounds() {}

    /** Throws unless {@code min ≤ value ≤ max}; {@code unit} (may be empty) follows the numbers in the message. */
    static int requireInt(String option, long value, long min, long max, String unit) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    option + " must be between " + min + " and " + max + unit(unit) + ", got " + value);
        }
        return (int) value;
    }

    /** Throws unless {@code value} is a finite number with {@code min ≤ value ≤ max}. */
    static double requireDouble(String option, double value, double min, double max, String unit) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "%s must be between %s and %s%s, got %s",
                    option,
                    plain(min),
                    plain(max),
                    unit(unit),
                    plain(value)));
        }
        return value;
    }

    private static String unit(String unit) {
        return unit.isEmpty() ? "" : " " + unit;
    }

    private static String plain(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
