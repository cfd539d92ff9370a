package io.fer4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code fer4j} command line. */
@Command(name = "fer4j", mixinStandardHelpOptions = true, versionProvider = Fer4j.Version.class,
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
public final class Fer4j implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** A configured command line; tests call {@code commandLine().execute(...)} without exiting the JVM. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Fer4j());
        cl.setExecutionExceptionHandler(new UserErrors());
        return cl;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Fer4j.class.getPackage().getImplementationVersion();
            return new String[] {"fer4j " + (v == null ? "dev" : v)};
        }
    }
}
