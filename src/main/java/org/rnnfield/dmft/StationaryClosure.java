package org.rnnfield.dmft;

import org.rnnfield.model.Phi;

/**
 * The exact stationary DMFT of the Euler-discretized autonomous network on a periodic window, with
 * no sampling: x is Gaussian, so {@code c_x = response(g^2 c_phi)} (eq. 6a of docs/dmft.md) and
 * {@code c_phi(tau) = E[phi(a) phi(b)]} with var a = var b = c_x(0), cov = c_x(tau) (2-D Gauss-Hermite),
 * iterated to its fixed point with Anderson acceleration. It is the target the stationary Monte Carlo
 * solver converges to as M grows (the same grid, the same dt), which separates the solver's sampling
 * error from the O(dt) difference between the Euler grid and continuous-time SCS.
 */
public final class StationaryClosure {
    private StationaryClosure() {
    }

    /** The lag profile of C = <x(t) x(t + tau)>, tau = 0..T-1 steps. */
    public static double[] solve(double g, double alpha, Phi phi, int period, int quadratureOrder) {
        GaussHermite quad = new GaussHermite(quadratureOrder);
        double[] cphi = new double[period];
        for (int lag = 0; lag < period; lag++) {
            cphi[lag] = 0.5 * Math.exp(-Math.min(lag, period - lag) * alpha / 2);
        }
        AndersonMixer mixer = new AndersonMixer(6, 1.0);
        double[] cx = null;
        for (int it = 0; it < 500; it++) {
            cx = Stationary.responseLagProfile(Stationary.spectrum(cphi, g * g), alpha);
            double[] next = new double[period];
            for (int lag = 0; lag < period; lag++) {
                next[lag] = phi == Phi.LINEAR ? cx[lag] : quad.pairExpectation(Math::tanh, cx[0], cx[0], cx[lag]);
            }
            double change = 0;
            for (int lag = 0; lag < period; lag++) {
                change = Math.max(change, Math.abs(next[lag] - cphi[lag]));
            }
            if (change < 1e-13) {
                break;
            }
            cphi = mixer.next(cphi, next);
        }
        return cx;
    }
}
