package io.fer4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --logit-adjustment} and its old spelling {@code --gla}, which existing scripts still pass. */
class TrainOptionsTest {
    private static TrainCommand parse(String... extra) {
        TrainCommand t = new TrainCommand();
        String[] base = {"--store", "s", "--annotations", "a", "--out", "m.json"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        new CommandLine(t).parseArgs(args);
        return t;
    }

    @Test
    void logitAdjustmentDefaultsToPaperAndTheOldSpellingStillWorks() {
        assertEquals("paper", parse().estimator());
        assertEquals("prior", parse("--logit-adjustment", "prior").estimator());
        assertEquals("balanced-ce", parse("--gla", "balanced-ce").estimator());
        assertEquals(
                "prior", parse("--gla", "prior", "--logit-adjustment", "prior").estimator());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> parse("--gla", "prior", "--logit-adjustment", "paper").estimator());
        assertTrue(e.getMessage().contains("--logit-adjustment"), e.getMessage());
    }

    @Test
    void theOldSpellingIsHiddenFromHelp() {
        String help = new CommandLine(new TrainCommand()).getUsageMessage();
        assertTrue(help.contains("--logit-adjustment"), help);
        assertFalse(help.contains("--gla"), help);
    }
}
