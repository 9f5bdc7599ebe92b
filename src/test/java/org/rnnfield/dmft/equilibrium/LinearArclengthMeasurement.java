package org.rnnfield.dmft.equilibrium;

import org.rnnfield.array.NdArray;
import org.rnnfield.task.TaskData;

import java.util.Locale;

/**
 * Where does the branch of the exact linear closure (eq. 5.12) go past the gamma where the Anderson continuation
 * stalls (docs/theory.md 5.7)? Pseudo-arclength continuation in (X, gamma), X = (Phi, Phihat): predictor along the
 * secant of the last two solutions, corrector Newton-Krylov on the bordered system
 * [G(X; gamma) - X; t . (z - z1) - ds] = 0 (GMRES on finite-difference products), so a fold in gamma is passed
 * instead of ending the branch. A harness, not a test.
 * Usage: LinearArclengthMeasurement beta gammaStart ds points [gammaMax]
 */
public final class LinearArclengthMeasurement {
    private static TaskData task;
    private static double beta;

    public static void main(String[] args) {
        beta = Double.parseDouble(args[0]);
        double start = Double.parseDouble(args[1]);
        double ds = Double.parseDouble(args[2]);
        int points = Integer.parseInt(args[3]);
        double gammaMax = args.length > 4 ? Double.parseDouble(args[4]) : 10;
        task = LinearEdgeMeasurement.task();
        EquilibriumResult r = new LinearEquilibriumDmft(LinearEdgeMeasurement.problem(task, start, beta),
                EquilibriumSettings.defaults(1)).solve();
        double[] x0 = LinearNewtonMeasurement.flat(new NdArray[]{r.phi(), r.phiHat()});
        int d = r.phi().size();
        double scale = Math.sqrt(LinearEdgeMeasurement.dot(x0, x0));
        double[] z0 = state(x0, start, scale);
        report(z0, scale, d, 0);
        double step = 0.01;
        NdArray[] second = LinearNewtonMeasurement.newton(map(start + step), LinearNewtonMeasurement.unflat(x0, d), 1e-8, 30);
        if (second == null) {
            System.out.println("no second point");
            return;
        }
        double[] z1 = state(LinearNewtonMeasurement.flat(second), start + step, scale);
        report(z1, scale, d, 0);
        for (int k = 0; k < points; k++) {
            double[] t = minus(z1, z0);
            double tn = Math.sqrt(LinearEdgeMeasurement.dot(t, t));
            for (int i = 0; i < t.length; i++) {
                t[i] /= tn;
            }
            double[] z = null;
            int used = 0;
            while (ds > 1e-6) {
                double[] zp = z1.clone();
                for (int i = 0; i < zp.length; i++) {
                    zp[i] += ds * t[i];
                }
                long t0 = System.nanoTime();
                int[] steps = new int[1];
                z = corrector(zp, z1, t, ds, scale, d, steps);
                used = steps[0];
                if (z != null) {
                    System.out.printf(Locale.ROOT, "  ds %.3g accepted after %d Newton steps, %.1f s%n", ds, used, (System.nanoTime() - t0) / 1e9);
                    break;
                }
                ds /= 2;
                System.out.printf(Locale.ROOT, "  corrector failed: ds -> %.3g%n", ds);
            }
            if (z == null) {
                System.out.println("branch ended (ds below 1e-6)");
                return;
            }
            report(z, scale, d, k + 1);
            z0 = z1;
            z1 = z;
            if (used <= 5) {
                ds = Math.min(ds * 1.5, 1.0);
            }
            if (z[z.length - 1] > gammaMax) {
                return;
            }
        }
    }

    private static LinearEdgeMeasurement.Map map(double gamma) {
        EquilibriumProblem p = LinearEdgeMeasurement.problem(task, gamma, beta);
        return LinearEdgeMeasurement.map(p, new LinearEquilibriumDmft(p, EquilibriumSettings.defaults(1)));
    }

    private static double[] state(double[] x, double gamma, double scale) {
        double[] z = new double[x.length + 1];
        for (int i = 0; i < x.length; i++) {
            z[i] = x[i] / scale;
        }
        z[x.length] = gamma;
        return z;
    }

    /** (G(X; gamma) - X) / scale, or null where the site law is not normalizable. */
    private static double[] residual(double[] z, double scale, int d) {
        double gamma = z[z.length - 1];
        if (!(gamma > 0)) {
            return null;
        }
        double[] x = new double[z.length - 1];
        for (int i = 0; i < x.length; i++) {
            x[i] = z[i] * scale;
        }
        NdArray[] y = map(gamma).apply(LinearNewtonMeasurement.unflat(x, d));
        if (y == null) {
            return null;
        }
        double[] r = LinearNewtonMeasurement.flat(y);
        for (int i = 0; i < r.length; i++) {
            r[i] = (r[i] - x[i]) / scale;
        }
        return r;
    }

    private static double[] bordered(double[] z, double[] z1, double[] t, double ds, double scale, int d) {
        double[] r = residual(z, scale, d);
        if (r == null) {
            return null;
        }
        double[] f = java.util.Arrays.copyOf(r, r.length + 1);
        f[r.length] = LinearEdgeMeasurement.dot(t, minus(z, z1)) - ds;
        return f;
    }

    private static double[] corrector(double[] zp, double[] z1, double[] t, double ds, double scale, int d, int[] steps) {
        double[] z = zp;
        double[] f = bordered(z, z1, t, ds, scale, d);
        if (f == null) {
            return null;
        }
        for (int step = 0; step < 12; step++) {
            steps[0] = step;
            double fn = Math.sqrt(LinearEdgeMeasurement.dot(f, f));
            if (fn < 1e-8) {
                return z;
            }
            final double[] zc = z;
            final double[] fc = f;
            double[] delta = LinearNewtonMeasurement.gmres(v -> {
                double h = 1e-7 / Math.max(Math.sqrt(LinearEdgeMeasurement.dot(v, v)), 1e-300);
                double[] zq = zc.clone();
                for (int i = 0; i < zq.length; i++) {
                    zq[i] += h * v[i];
                }
                double[] fq = bordered(zq, z1, t, ds, scale, d);
                if (fq == null) {
                    return null;
                }
                double[] out = new double[v.length];
                for (int i = 0; i < v.length; i++) {
                    out[i] = (fq[i] - fc[i]) / h;
                }
                return out;
            }, scaled(f, -1), 1e-6 * fn, 400);
            if (delta == null) {
                return null;
            }
            double[] next = null;
            double[] fNext = null;
            for (double s = 1; s > 1e-3; s /= 2) {
                double[] trial = z.clone();
                for (int i = 0; i < trial.length; i++) {
                    trial[i] += s * delta[i];
                }
                double[] ft = bordered(trial, z1, t, ds, scale, d);
                if (ft != null && Math.sqrt(LinearEdgeMeasurement.dot(ft, ft)) < (1 - 1e-4 * s) * fn) {
                    next = trial;
                    fNext = ft;
                    break;
                }
            }
            if (next == null) {
                return null;
            }
            z = next;
            f = fNext;
        }
        return Math.sqrt(LinearEdgeMeasurement.dot(f, f)) < 1e-8 ? z : null;
    }

    private static void report(double[] z, double scale, int d, int k) {
        double gamma = z[z.length - 1];
        double[] x = new double[z.length - 1];
        for (int i = 0; i < x.length; i++) {
            x[i] = z[i] * scale;
        }
        NdArray[] s = LinearNewtonMeasurement.unflat(x, d);
        EquilibriumProblem p = LinearEdgeMeasurement.problem(task, gamma, beta);
        ReadoutPosterior readout = new ReadoutPosterior(p);
        NdArray a = readout.dual(s[0]);
        int side = s[0].shape()[0];
        System.out.printf(Locale.ROOT, "point %d: gamma %.5f, normalized loss %.5g, tr Phi / D %.4g, Phi(T,T) %.4g, margin %.4g,"
                        + " |Phihat| %.4g%n", k, gamma, readout.loss(a) / task.meanSquaredTarget(), LinearEdgeMeasurement.trace(s[0]) / side,
                s[0].get(side - 1, side - 1), LinearEdgeMeasurement.margin(p, s[0], s[1]), Dense.maxAbs(s[1]));
    }

    private static double[] minus(double[] a, double[] b) {
        double[] o = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            o[i] = a[i] - b[i];
        }
        return o;
    }

    private static double[] scaled(double[] v, double s) {
        double[] o = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            o[i] = v[i] * s;
        }
        return o;
    }
}
