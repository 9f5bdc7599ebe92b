package org.rnnfield.dmft.equilibrium;

import org.rnnfield.model.ConfigException;

/**
 * Every setting that decides the equilibrium solvers' numbers (docs/theory.md section 5.4), written
 * whole into summary.json.
 *
 * @param samples     M single-site paths (sampling solver)
 * @param groupSize   K paths share one draw of the quenched variables (x(0), frozen U); importance
 *                    weights are normalized within a group (eq. 5.14). Ignored without quenched variables.
 * @param quenchedSampling how the M / K quenched draws are placed (i.i.d. or Latin hypercube)
 * @param proposal    where the site fields are drawn: from the prior, or from a Gaussian fitted to the
 *                    tilted law after each accepted continuation stage (eq. 5.15), with a defensive share
 *                    of prior draws
 * @param controlVariate estimate the kernel as the exact untilted kernel plus the sampled difference
 *                    tilted - untilted on the same paths (eq. 5.16), instead of the tilted average alone
 * @param damping     fraction of the new iterate taken per iteration, for Phi and Phi_hat (Anderson's beta)
 * @param andersonMemory iterates the Anderson mixer combines (0: plain damped iteration)
 * @param tolerance   stop when the relative change of both falls below it (common random numbers make
 *                    the sampled map deterministic, so this is a fixed-point tolerance, not a noise level)
 * @param maxIterations give up after this many iterations (the result then says converged = false)
 * @param minEffectiveSampleFraction below this mean ESS / K the importance weights are declared collapsed
 * @param mcmcSweeps  proposal MCMC: pCN sweeps of every site chain per refresh (eq. 5.17)
 * @param mcmcRefreshFraction proposal MCMC: the chains are resampled and moved again at the current iterate
 *                    when the mean ESS fraction of their reweighting falls below this (eq. 5.18)
 * @param mcmcAcceptFraction proposal MCMC: a stage that converged is accepted only if the chains' reweighting there
 *                    keeps this ESS fraction; otherwise they are refreshed at the solution and the stage goes on, so
 *                    the answer comes from chains moved at it (self-normalizing within groups of 10 is otherwise
 *                    biased: tanh gamma = 0.5 solved by reweighting alone was 9.3% off in loss)
 * @param seed        the common random numbers
 */
public record EquilibriumSettings(int samples, int groupSize, QuenchedSampling quenchedSampling, SiteProposal proposal,
                                  boolean controlVariate, double damping, int andersonMemory, double tolerance, int maxIterations,
                                  double minEffectiveSampleFraction, int mcmcSweeps, double mcmcRefreshFraction, double mcmcAcceptFraction, long seed) {
    /**
     * K with site chains: they need no self-normalization at their reference, so the quenched average wants many
     * draws; at gamma = 1 (linear, M = 8000) K = 100 left the kernel 6.2% off the exact closure, K = 10 1.7%.
     */
    public static final int DEFAULT_CHAIN_GROUP_SIZE = 10;
    /** Site chains: pCN sweeps per refresh and the ESS fraction that triggers one (docs/theory.md section 5.3, eq. 5.18). */
    public static final int DEFAULT_MCMC_SWEEPS = 20;
    public static final double DEFAULT_MCMC_REFRESH_FRACTION = 0.5;
    public static final double DEFAULT_MCMC_ACCEPT_FRACTION = 0.9;

    /**
     * K = 100 at every gamma: self-normalizing within groups of 10 biased tanh's kernel by 6-7.5% at gamma = 0.5
     * (K = 100 vs K = 400: 1.2%, the seed spread; docs/theory.md section 5.3), and Latin-hypercube draws keep
     * the 320 quenched draws of K = 100 accurate.
     */
    public static final int DEFAULT_GROUP_SIZE = 100;

    /**
     * Defaults (docs/theory.md section 5.3): M = 32000 sites, K = {@link #DEFAULT_GROUP_SIZE} in Latin-hypercube
     * quenched groups, the adapted defensive proposal, the untilted control variate (projected onto the PSD
     * cone: unprojected, a linear gamma = 1, K = 10 solve stopped on an indefinite readout kernel; it makes
     * gamma -> 0 exact, which K = 100's 320 quenched draws alone leave 4.6% off); Anderson memory 20 at
     * damping 0.5 (memory 6 stalled, 40 at damping 1 was slower); fixed-point tolerance 1e-6; ESS floor 0.1.
     */
    public static EquilibriumSettings defaults(long seed) {
        return new EquilibriumSettings(32_000, DEFAULT_GROUP_SIZE, QuenchedSampling.LATIN_HYPERCUBE, SiteProposal.ADAPTED, true, 0.5, 20, 1e-6, 400, 0.1,
                DEFAULT_MCMC_SWEEPS, DEFAULT_MCMC_REFRESH_FRACTION, DEFAULT_MCMC_ACCEPT_FRACTION, seed);
    }

    /**
     * {@link #defaults(long)} with the site fields drawn by {@code proposal}; site chains (MCMC) in quenched groups of
     * {@link #DEFAULT_CHAIN_GROUP_SIZE} with the default sweeps and refresh level, the way `dmft --equilibrium` sets them.
     */
    public static EquilibriumSettings defaults(long seed, SiteProposal proposal) {
        if (proposal == null) {
            throw ConfigException.field("proposal", null, "PRIOR, ADAPTED or MCMC");
        }
        EquilibriumSettings d = defaults(seed);
        return proposal == SiteProposal.MCMC
                ? d.withSiteChains(DEFAULT_MCMC_SWEEPS, DEFAULT_MCMC_REFRESH_FRACTION).withGroups(DEFAULT_CHAIN_GROUP_SIZE, QuenchedSampling.LATIN_HYPERCUBE)
                : d.withProposal(proposal);
    }

    /**
     * The site proposal a problem gets by default: site chains for tanh with J sampled and U frozen, whose slope
     * moments importance weights biased at gamma = 2 (phi'-kernel diagonal 0.28 vs the Langevin networks' 0.30,
     * perturbation growth -0.21 vs -0.17) and whose kurtosis they left with twice the seed spread at gamma = 0.5
     * (docs/theory.md section 7); otherwise the adapted proposal (linear phi's cross-checks, readout-only sites, which
     * are the random network's, and an annealed U, which chains do not sample).
     */
    public static SiteProposal defaultProposal(EquilibriumProblem problem) {
        return problem.phi() == org.rnnfield.model.Phi.TANH && problem.trainJ() && !problem.trainU() ? SiteProposal.MCMC
                : SiteProposal.ADAPTED;
    }

    public EquilibriumSettings {
        if (samples < 2) {
            throw ConfigException.field("samples", samples, "integer >= 2");
        }
        if (groupSize < 1 || groupSize > samples) {
            throw ConfigException.field("groupSize", groupSize, "integer 1..samples");
        }
        if (quenchedSampling == null) {
            throw ConfigException.field("quenchedSampling", null, "INDEPENDENT or LATIN_HYPERCUBE");
        }
        if (proposal == null) {
            throw ConfigException.field("proposal", null, "PRIOR or ADAPTED");
        }
        if (!(damping > 0 && damping <= 1)) {
            throw ConfigException.field("damping", damping, "number in (0, 1]");
        }
        if (andersonMemory < 0 || andersonMemory > 50) {
            throw ConfigException.field("andersonMemory", andersonMemory, "integer 0..50");
        }
        if (!(tolerance > 0)) {
            throw ConfigException.field("tolerance", tolerance, "number > 0");
        }
        if (maxIterations < 1) {
            throw ConfigException.field("maxIterations", maxIterations, "integer >= 1");
        }
        if (!(minEffectiveSampleFraction >= 0 && minEffectiveSampleFraction < 1)) {
            throw ConfigException.field("minEffectiveSampleFraction", minEffectiveSampleFraction, "number in [0, 1)");
        }
        if (mcmcSweeps < 1) {
            throw ConfigException.field("mcmcSweeps", mcmcSweeps, "integer >= 1");
        }
        if (!(mcmcRefreshFraction > 0 && mcmcRefreshFraction < 1)) {
            throw ConfigException.field("mcmcRefreshFraction", mcmcRefreshFraction, "number in (0, 1)");
        }
        if (!(mcmcAcceptFraction >= mcmcRefreshFraction && mcmcAcceptFraction <= 1)) {
            throw ConfigException.field("mcmcAcceptFraction", mcmcAcceptFraction, "number in [mcmcRefreshFraction, 1]");
        }
        if (proposal == SiteProposal.MCMC && controlVariate) {
            // the untilted weights of chains that sample the tilted law are importance weights from it back to the
            // prior: exactly the collapse MCMC avoids
            throw ConfigException.field("controlVariate", true, "false with proposal MCMC");
        }
    }

    public EquilibriumSettings withSamples(int m) {
        return new EquilibriumSettings(m, groupSize, quenchedSampling, proposal, controlVariate, damping, andersonMemory, tolerance, maxIterations, minEffectiveSampleFraction, mcmcSweeps, mcmcRefreshFraction, mcmcAcceptFraction, seed);
    }

    public EquilibriumSettings withGroups(int k, QuenchedSampling placement) {
        return new EquilibriumSettings(samples, k, placement, proposal, controlVariate, damping, andersonMemory, tolerance, maxIterations, minEffectiveSampleFraction, mcmcSweeps, mcmcRefreshFraction, mcmcAcceptFraction, seed);
    }

    public EquilibriumSettings withProposal(SiteProposal p) {
        return new EquilibriumSettings(samples, groupSize, quenchedSampling, p, controlVariate, damping, andersonMemory, tolerance, maxIterations,
                minEffectiveSampleFraction, mcmcSweeps, mcmcRefreshFraction, mcmcAcceptFraction, seed);
    }

    public EquilibriumSettings withControlVariate(boolean on) {
        return new EquilibriumSettings(samples, groupSize, quenchedSampling, proposal, on, damping, andersonMemory, tolerance,
                maxIterations, minEffectiveSampleFraction, mcmcSweeps, mcmcRefreshFraction, mcmcAcceptFraction, seed);
    }

    /** Site chains (eq. 5.17), which sample the tilted law themselves: no control variate. */
    public EquilibriumSettings withSiteChains(int sweeps, double refreshFraction) {
        return new EquilibriumSettings(samples, groupSize, quenchedSampling, SiteProposal.MCMC, false, damping, andersonMemory, tolerance,
                maxIterations, minEffectiveSampleFraction, sweeps, refreshFraction, mcmcAcceptFraction, seed);
    }

    public EquilibriumSettings withSeed(long s) {
        return new EquilibriumSettings(samples, groupSize, quenchedSampling, proposal, controlVariate, damping, andersonMemory, tolerance, maxIterations, minEffectiveSampleFraction, mcmcSweeps, mcmcRefreshFraction, mcmcAcceptFraction, s);
    }
}
