package org.rnnfield.dmft.equilibrium;

import org.rnnfield.array.NdArray;
import org.rnnfield.dmft.DmftProblem;
import org.rnnfield.model.ConfigException;
import org.rnnfield.model.Phi;
import org.rnnfield.task.TaskData;

/**
 * The Gibbs measure of training (docs/theory.md eq. 5.1) for one task, and the index sets of its
 * saddle point. Kernels are indexed by (time t = 0..T, trial mu) as {@code t P + mu}, the layout of the
 * network's trajectories and of {@link org.rnnfield.dmft.MonteCarloDmft}; the recurrent field u lives on
 * the first {@code T P} of these indices (t = 0..T-1, eq. 5.4), the readout on the scored ones
 * ({@code mask[mu, k] = 1} scores time k+1, eq. 5.3).
 *
 * @param beta       inverse temperature of (5.1); lambda = W / beta is the ridge of (5.6)
 * @param trainJ     J is sampled (the field u is annealed, eq. 5.5); false: J stays at its draw, the
 *                   site is the random-network process and only the readout is tilted
 * @param trainU     U is sampled (annealed, its drive joins u's covariance) or frozen (quenched)
 */
public record EquilibriumProblem(double g, double tau, double dt, Phi phi, double q0, double gamma, double beta,
                                 boolean trainJ, boolean trainU, TaskData task) {

    public EquilibriumProblem {
        if (!(g >= 0) || Double.isInfinite(g)) {
            throw ConfigException.field("g", g, "finite number >= 0");
        }
        if (!(tau > 0) || !(dt > 0) || dt > tau) {
            throw ConfigException.field("dt", dt, "0 < dt <= tau = " + tau);
        }
        if (!(q0 >= 0) || Double.isInfinite(q0)) {
            throw ConfigException.field("q0", q0, "finite number >= 0");
        }
        if (!(gamma > 0) || Double.isInfinite(gamma)) {
            throw ConfigException.field("gamma", gamma, "finite number > 0");
        }
        if (!(beta > 0) || Double.isInfinite(beta)) {
            throw ConfigException.field("beta", beta, "finite number > 0");
        }
    }

    public double alpha() {
        return dt / tau;
    }

    public int trials() {
        return task.trials();
    }

    public int steps() {
        return task.steps();
    }

    /** D = (T+1) P: all kernel indices. */
    public int dim() {
        return (steps() + 1) * trials();
    }

    /** D_F = T P: the indices the recurrent field u covers (times 0..T-1). */
    public int fieldDim() {
        return steps() * trials();
    }

    /** lambda = W / beta, the ridge of the readout posterior (eq. 5.6). */
    public double ridge() {
        return task.maskCount() / beta;
    }

    /** The random-network problem with the same network (the gamma -> 0 site, eq. 5.10). */
    public DmftProblem randomNetwork() {
        return new DmftProblem(g, tau, dt, phi, q0, task.inputs());
    }

    /** Kernel indices of the scored points, in the order of {@link #scoredTargets()}. */
    public int[] scoredIndices() {
        int p = trials();
        int[] idx = new int[(int) task.maskCount()];
        int n = 0;
        for (int k = 0; k < steps(); k++) {
            for (int mu = 0; mu < p; mu++) {
                if (task.mask().get(mu, k) != 0) {
                    idx[n++] = (k + 1) * p + mu;
                }
            }
        }
        return idx;
    }

    /** y* at the scored points, W x D_out. */
    public NdArray scoredTargets() {
        int p = trials();
        int dOut = task.outputDim();
        int[] idx = scoredIndices();
        NdArray y = NdArray.zeros(idx.length, dOut);
        for (int i = 0; i < idx.length; i++) {
            int k = idx[i] / p - 1;
            int mu = idx[i] % p;
            for (int a = 0; a < dOut; a++) {
                y.set(task.targets().get(mu, k, a), i, a);
            }
        }
        return y;
    }

    /** The Euler filter A (D x D_F) of eq. 5.4: x = A u' + (1-alpha)^t x(0), A(t mu; s mu) = alpha (1-alpha)^(t-1-s), s < t. */
    public NdArray eulerFilter() {
        int p = trials();
        int steps = steps();
        double a = alpha();
        NdArray f = NdArray.zeros(dim(), fieldDim());
        for (int t = 1; t <= steps; t++) {
            for (int s = 0; s < t; s++) {
                double v = a * Math.pow(1 - a, t - 1 - s);
                for (int mu = 0; mu < p; mu++) {
                    f.set(v, t * p + mu, s * p + mu);
                }
            }
        }
        return f;
    }

    /** Q_in over field indices: the covariance I(s).I(s') of the input drive U . I (U ~ N(0, I)). */
    public NdArray inputCovariance() {
        int p = trials();
        int df = fieldDim();
        DmftProblem r = randomNetwork();
        NdArray q = NdArray.zeros(df, df);
        for (int i = 0; i < df; i++) {
            for (int j = 0; j < df; j++) {
                q.set(r.inputCovariance(i / p, i % p, j / p, j % p), i, j);
            }
        }
        return q;
    }

    /** The covariance of x(0)'s contribution (1-alpha)^t x_mu(0), x_mu(0) ~ N(0, q0) per trial: quenched. */
    public NdArray initialStateCovariance() {
        int p = trials();
        int d = dim();
        double a = alpha();
        NdArray c = NdArray.zeros(d, d);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                if (i % p == j % p) {
                    c.set(q0 * Math.pow(1 - a, i / p + j / p), i, j);
                }
            }
        }
        return c;
    }

    /** Whether the site has quenched variables (x(0) with q0 > 0, or a frozen U with inputs). */
    public boolean hasQuenchedVariables() {
        return q0 > 0 || (!trainU && task.inputDim() > 0);
    }
}
