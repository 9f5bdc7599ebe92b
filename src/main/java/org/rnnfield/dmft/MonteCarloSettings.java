package org.rnnfield.dmft;

import org.rnnfield.model.ConfigException;

/**
 * Controls of the sample-and-iterate solver.
 *
 * @param samples            M single-site paths per iteration
 * @param damping            beta in Phi <- (1 - beta) Phi + beta Phi_hat, in (0, 1]
 * @param tolerance          stop iterating when max |Phi_hat - Phi| / max |Phi| falls below this
 * @param maxIterations      iterations before averaging starts, at most
 * @param averagedIterations late iterates averaged into the result (their spread gives the error bars)
 * @param stationary         solve for the stationary state (autonomous, one trial): eta periodic and
 *                           stationary, the site in its periodic steady state, kernels lag-averaged
 * @param commonRandomNumbers draw the same normals at every iteration: the iteration map becomes
 *                           deterministic, so it converges geometrically instead of random-walking
 *                           (the sampling error is then measured across seeds, see {@link DmftReplicas})
 * @param seed               seed of the Philox streams
 */
public record MonteCarloSettings(int samples, double damping, double tolerance, int maxIterations,
                                 int averagedIterations, boolean stationary, boolean commonRandomNumbers, long seed) {
    public MonteCarloSettings {
        if (samples < 2) {
            throw ConfigException.field("samples", samples, "integer >= 2");
        }
        if (!(damping > 0 && damping <= 1)) {
            throw ConfigException.field("damping", damping, "0 < damping <= 1");
        }
        if (!(tolerance > 0)) {
            throw ConfigException.field("tolerance", tolerance, "number > 0");
        }
        if (maxIterations < 1) {
            throw ConfigException.field("maxIterations", maxIterations, "integer >= 1");
        }
        if (averagedIterations < 1) {
            throw ConfigException.field("averagedIterations", averagedIterations, "integer >= 1");
        }
    }

    public static MonteCarloSettings defaults(int samples, long seed) {
        return new MonteCarloSettings(samples, 0.5, 0.02, 60, 20, false, false, seed);
    }

    /** The same settings with another seed (replicas). */
    public MonteCarloSettings withSeed(long newSeed) {
        return new MonteCarloSettings(samples, damping, tolerance, maxIterations, averagedIterations, stationary,
                commonRandomNumbers, newSeed);
    }

    /** The same settings with another stopping rule. */
    public MonteCarloSettings withTolerance(double newTolerance, int newMaxIterations) {
        return new MonteCarloSettings(samples, damping, newTolerance, newMaxIterations, averagedIterations, stationary,
                commonRandomNumbers, seed);
    }
}
