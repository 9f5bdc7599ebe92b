package org.rnnfield.dmft.equilibrium;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.rnnfield.array.Rng;

/**
 * How the G quenched draws (x(0) per trial, frozen U per input) of the sampling solver are placed
 * (docs/theory.md eq. 5.14 and section 5.3): the quenched average is a plain mean over G groups, and
 * its error, not the importance weights, dominates the solver's error at K = 10.
 */
public enum QuenchedSampling {
    /** G i.i.d. standard normal draws per coordinate. */
    INDEPENDENT,
    /**
     * Latin hypercube: per coordinate, one draw from each of G equiprobable strata of the normal law
     * (quantile of (pi(q) + u_q) / G, pi a random permutation, u_q uniform), strata paired at random
     * across coordinates. Unbiased like i.i.d. draws; removes the variance of every additive (one
     * coordinate at a time) part of the averaged function.
     */
    LATIN_HYPERCUBE;

    private static final NormalDistribution STANDARD = new NormalDistribution(null, 0, 1);

    /** G draws of a standard normal coordinate, seeded by {@code rng}. */
    double[] draws(Rng rng, int count) {
        double[] out = new double[count];
        if (this == INDEPENDENT) {
            for (int q = 0; q < count; q++) {
                out[q] = rng.normal();
            }
            return out;
        }
        int[] stratum = new int[count];
        for (int q = 0; q < count; q++) {
            stratum[q] = q;
        }
        for (int q = count - 1; q > 0; q--) {
            int r = (int) (rng.uniform() * (q + 1));
            int swap = stratum[q];
            stratum[q] = stratum[r];
            stratum[r] = swap;
        }
        for (int q = 0; q < count; q++) {
            double u = (stratum[q] + rng.uniform()) / count;
            // uniform() can return 0 exactly; keep the quantile finite
            out[q] = STANDARD.inverseCumulativeProbability(Math.min(Math.max(u, 1e-300), 1 - 1e-16));
        }
        return out;
    }
}
