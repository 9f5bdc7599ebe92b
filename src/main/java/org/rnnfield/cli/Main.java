package org.rnnfield.cli;

import org.rnnfield.model.ConfigException;
import org.rnnfield.train.DivergenceException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code java -jar rnnfield.jar <command> [options]}. */
@Command(name = "rnnfield", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Recurrent networks trained at richness gamma, and their dynamical mean-field theory.",
        subcommands = {TrainCommand.class, SampleCommand.class, SimulateCommand.class, TaskCommand.class, DmftCommand.class, ConvergenceCommand.class, ExperimentCommand.class, ReportCommand.class, SweepCommand.class, MergeCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static final String VERSION = org.rnnfield.io.Provenance.VERSION;

    /** Exit codes: 0 ok, 1 internal error, 2 bad input, 3 training diverged, 4 a solver or sampler did not converge. */
    public static final int EXIT_BAD_INPUT = 2;
    public static final int EXIT_DIVERGED = 3;
    public static final int EXIT_UNCONVERGED = 4;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns the exit code (used by tests). */
    public static int run(String... args) {
        return run(new java.io.PrintWriter(System.err, true), args);
    }

    /** Runs a command line with error messages going to {@code err}. */
    public static int run(java.io.PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigException) {
                cmd.getErr().println("rnnfield: error: " + e.getMessage());
                return EXIT_BAD_INPUT;
            }
            if (e instanceof DivergenceException) {
                cmd.getErr().println("rnnfield: " + e.getMessage());
                return EXIT_DIVERGED;
            }
            if (e instanceof org.rnnfield.dmft.equilibrium.SaddlePointException || e instanceof org.rnnfield.dmft.DmftFailure) {
                cmd.getErr().println("rnnfield: " + e.getMessage());
                return EXIT_UNCONVERGED;
            }
            throw e;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"rnnfield " + VERSION + " (Java " + System.getProperty("java.version") + ")"};
        }
    }
}
