package org.rnnfield.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;

/**
 * The flags shared by commands that build a network and a task. Each overrides the same field of
 * the JSON file given with {@code --config}; unset flags leave it alone.
 */
public final class RunOptions {
    @Option(names = "--out", required = true, description = "output directory")
    Path out;

    @Option(names = "--config", paramLabel = "FILE", description = "JSON config (fields as in summary.json's \"config\"); flags override it")
    Path config;

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

    @Option(names = "--N", description = "neurons N (default: 400)")
    Integer n;
    @Option(names = "--g", description = "random coupling strength g (default: 1.5)")
    Double g;
    @Option(names = "--gamma", description = "richness gamma > 0 (default: 1.0)")
    Double gamma;
    @Option(names = "--tau", description = "time constant tau (default: 1)")
    Double tau;
    @Option(names = "--dt", description = "Euler step dt <= tau (default: 0.1)")
    Double dt;
    @Option(names = "--phi", description = "tanh or linear (default: tanh)")
    String phi;
    @Option(names = "--init", description = "x(0): gaussian (N(0, q0), frozen per seed) or zero (default: gaussian)")
    String init;
    @Option(names = "--q0", description = "variance of x(0) (default: 1)")
    Double q0;
    @Option(names = "--eta0", description = "base learning rate; GD uses eta0 gamma^2 N (default: 1)")
    Double eta0;
    @Option(names = "--steps", description = "training steps (default: 2000)")
    Integer steps;
    @Option(names = "--optimizer", description = "gd or adam (default: gd)")
    String optimizer;
    @Option(names = "--train", split = ",", description = "trained matrices, comma-separated subset of J,U,V (default: J,V)")
    List<String> train;
    @Option(names = "--target-loss", description = "stop when the loss reaches this (default: 0 = never)")
    Double targetLoss;
    @Option(names = "--checkpoint-every", description = "checkpoint every K steps (default: 0 = never)")
    Integer checkpointEvery;
    @Option(names = "--seed", description = "seed of weights and x(0) (default: 1)")
    Long seed;
    @Option(names = "--backend", description = "auto, cpu or cuda (default: cpu)")
    String backend;
    @Option(names = "--precision", description = "float64 or float32 (default: float64)")
    String precision;

    @Option(names = "--tmax", description = "dmft: time window / period of the stationary solution (default: 60)")
    Double tmax;
    @Option(names = "--samples", description = "dmft: single-site samples M per iteration (default: 4000; 8000 with --trained)")
    Integer samples;
    @Option(names = "--replicas", description = "dmft: independent solves for the error bars; with --trained also to flag a"
            + " replica that lands on a spurious fixed point (default: 3)")
    Integer replicas;
    @Option(names = "--iterations", description = "dmft: iterations per solve (with --trained: per training step), at most"
            + " (default: 60; 200 with --trained)")
    Integer iterations;
    @Option(names = "--max-lag", description = "dmft: largest reported lag in units of tau (default: 10)")
    Double maxLag;

    /** {@link #resolve()}, then every field checked that does not depend on the task's data. */
    public RunConfig validated() {
        RunConfig c = resolve();
        c.validate();
        return c;
    }

    /** The config file (or defaults) with every given flag applied. */
    public RunConfig resolve() {
        RunConfig c = config != null ? RunConfig.read(config) : new RunConfig();
        if (c.task == null) {
            c.task = new org.rnnfield.task.TaskConfig();
        }
        if (task != null) c.task.name = task;
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
        if (n != null) c.n = n;
        if (g != null) c.g = g;
        if (gamma != null) c.gamma = gamma;
        if (tau != null) c.tau = tau;
        if (dt != null) c.dt = dt;
        if (phi != null) c.phi = phi;
        if (init != null) c.init = init;
        if (q0 != null) c.q0 = q0;
        if (eta0 != null) c.eta0 = eta0;
        if (steps != null) c.steps = steps;
        if (optimizer != null) c.optimizer = optimizer;
        if (train != null) c.train = train;
        if (targetLoss != null) c.targetLoss = targetLoss;
        if (checkpointEvery != null) c.checkpointEvery = checkpointEvery;
        if (seed != null) c.seed = seed;
        if (backend != null) c.backend = backend;
        if (precision != null) c.precision = precision;
        if (c.dmft == null) {
            c.dmft = new DmftConfig();
        }
        if (task != null) c.dmft.autonomous = false;
        if (tmax != null) c.dmft.tmax = tmax;
        if (samples != null) {
            c.dmft.samples = samples;
            c.dmft.trainedSamples = samples;
        }
        if (replicas != null) c.dmft.replicas = replicas;
        if (iterations != null) {
            c.dmft.iterations = iterations;
            c.dmft.trainedIterations = iterations;
        }
        if (maxLag != null) c.dmft.maxLag = maxLag;
        if (c.equilibrium == null) {
            c.equilibrium = new EquilibriumConfig();
        }
        return c;
    }
}
