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
 * @param seed        the common random numbers
 */
public record EquilibriumSettings(int samples, int groupSize, QuenchedSampling quenchedSampling, SiteProposal proposal,
                                  boolean controlVariate, double damping, int andersonMemory, double tolerance, int maxIterations,
                                  double minEffectiveSampleFraction, long seed) {

    /**
     * Defaults, measured on the linear case against the exact closure (sine T = 30, g = 0.8, gamma = 0.3,
     * beta = 60, docs/theory.md section 5.3): the error is dominated by the quenched average over groups,
     * not by the weights (ESS fraction 0.95): kernel distance 0.04-0.35 with K = 50..1600 at M = 8000,
     * 0.02-0.034 with K = 10 at M = 32000; K = 4 biases the loss by +5% (self-normalization with too few
     * paths). Anderson memory 20 at damping 0.5: memory 6 stalled, 40 at damping 1 was slower. ESS floor
     * 0.1: below it a group of K = 10 rests on one effective path.
     */
    public static EquilibriumSettings defaults(long seed) {
        return new EquilibriumSettings(32_000, 10, QuenchedSampling.LATIN_HYPERCUBE, SiteProposal.ADAPTED, true, 0.5, 20, 1e-6, 400, 0.1, seed);
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
    }

    public EquilibriumSettings withSamples(int m) {
        return new EquilibriumSettings(m, groupSize, quenchedSampling, proposal, controlVariate, damping, andersonMemory, tolerance, maxIterations, minEffectiveSampleFraction, seed);
    }

    public EquilibriumSettings withGroups(int k, QuenchedSampling placement) {
        return new EquilibriumSettings(samples, k, placement, proposal, controlVariate, damping, andersonMemory, tolerance, maxIterations, minEffectiveSampleFraction, seed);
    }

    public EquilibriumSettings withProposal(SiteProposal p) {
        return new EquilibriumSettings(samples, groupSize, quenchedSampling, p, controlVariate, damping, andersonMemory, tolerance, maxIterations,
                minEffectiveSampleFraction, seed);
    }

    public EquilibriumSettings withControlVariate(boolean on) {
        return new EquilibriumSettings(samples, groupSize, quenchedSampling, proposal, on, damping, andersonMemory, tolerance,
                maxIterations, minEffectiveSampleFraction, seed);
    }

    public EquilibriumSettings withSeed(long s) {
        return new EquilibriumSettings(samples, groupSize, quenchedSampling, proposal, controlVariate, damping, andersonMemory, tolerance, maxIterations, minEffectiveSampleFraction, s);
    }
}
