package org.rnnfield.cli;

import picocli.CommandLine.Option;

/** The Langevin sampler's flags ({@code sample} only); each overrides the same field of "equilibrium" in the config. */
public final class LangevinOptions implements ConfigFlags {
    @Option(names = "--h", description = "Langevin step (default: 0.15 / (beta max(gamma^2, 1/2)); check by halving it)")
    Double h;
    @Option(names = "--burn-in", description = "Langevin updates discarded before averaging (default: 8 / h)")
    Integer burnIn;
    @Option(names = "--window", description = "Langevin updates averaged (default: 40 / h)")
    Integer window;
    @Option(names = "--chains", description = "independent Langevin chains, for R-hat (default: 2)")
    Integer chains;

    @Override
    public void apply(RunConfig c) {
        if (h != null) c.equilibrium.h = h;
        if (burnIn != null) c.equilibrium.burnIn = burnIn;
        if (window != null) c.equilibrium.window = window;
        if (chains != null) c.equilibrium.chains = chains;
    }
}
