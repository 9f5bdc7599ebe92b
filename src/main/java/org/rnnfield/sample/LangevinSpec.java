package org.rnnfield.sample;

import org.rnnfield.dynamics.Weight;
import org.rnnfield.model.ConfigException;

import java.util.EnumSet;
import java.util.Set;

/**
 * How to sample the Gibbs measure of training, docs/theory.md eq. 5.1,
 * {@code p(theta) ~ exp(-beta gamma^2 N L(theta)) prod N(theta_k; 0, 1)}, by the unadjusted Langevin step
 * of eq. 5.2 with step h: {@code theta <- (1 - h) theta - h beta gamma^2 N dL/dtheta + sqrt(2h) xi}
 * (GD at eta0 = h beta with weight decay and noise).
 *
 * @param beta    inverse temperature
 * @param h       Langevin step; stable for h below 2 / (largest curvature), about 2 W / (beta lambda_max(Phi_r))
 * @param burnIn  updates discarded before averaging
 * @param window  updates averaged after burn-in
 * @param chains  independent chains (own initial J, V and noise; the same frozen U and x(0)), for R-hat
 * @param trained the sampled matrices; the others stay at their draw (quenched)
 * @param seed    noise and chain initializations
 * @param checkpointEvery write a checkpoint every this many updates (0 = never)
 */
public record LangevinSpec(double beta, double h, int burnIn, int window, int chains, Set<Weight> trained, long seed,
                           int checkpointEvery) {
    /** Batches for the batch-means standard errors of the window averages. */
    public static final int BATCHES = 20;

    public LangevinSpec {
        if (!(beta > 0) || Double.isInfinite(beta)) {
            throw ConfigException.field("beta", beta, "finite number > 0");
        }
        if (!(h > 0 && h < 1)) {
            throw ConfigException.field("h", h, "number in (0, 1)");
        }
        if (burnIn < 0) {
            throw ConfigException.field("burnIn", burnIn, "integer >= 0");
        }
        if (window < BATCHES) {
            throw ConfigException.field("window", window, "integer >= " + BATCHES + " (batch means need " + BATCHES + " batches)");
        }
        if (chains < 1 || chains > 64) {
            throw ConfigException.field("chains", chains, "integer 1..64");
        }
        if (trained.isEmpty()) {
            throw ConfigException.field("train", "[]", "a non-empty subset of J, U, V");
        }
        if (checkpointEvery < 0) {
            throw ConfigException.field("checkpointEvery", checkpointEvery, "integer >= 0 (0 = no checkpoints)");
        }
        trained = EnumSet.copyOf(trained);
    }

    public int totalSteps() {
        return burnIn + window;
    }

    /** The GD-notation rate of the drift, eta0 = h beta (learning rate eta0 gamma^2 N). */
    public double equivalentEta0() {
        return h * beta;
    }
}
