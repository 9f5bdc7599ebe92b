package org.rnnfield.dmft;

import org.rnnfield.array.NdArray;
import org.rnnfield.model.ConfigException;
import org.rnnfield.model.Phi;

/**
 * The single-site problem of a random (gamma -> 0) network on the network's own Euler grid:
 * {@code x(k+1) = (1 - alpha) x(k) + alpha [eta(k) + u . I(k)]}, eta ~ GP(0, g^2 Phi), u ~ N(0, I),
 * x(0) ~ N(0, q0) independently per trial. Kernels are indexed by (time t = 0..T, trial mu) as
 * {@code t P + mu}, the layout of the network's trajectories.
 *
 * @param inputs (P, T, D_in) task inputs, D_in may be 0 (autonomous)
 */
public record DmftProblem(double g, double tau, double dt, Phi phi, double q0, NdArray inputs) {

    public DmftProblem {
        if (!(g >= 0) || Double.isInfinite(g)) {
            throw ConfigException.field("g", g, "finite number >= 0");
        }
        if (!(tau > 0) || !(dt > 0) || dt > tau) {
            throw ConfigException.field("dt", dt, "0 < dt <= tau = " + tau);
        }
        if (!(q0 >= 0)) {
            throw ConfigException.field("q0", q0, "number >= 0");
        }
        if (inputs.ndim() != 3 || inputs.dim(0) < 1 || inputs.dim(1) < 1) {
            throw ConfigException.field("inputs", inputs.shapeString(), "shape (P, T, D_in) with P, T >= 1");
        }
    }

    /** An autonomous problem: one trial, no input, T = round(tmax / dt) steps. */
    public static DmftProblem autonomous(double g, double tau, double dt, Phi phi, double q0, double tmax) {
        int steps = (int) Math.round(tmax / dt);
        return new DmftProblem(g, tau, dt, phi, q0, NdArray.zeros(1, Math.max(1, steps), 0));
    }

    public double alpha() {
        return dt / tau;
    }

    public int trials() {
        return inputs.dim(0);
    }

    public int steps() {
        return inputs.dim(1);
    }

    public int inputDim() {
        return inputs.dim(2);
    }

    /** Q_in((t, mu), (s, nu)) = I_mu(t) . I_nu(s), the covariance of the input drive u . I. */
    public double inputCovariance(int t, int mu, int s, int nu) {
        double c = 0;
        for (int a = 0; a < inputDim(); a++) {
            c += inputs.get(mu, t, a) * inputs.get(nu, s, a);
        }
        return c;
    }
}
