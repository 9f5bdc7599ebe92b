package org.rnnfield.cli;

import picocli.CommandLine.Option;

/** Gradient training's flags (train, sweep, convergence, dmft --trained). */
public final class TrainingOptions implements ConfigFlags {
    @Option(names = "--eta0", description = "base learning rate; GD uses eta0 gamma^2 N (default: 1)")
    Double eta0;
    @Option(names = "--steps", description = "training steps (default: 2000)")
    Integer steps;
    @Option(names = "--optimizer", description = "gd or adam (default: gd)")
    String optimizer;
    @Option(names = "--target-loss", description = "stop when the loss reaches this (default: 0 = never)")
    Double targetLoss;
    @Option(names = "--divergence-factor", description = "stop as diverged (exit 3) when the loss exceeds this multiple"
            + " of its initial value (default: 100)")
    Double divergenceFactor;

    @Override
    public void apply(RunConfig c) {
        if (eta0 != null) c.eta0 = eta0;
        if (steps != null) c.steps = steps;
        if (optimizer != null) c.optimizer = optimizer;
        if (targetLoss != null) c.targetLoss = targetLoss;
        if (divergenceFactor != null) c.divergenceFactor = divergenceFactor;
    }
}
