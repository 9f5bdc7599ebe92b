package org.rnnfield.cli;

import picocli.CommandLine.Option;

/** The task's flags; each overrides the same field of "task" in the config. */
public final class TaskOptions implements ConfigFlags {
    @Option(names = "--task", description = "sine, multisine, reach or npy (default: sine)")
    String task;
    @Option(names = "--conditions", description = "reach: 27 (9 angles x 3 curvatures) or 8 (default: 27)")
    Integer conditions;
    @Option(names = "--freq", description = "sine: target frequency in cycles per time unit (default: 0.2)")
    Double freq;
    @Option(names = "--freqs", split = ",", description = "multisine: comma-separated frequencies (default: 0.1,0.2,0.3)")
    double[] freqs;
    @Option(names = "--duration", description = "sine/multisine: trial length in time units (default: 10)")
    Double duration;
    @Option(names = "--window-start", description = "sine/multisine: training window starts here (default: 0)")
    Double windowStart;
    @Option(names = "--trials", description = "sine/multisine: trials B, each with its own x(0) (default: 1)")
    Integer trials;
    @Option(names = "--inputs", description = "npy: inputs .npy, shape (B, T, D_in)")
    String inputs;
    @Option(names = "--targets", description = "npy: targets .npy, shape (B, T, D_out)")
    String targets;
    @Option(names = "--mask", description = "npy: mask .npy of 0/1, shape (B, T) (default: all ones)")
    String mask;
    @Option(names = "--dt", description = "Euler step dt <= tau (default: 0.1)")
    Double dt;

    @Override
    public void apply(RunConfig c) {
        if (task != null) {
            c.task.name = task;
            // a task given on the command line makes the random-network DMFT task-driven
            c.dmft.autonomous = false;
        }
        if (freq != null) c.task.freq = freq;
        if (freqs != null) c.task.freqs = freqs;
        if (duration != null) c.task.duration = duration;
        if (windowStart != null) c.task.windowStart = windowStart;
        if (trials != null) c.task.trials = trials;
        if (inputs != null) c.task.inputs = inputs;
        if (targets != null) c.task.targets = targets;
        if (mask != null) c.task.mask = mask;
        if (conditions != null) {
            if (c.task.reach == null) {
                c.task.reach = new org.rnnfield.task.ReachConfig();
            }
            c.task.reach.conditions = conditions;
        }
        if (dt != null) c.dt = dt;
    }
}
