package org.rnnfield.cli;

import org.rnnfield.dmft.equilibrium.EquilibriumSettings;
import org.rnnfield.dynamics.Weight;
import org.rnnfield.model.ConfigException;
import org.rnnfield.sample.LangevinSpec;

import java.util.List;

/**
 * The Gibbs measure of training and its two solvers ("equilibrium" in JSON): Langevin sampling of
 * finite networks ({@code rnnfield sample}) and the equilibrium DMFT ({@code rnnfield dmft --equilibrium}),
 * which share beta (docs/theory.md section 5).
 */
public final class EquilibriumConfig {
    /** Inverse temperature of eq. 5.1; the readout ridge is lambda = W / beta. */
    public double beta = 300;
    /** Langevin step h of eq. 5.2 (stable below ~2 W / (beta lambda_max(Phi_r))). */
    public double h = 0.005;
    /** Langevin updates discarded before averaging. */
    public int burnIn = 2000;
    /** Langevin updates averaged. */
    public int window = 10000;
    /** Independent chains (R-hat needs 2 or more). */
    public int chains = 2;
    /** DMFT: sampled single sites M (tanh; linear phi is solved exactly unless --sampled). */
    public int samples = 32_000;
    /** DMFT: sites per quenched draw (eq. 5.14). */
    public int groupSize = 10;
    /** DMFT: fixed-point tolerance per continuation stage. */
    public double tolerance = 1e-6;
    /** DMFT: iterations per continuation stage, at most. */
    public int maxIterations = 400;
    /** DMFT: Anderson memory and mixing. */
    public int andersonMemory = 20;
    public double damping = 0.5;
    /** DMFT: mean ESS fraction below which importance weights count as collapsed. */
    public double minEffectiveSampleFraction = 0.1;
    /** DMFT with phi = linear: use the sampling solver instead of the exact closure (for cross-checks). */
    public boolean sampled = false;

    LangevinSpec langevin(List<String> train, long seed, int checkpointEvery) {
        return new LangevinSpec(beta, h, burnIn, window, chains, Weight.parse(train), seed, checkpointEvery);
    }

    EquilibriumSettings settings(long seed) {
        return new EquilibriumSettings(samples, groupSize, damping, andersonMemory, tolerance, maxIterations,
                minEffectiveSampleFraction, seed);
    }

    void validate() {
        if (!(beta > 0) || Double.isInfinite(beta)) {
            throw ConfigException.field("equilibrium.beta", beta, "finite number > 0");
        }
        try {
            langevin(List.of("J", "V"), 0, 0);
            settings(0);
        } catch (ConfigException e) {
            throw new ConfigException("equilibrium." + e.getMessage());
        }
    }
}
