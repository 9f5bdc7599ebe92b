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
    /** Inverse temperature of eq. 5.1; the readout ridge is lambda = W / beta. 60: the value validated against networks (docs/theory.md 5.4). */
    public double beta = 60;
    /**
     * Langevin step h of eq. 5.2; null: {@link #defaultStep}. The step decides the answer (docs/theory.md
     * section 5.4: at gamma = 2 the window loss was 16x the theory at h = 0.0025 and within 2.5% at
     * h = 0.000625), so it is chosen from gamma and beta, not fixed.
     */
    public Double h;
    /** Langevin updates discarded before averaging; null: 8 / h (eight relaxation times of the prior). */
    public Integer burnIn;
    /** Langevin updates averaged; null: 40 / h. */
    public Integer window;
    /** Independent chains (R-hat needs 2 or more). */
    public int chains = 2;
    /** DMFT: sampled single sites M (tanh; linear phi is solved exactly unless --sampled). */
    public int samples = 32_000;
    /**
     * DMFT: sites per quenched draw (eq. 5.14); null: {@link EquilibriumSettings#DEFAULT_GROUP_SIZE}, or
     * {@link EquilibriumSettings#DEFAULT_CHAIN_GROUP_SIZE} with proposal MCMC. Measured (docs/theory.md 5.3):
     * self-normalizing within groups of K = 10 biases tanh's kernel by 6-7.5% at gamma = 0.5 (K = 100 vs 400:
     * 1.2%, the seed spread) and stalls the continuation near gamma = 1; the Latin-hypercube placement keeps
     * the quenched average of K = 100 (320 draws) within 1-4% of the exact linear closure.
     */
    public Integer groupSize;
    /** DMFT: placement of the quenched draws (docs/theory.md section 5.3). */
    public org.rnnfield.dmft.equilibrium.QuenchedSampling quenchedSampling =
            org.rnnfield.dmft.equilibrium.QuenchedSampling.LATIN_HYPERCUBE;
    /**
     * DMFT: where site fields are drawn: PRIOR, ADAPTED (a Gaussian fitted per stage, docs/theory.md eq. 5.15) or
     * MCMC (every site a pCN chain on the tilted law, resampled and moved when its reweighting's ESS falls, eqs.
     * 5.17-5.18: for large D, where importance weights collapse, and for tanh's slope moments); null:
     * {@link EquilibriumSettings#defaultProposal} (MCMC for tanh with J sampled and U frozen, else ADAPTED).
     */
    public org.rnnfield.dmft.equilibrium.SiteProposal proposal;
    /**
     * DMFT: kernel = exact untilted kernel + sampled (tilted - untilted), projected PSD (docs/theory.md eq. 5.16);
     * null: on, except with proposal MCMC (whose chains carry no untilted weights).
     */
    public Boolean controlVariate;
    /** DMFT, proposal MCMC: pCN sweeps per refresh of the site chains. */
    public int mcmcSweeps = EquilibriumSettings.DEFAULT_MCMC_SWEEPS;
    /** DMFT, proposal MCMC: the chains are refreshed when their reweighting's mean ESS fraction falls below this. */
    public double mcmcRefreshFraction = EquilibriumSettings.DEFAULT_MCMC_REFRESH_FRACTION;
    /** DMFT, proposal MCMC: a converged stage is accepted when the chains' reweighting keeps this ESS fraction. */
    public double mcmcAcceptFraction = EquilibriumSettings.DEFAULT_MCMC_ACCEPT_FRACTION;
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

    /**
     * h = 0.15 / (beta max(gamma^2, 1/2)): the curvature grows like beta along the readout and like beta gamma^2
     * along J. It reproduces the steps measured to be small enough on the sine task at beta = 60
     * (0.005 at gamma = 0.5, 0.000625 at gamma = 2, docs/theory.md section 5.4); check it by halving.
     */
    static double defaultStep(double beta, double gamma) {
        return Math.min(0.5, 0.15 / (beta * Math.max(gamma * gamma, 0.5)));
    }

    LangevinSpec langevin(List<String> train, double gamma, long seed, int checkpointEvery) {
        double step = h != null ? h : defaultStep(beta, gamma);
        int burn = burnIn != null ? burnIn : (int) Math.ceil(8 / step);
        int win = window != null ? window : (int) Math.ceil(40 / step);
        return new LangevinSpec(beta, step, burn, win, chains, Weight.parse(train), seed, checkpointEvery);
    }

    /**
     * The solver's settings for this problem. Without a proposal it is chosen for the problem, except that asking for
     * the control variate asks for importance weights (ADAPTED); a null problem (validation) takes ADAPTED.
     */
    EquilibriumSettings settings(long seed, org.rnnfield.dmft.equilibrium.EquilibriumProblem problem) {
        org.rnnfield.dmft.equilibrium.SiteProposal chosen = proposal != null ? proposal
                : problem == null || Boolean.TRUE.equals(controlVariate) ? org.rnnfield.dmft.equilibrium.SiteProposal.ADAPTED
                : EquilibriumSettings.defaultProposal(problem);
        boolean chains = chosen == org.rnnfield.dmft.equilibrium.SiteProposal.MCMC;
        return new EquilibriumSettings(samples, groupSize != null ? groupSize
                : chains ? EquilibriumSettings.DEFAULT_CHAIN_GROUP_SIZE : EquilibriumSettings.DEFAULT_GROUP_SIZE,
                quenchedSampling, chosen,
                controlVariate != null ? controlVariate : !chains, damping,
                andersonMemory, tolerance, maxIterations, minEffectiveSampleFraction, mcmcSweeps, mcmcRefreshFraction, mcmcAcceptFraction, seed);
    }

    void validate() {
        if (!(beta > 0) || Double.isInfinite(beta)) {
            throw ConfigException.field("equilibrium.beta", beta, "finite number > 0");
        }
        try {
            langevin(List.of("J", "V"), 1.0, 0, 0);
            settings(0, null);
        } catch (ConfigException e) {
            throw new ConfigException("equilibrium." + e.getMessage());
        }
    }
}
