package io.fer4j.cli;

import io.fer4j.error.UserErrors;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code fer4j} command line. */
@Command(
        name = "fer4j",
        mixinStandardHelpOptions = true,
        versionProvider = Fer4jCommand.Version.class,
        description = "Facial expression recognition for in-the-wild video (ABAW EXPR, 8 classes).",
        subcommands = {
            PredictCommand.class,
            ExtractCommand.class,
            TrainCommand.class,
            EvaluateCommand.class,
            SubmitCommand.class,
            ModelsCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Fer4jCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /**
     * netlib warns about every BLAS it probes and cannot load (VectorBLAS without the incubator module when native
     * BLAS is used, JNIBLAS without native BLAS), on every train/evaluate; the launcher has already picked the one
     * that loads, so the probe stays quiet. A field: java.util.logging holds loggers weakly.
     */
    private static final Logger NETLIB_PROBE = Logger.getLogger("dev.ludovic.netlib.blas.InstanceBuilder");

    public static void main(String[] args) {
        NETLIB_PROBE.setLevel(Level.SEVERE);
        System.exit(commandLine().execute(args));
    }

    /** A configured command line; tests call {@code commandLine().execute(...)} without exiting the JVM. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Fer4jCommand());
        cl.setExecutionExceptionHandler(userErrors());
        return cl;
    }

    /** Failures through the one mapper shared with fer4j-spark ({@link UserErrors}: message and exit code). */
    static CommandLine.IExecutionExceptionHandler userErrors() {
        return (ex, c, parse) -> UserErrors.report(ex, "fer4j " + c.getCommandName(), c.getErr());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Fer4jCommand.class.getPackage().getImplementationVersion();
            return new String[] {"fer4j " + (v == null ? "dev" : v)};
        }
    }
}
