package org.rnnfield.dmft;

/**
 * The stationary mean-field solution of the autonomous tanh network (Sompolinsky, Crisanti and
 * Sommers, PRL 61, 259 (1988)), in continuous time with tau = 1 (lags in units of tau):
 * <pre>
 *   Delta''(s) = Delta(s) - g^2 C_phi(Delta(s); Delta0),   C_phi(D; D0) = E[tanh(a) tanh(b)],
 *   (a, b) Gaussian with variances D0 and covariance D;
 *   g > 1:  Delta0^2 / 2 = g^2 Var[ln cosh(sqrt(Delta0) z)]   (energy conservation, decaying solution)
 *   g <= 1: Delta = 0.
 * </pre>
 * Expectations by Gauss-Hermite quadrature, Delta0 by bisection, Delta(s) by RK4 from
 * Delta(0) = Delta0, Delta'(0) = 0. Independent of the Monte Carlo solver, which it validates.
 */
public final class ScsSolution {
    private static final double STEP = 0.005;

    private final double g;
    private final double delta0;
    private final GaussHermite quad;
    private final double[] table;

    public ScsSolution(double g, double maxLag) {
        this(g, maxLag, 48);
    }

    public ScsSolution(double g, double maxLag, int quadratureOrder) {
        this.g = g;
        this.quad = new GaussHermite(quadratureOrder);
        this.delta0 = g <= 1 ? 0.0 : solveDelta0();
        int n = (int) Math.ceil(maxLag / STEP) + 2;
        this.table = new double[n];
        integrate();
    }

    static double lnCosh(double x) {
        double a = Math.abs(x);
        return a + Math.log1p(Math.exp(-2 * a)) - Math.log(2);
    }

    /** F(D0) = D0^2/2 - g^2 Var[ln cosh(sqrt(D0) z)]: negative near 0 for g > 1, positive for large D0. */
    double energyMismatch(double d0) {
        double sd = Math.sqrt(d0);
        double m1 = quad.expect(z -> lnCosh(sd * z));
        double m2 = quad.expect(z -> lnCosh(sd * z) * lnCosh(sd * z));
        return d0 * d0 / 2 - g * g * (m2 - m1 * m1);
    }

    private double solveDelta0() {
        double lo = 1e-6;
        double hi = 1.0;
        while (energyMismatch(hi) < 0) {
            hi *= 2;
            if (hi > 1e6) {
                throw new IllegalStateException("SCS: no Delta0 found for g = " + g);
            }
        }
        if (energyMismatch(lo) >= 0) {
            throw new IllegalStateException("SCS: energy condition has no positive root for g = " + g);
        }
        for (int i = 0; i < 200 && hi - lo > 1e-14 * hi; i++) {
            double mid = 0.5 * (lo + hi);
            if (energyMismatch(mid) < 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    /** C_phi(D; Delta0) = E[tanh(a) tanh(b)], var a = var b = Delta0, cov = D. */
    double phiCorrelation(double d) {
        double c = Math.max(-delta0, Math.min(delta0, d));
        return quad.pairExpectation(Math::tanh, delta0, delta0, c);
    }

    private double acceleration(double d) {
        return d - g * g * phiCorrelation(d);
    }

    private void integrate() {
        double d = delta0;
        double v = 0;
        table[0] = d;
        for (int i = 1; i < table.length; i++) {
            if (delta0 == 0) {
                table[i] = 0;
                continue;
            }
            double k1d = v;
            double k1v = acceleration(d);
            double k2d = v + 0.5 * STEP * k1v;
            double k2v = acceleration(d + 0.5 * STEP * k1d);
            double k3d = v + 0.5 * STEP * k2v;
            double k3v = acceleration(d + 0.5 * STEP * k2d);
            double k4d = v + STEP * k3v;
            double k4v = acceleration(d + STEP * k3d);
            d += STEP / 6 * (k1d + 2 * k2d + 2 * k3d + k4d);
            v += STEP / 6 * (k1v + 2 * k2v + 2 * k3v + k4v);
            table[i] = d;
        }
    }

    public double g() {
        return g;
    }

    /** Stationary variance Delta0 = <x^2>. */
    public double delta0() {
        return delta0;
    }

    /** Autocorrelation Delta(s) = <x(t) x(t+s)>, s in units of tau (linear interpolation of the RK4 table). */
    public double delta(double s) {
        double pos = Math.abs(s) / STEP;
        int i = (int) pos;
        if (i + 1 >= table.length) {
            throw new IllegalArgumentException("lag " + s + " beyond the solved range " + (table.length - 2) * STEP);
        }
        double f = pos - i;
        return (1 - f) * table[i] + f * table[i + 1];
    }
}
