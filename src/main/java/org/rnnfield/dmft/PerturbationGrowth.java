package org.rnnfield.dmft;

import org.rnnfield.array.NdArray;
import org.rnnfield.model.ConfigException;

/**
 * How a generic infinitesimal perturbation of the network state grows in the mean-field limit, from the
 * slope kernel q(t, s) = E[phi'(x(t)) phi'(x(s))] of the single-site law (docs/theory.md section 7,
 * eqs. 7.1-7.4). The tangent map of one Euler step is {@code dx' = (1-alpha) dx + alpha dh},
 * {@code dh = (g/sqrt N) J (phi'(x) .* dx)}; at large N the bulk field dh is Gaussian and independent of the
 * site's own path, with covariance {@code K(t, s) = g^2 q(t, s) Delta(t, s)}, {@code Delta = <dx dx>}
 * (eq. 7.2, Price's theorem on the two-replica kernel). The march keeps one row Delta(t, s <= t):
 * <pre>
 *   B(0) = 0,  B(s+1) = (1-alpha) B(s) + alpha K(s, t)          B(s) = <dx(s) dh(t)>
 *   Delta(t+1, s)   = (1-alpha) Delta(t, s) + alpha B(s)         s <= t
 *   Delta(t+1, t+1) = (1-alpha) Delta(t+1, t) + alpha B(t+1)
 * </pre>
 * The map is linear in the row, so the row is renormalized every step and its log kept: cost O(T^2), no
 * overflow. Exact for random networks (random J, or the reservoir limit gamma -> 0); for trained networks it
 * is the growth through the random bulk of J alone with the trained site law's slopes, leaving out the
 * low-rank learned part of the tangent map (eq. 7.4).
 */
public final class PerturbationGrowth {
    private PerturbationGrowth() {
    }

    /**
     * @param logGrowth log(|dx(t)| / |dx(0)|) = log(Delta(t, t) / Delta(0, 0)) / 2 for t = 0..steps
     * @param dt        the step in units of tau
     */
    public record Result(double[] logGrowth, double dt) {
        /** The finite-time exponent over the whole window, log growth / (steps dt) (1/tau). */
        public double rate() {
            return rate(0);
        }

        /** The finite-time exponent over steps from..end (1/tau): later windows shed the initial transient. */
        public double rate(int from) {
            int end = logGrowth.length - 1;
            if (from < 0 || from >= end) {
                throw new IllegalArgumentException("from must be in 0.." + (end - 1) + ", got " + from);
            }
            return (logGrowth[end] - logGrowth[from]) / ((end - from) * dt);
        }
    }

    /**
     * @param slopes q(t, s) for t, s = 0..steps-1 at least (the slope kernel of one trial)
     * @param g      gain of the random part of J
     * @param alpha  dt / tau
     * @param dt     the step in units of tau
     * @param steps  the Euler steps to march
     */
    public static Result of(NdArray slopes, double g, double alpha, double dt, int steps) {
        if (slopes.ndim() != 2 || slopes.dim(0) < steps || slopes.dim(1) < steps) {
            throw ConfigException.field("slopes", java.util.Arrays.toString(slopes.shape()),
                    "a square kernel over at least " + steps + " times");
        }
        double g2 = g * g;
        double[] row = new double[steps + 1];
        double[] next = new double[steps + 1];
        double[] b = new double[steps + 1];
        double[] logGrowth = new double[steps + 1];
        row[0] = 1.0;
        double logScale = 0;
        for (int t = 0; t < steps; t++) {
            b[0] = 0;
            for (int s = 0; s <= t; s++) {
                b[s + 1] = (1 - alpha) * b[s] + alpha * g2 * slopes.get(s, t) * row[s];
            }
            for (int s = 0; s <= t; s++) {
                next[s] = (1 - alpha) * row[s] + alpha * b[s];
            }
            next[t + 1] = (1 - alpha) * next[t] + alpha * b[t + 1];
            double diag = next[t + 1];
            if (!(diag > 0) || !Double.isFinite(diag)) {
                throw new ArithmeticException("perturbation growth: Delta(t, t) = " + diag + " at step " + (t + 1)
                        + " (the slope kernel is not a covariance of a real process)");
            }
            for (int s = 0; s <= t + 1; s++) {
                row[s] = next[s] / diag;
            }
            logScale += Math.log(diag);
            logGrowth[t + 1] = 0.5 * logScale;
        }
        return new Result(logGrowth, dt);
    }

    /**
     * q(t, s) = E[phi'(a) phi'(b)] for a Gaussian state with covariance C_x (the random network's site law; eq. 7.2),
     * each entry a 2-D Gauss-Hermite integral of {@code order} nodes per axis.
     */
    public static NdArray gaussianSlopes(NdArray stateCovariance, org.rnnfield.model.Phi phi, int order) {
        int d = stateCovariance.dim(0);
        NdArray out = NdArray.zeros(d, d);
        if (phi == org.rnnfield.model.Phi.LINEAR) {
            return linearSlopes(d);
        }
        GaussHermite quadrature = new GaussHermite(order);
        java.util.function.DoubleUnaryOperator slope = x -> phi.derivativeFromValue(phi.apply(x));
        java.util.stream.IntStream.range(0, d).parallel().forEach(i -> {
            for (int j = 0; j <= i; j++) {
                double v = quadrature.pairExpectation(slope, stateCovariance.get(i, i), stateCovariance.get(j, j),
                        stateCovariance.get(i, j));
                out.set(v, i, j);
                out.set(v, j, i);
            }
        });
        return out;
    }

    /** q = 1 everywhere: the slope kernel of linear phi (phi' = 1), d x d. */
    public static NdArray linearSlopes(int d) {
        NdArray out = NdArray.zeros(d, d);
        java.util.Arrays.fill(out.data(), 1.0);
        return out;
    }

    /** The growth over {@code steps} of one trial's block of a (trial, time) slope kernel (eqs. 7.3-7.4). */
    public static Result ofTrial(NdArray kernel, int trials, int trial, double g, double alpha, double dt, int steps) {
        return of(trial(kernel, trials, trial), g, alpha, dt, steps);
    }

    /** q(t, s) of one trial out of a kernel indexed t P + mu (the layout of every DMFT kernel here). */
    public static NdArray trial(NdArray kernel, int trials, int trial) {
        int times = kernel.dim(0) / trials;
        NdArray out = NdArray.zeros(times, times);
        for (int t = 0; t < times; t++) {
            for (int s = 0; s < times; s++) {
                out.set(kernel.get(t * trials + trial, s * trials + trial), t, s);
            }
        }
        return out;
    }
}
