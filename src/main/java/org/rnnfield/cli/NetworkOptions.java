package org.rnnfield.cli;

import picocli.CommandLine.Option;

/** The network's flags (size, coupling, richness, nonlinearity, x(0), seed). */
public final class NetworkOptions implements ConfigFlags {
    @Option(names = "--N", description = "neurons N (default: 400)")
    Integer n;
    @Option(names = "--g", description = "random coupling strength g (default: 1.5)")
    Double g;
    @Option(names = "--gamma", description = "richness gamma > 0 (default: 1.0)")
    Double gamma;
    @Option(names = "--tau", description = "time constant tau (default: 1)")
    Double tau;
    @Option(names = "--phi", description = "tanh or linear (default: tanh)")
    String phi;
    @Option(names = "--init", description = "x(0): gaussian (N(0, q0), frozen per seed) or zero (default: gaussian)")
    String init;
    @Option(names = "--q0", description = "variance of x(0) (default: 1)")
    Double q0;
    @Option(names = "--seed", description = "seed of weights and x(0) (default: 1)")
    Long seed;

    @Override
    public void apply(RunConfig c) {
        if (n != null) c.n = n;
        if (g != null) c.g = g;
        if (gamma != null) c.gamma = gamma;
        if (tau != null) c.tau = tau;
        if (phi != null) c.phi = phi;
        if (init != null) c.init = init;
        if (q0 != null) c.q0 = q0;
        if (seed != null) c.seed = seed;
    }
}
