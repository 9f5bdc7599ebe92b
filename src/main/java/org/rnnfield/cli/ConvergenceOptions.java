package org.rnnfield.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Option;

import java.util.List;

/**
 * The convergence contract shared by every solver and sampler command: a solve, step or chain that did not
 * converge (or mix) is warned about on stderr, listed in summary.json under "unconverged", and the
 * command exits {@link Main#EXIT_UNCONVERGED}, unless the user asked to keep going.
 */
public final class ConvergenceOptions {
    @Option(names = "--allow-unconverged", description = "exit 0 even when a solve did not converge or chains did"
            + " not mix (still warned about and listed in summary.json under \"unconverged\")")
    boolean allowUnconverged;

    /** Records the problems (possibly none) in the summary under "unconverged" and "allow_unconverged". */
    void record(ObjectNode summary, List<String> problems) {
        ArrayNode list = summary.putArray("unconverged");
        problems.forEach(list::add);
        summary.put("allow_unconverged", allowUnconverged);
    }

    /**
     * A solve that failed with no iterate to report: its summary (the caller's fields, then "converged": false,
     * "failure" and the contract's record) is written, the failure warned about, and the contract's exit code returned.
     */
    int failedSolve(OutputDirectory dir, ObjectNode summary, String command, String failure, double seconds,
                    org.rnnfield.backend.Backend backend, RunConfig config) throws java.io.IOException {
        summary.put("converged", false);
        summary.put("failure", failure);
        List<String> failed = List.of(failure);
        record(summary, failed);
        dir.writeSummary(summary, seconds, backend, config);
        return exitCode(command, failed);
    }

    /** Warns about each problem on stderr and returns the exit code the contract gives. */
    int exitCode(String command, List<String> problems) {
        for (String p : problems) {
            System.err.println("rnnfield " + command + ": warning: " + p);
        }
        if (problems.isEmpty()) {
            return 0;
        }
        if (allowUnconverged) {
            System.err.println("rnnfield " + command + ": continuing (--allow-unconverged); results are written, marked unconverged");
            return 0;
        }
        System.err.println("rnnfield " + command + ": results written and marked unconverged in summary.json; exit "
                + Main.EXIT_UNCONVERGED + " (--allow-unconverged to exit 0)");
        return Main.EXIT_UNCONVERGED;
    }
}
