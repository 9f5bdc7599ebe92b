package org.rnnfield.cli;

import picocli.CommandLine.Option;

/** The Langevin sampler's flags ({@code sample} only); each overrides the same field of "equilibrium" in the config. */
public final class LangevinOptions {
    @Option(names = "--h", description = "sample: Langevin step (default: 0.005)")
    Double h;
    @Option(names = "--burn-in", description = "sample: updates discarded before averaging (default: 2000)")
    Integer burnIn;
    @Option(names = "--window", description = "sample: updates averaged (default: 10000)")
    Integer window;
    @Option(names = "--chains", description = "sample: independent chains, for R-hat (default: 2)")
    Integer chains;

    RunConfig apply(RunConfig c) {
        if (h != null) c.equilibrium.h = h;
        if (burnIn != null) c.equilibrium.burnIn = burnIn;
        if (window != null) c.equilibrium.window = window;
        if (chains != null) c.equilibrium.chains = chains;
        c.equilibrium.validate();
        return c;
    }
}
