package org.rnnfield.cli;

import picocli.CommandLine.Option;

/** The Gibbs measure's flag, for {@code sample} and {@code dmft --equilibrium} only; overrides "equilibrium.beta" in the config. */
public final class EquilibriumOptions implements ConfigFlags {
    @Option(names = "--beta", description = "inverse temperature of the Gibbs measure exp(-beta gamma^2 N L) times the"
            + " N(0,1) prior; readout ridge lambda = W / beta (default: 60)")
    Double beta;

    @Override
    public void apply(RunConfig c) {
        if (beta != null) c.equilibrium.beta = beta;
    }
}
