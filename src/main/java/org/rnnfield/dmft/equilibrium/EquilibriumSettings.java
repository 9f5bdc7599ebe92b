package org.rnnfield.dmft.equilibrium;

import org.rnnfield.model.ConfigException;

/**
 * Every setting that decides the equilibrium solvers' numbers (docs/theory.md section 5.4), written
 * whole into summary.json.
 *
 * @param samples     M single-site paths (sampling solver)
 * @param groupSize   K paths share one draw of the quenched variables (x(0), frozen U); importance
 *                    weights are normalized within a group (eq. 5.14). Ignored without quenched variables.
 * @param damping     fraction of the new iterate taken per iteration, for Phi and Phi_hat (Anderson's beta)
 * @param andersonMemory iterates the Anderson mixer combines (0: plain damped iteration)
 * @param tolerance   stop when the relative change of both falls below it (common random numbers make
 *                    the sampled map deterministic, so this is a fixed-point tolerance, not a noise level)
 * @param maxIterations give up after this many iterations (the result then says converged = false)
 * @param minEffectiveSampleFraction below this mean ESS / K the importance weights are declared collapsed
 * @param seed        the common random numbers
 */
public record EquilibriumSettings(int samples, int groupSize, double damping, int andersonMemory, double tolerance, int maxIterations,
                                  double minEffectiveSampleFraction, long seed) {

    /**
     * Defaults. Tolerance 1e-6: the linear exact solver reaches it in 20-60 iterations at damping 0.5
     * (measured in EquilibriumDmftTest); ESS floor 0.1: below it the self-normalized estimates of a
     * group of K = 50 rest on fewer than 5 effective paths, and their O(1/ESS) ratio bias exceeds the
     * Monte Carlo error of M = 10^4 sites.
     */
    public static EquilibriumSettings defaults(long seed) {
        return new EquilibriumSettings(10_000, 50, 0.5, 20, 1e-6, 400, 0.1, seed);
    }

    public EquilibriumSettings {
        if (samples < 2) {
            throw ConfigException.field("samples", samples, "integer >= 2");
        }
        if (groupSize < 1 || groupSize > samples) {
            throw ConfigException.field("groupSize", groupSize, "integer 1..samples");
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
        return new EquilibriumSettings(m, groupSize, damping, andersonMemory, tolerance, maxIterations, minEffectiveSampleFraction, seed);
    }

    public EquilibriumSettings withSeed(long s) {
        return new EquilibriumSettings(samples, groupSize, damping, andersonMemory, tolerance, maxIterations, minEffectiveSampleFraction, s);
    }
}
