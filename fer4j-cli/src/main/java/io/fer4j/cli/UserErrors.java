package io.fer4j.cli;

import io.fer4j.error.Fer4jException;
import picocli.CommandLine;

/**
 * Turns failures into one clear message and exit code 2 ({@link Fer4jException}: the message already says which file
 * and what to do) instead of a stack trace; unexpected exceptions keep their trace for bug reports.
 */
final class UserErrors implements CommandLine.IExecutionExceptionHandler {
    static final int USER_ERROR_EXIT = 2;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
        if (ex instanceof Fer4jException || ex instanceof java.io.UncheckedIOException
                || ex instanceof java.io.IOException || ex instanceof IllegalArgumentException) {
            cl.getErr().println("fer4j " + cl.getCommandName() + ": error: " + ex.getMessage());
            return USER_ERROR_EXIT;
        }
        ex.printStackTrace(cl.getErr());
        return 1;
    }
}
