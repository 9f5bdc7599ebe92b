package org.rnnfield.dmft.equilibrium;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.rnnfield.array.NdArray;
import org.rnnfield.task.TaskData;

import java.util.Locale;

/**
 * Does the exact linear saddle point (eq. 5.12) exist past the gamma where the Anderson continuation stalls
 * (docs/theory.md 5.7)? From the continuation's last converged point, Newton-Krylov on R(X) = G(X) - X
 * (GMRES on finite-difference Jacobian-vector products, backtracking when a trial point is not normalizable)
 * continues in small gamma steps. Usage: LinearNewtonMeasurement beta gammaStart gammaEnd dGamma
 */
public final class LinearNewtonMeasurement {
    public static void main(String[] args) {
        if (args[0].equals("smallest")) {
            smallest(Double.parseDouble(args[1]), args[2].split(","));
            return;
        }
        double beta = Double.parseDouble(args[0]);
        double start = Double.parseDouble(args[1]);
        double end = Double.parseDouble(args[2]);
        double dGamma = Double.parseDouble(args[3]);
        TaskData task = LinearEdgeMeasurement.task();
        EquilibriumProblem p0 = LinearEdgeMeasurement.problem(task, start, beta);
        EquilibriumResult r = new LinearEquilibriumDmft(p0, EquilibriumSettings.defaults(1)).solve();
        NdArray[] x = {r.phi(), r.phiHat()};
        NdArray[] previous = null;
        System.out.printf(Locale.ROOT, "continuation: gamma %.4f normalized loss %.5g%n", start, r.normalizedLoss());
        for (double gamma = start + dGamma; gamma <= end + 1e-12; gamma += dGamma) {
            EquilibriumProblem p = LinearEdgeMeasurement.problem(task, gamma, beta);
            LinearEquilibriumDmft site = new LinearEquilibriumDmft(p, EquilibriumSettings.defaults(1));
            ReadoutPosterior readout = new ReadoutPosterior(p);
            LinearEdgeMeasurement.Map g = LinearEdgeMeasurement.map(p, site);
            long t0 = System.nanoTime();
            // secant predictor from the last two solutions (equal gamma steps)
            NdArray[] guess = x;
            if (previous != null) {
                double[] a = flat(x);
                double[] b = flat(previous);
                for (int i = 0; i < a.length; i++) {
                    a[i] = 2 * a[i] - b[i];
                }
                guess = unflat(a, x[0].size());
                if (g.apply(guess) == null) {
                    guess = x;
                }
            }
            NdArray[] solved = newton(g, guess, 1e-10, 30);
            if (solved == null) {
                System.out.printf(Locale.ROOT, "gamma %.4f: Newton-Krylov failed%n", gamma);
                break;
            }
            previous = x;
            x = solved;
            NdArray a = readout.dual(x[0]);
            System.out.printf(Locale.ROOT, "gamma %.4f: normalized loss %.5g, margin %.4g, tr Phi / D %.4g, |Phihat| %.4g, %.1f s%n",
                    gamma, readout.loss(a) / task.meanSquaredTarget(), LinearEdgeMeasurement.margin(p, x[0], x[1]),
                    LinearEdgeMeasurement.trace(x[0]) / p.dim(), norm(flat(x), x[0].size(), 1), (System.nanoTime() - t0) / 1e9);
        }
    }

    /**
     * At converged saddle points: the smallest-magnitude eigenvalue of dR/dX = dG/dX - I by inverse iteration
     * (each step a GMRES solve). Near a fold it goes to 0 like sqrt(gamma_c - gamma).
     */
    static void smallest(double beta, String[] gammas) {
        TaskData task = LinearEdgeMeasurement.task();
        for (String gs : gammas) {
            double gamma = Double.parseDouble(gs);
            EquilibriumProblem p = LinearEdgeMeasurement.problem(task, gamma, beta);
            LinearEquilibriumDmft site = new LinearEquilibriumDmft(p, EquilibriumSettings.defaults(1));
            EquilibriumResult r;
            try {
                r = site.solve();
            } catch (SaddlePointException e) {
                System.out.println("gamma " + gamma + ": " + e.getMessage());
                continue;
            }
            LinearEdgeMeasurement.Map g = LinearEdgeMeasurement.map(p, site);
            int d = r.phi().size();
            double[] x = flat(new NdArray[]{r.phi(), r.phiHat()});
            double[] rx = residual(g, x, d);
            NewtonKrylov.Operator jac = v -> {
                double h = 1e-6 * Math.sqrt(LinearEdgeMeasurement.dot(x, x)) / Math.max(Math.sqrt(LinearEdgeMeasurement.dot(v, v)), 1e-300);
                double[] xp = x.clone();
                double[] xm = x.clone();
                for (int i = 0; i < xp.length; i++) {
                    xp[i] += h * v[i];
                    xm[i] -= h * v[i];
                }
                double[] rp = residual(g, xp, d);
                double[] rm = residual(g, xm, d);
                double[] out = new double[v.length];
                for (int i = 0; i < v.length; i++) {
                    out[i] = (rp[i] - rm[i]) / (2 * h);
                }
                return out;
            };
            double[] v = rx.clone();
            double mu = Double.NaN;
            for (int it = 0; it < 8; it++) {
                double nv = Math.sqrt(LinearEdgeMeasurement.dot(v, v));
                v = scaled(v, 1 / nv);
                double[] w = NewtonKrylov.gmres(jac, v, 1e-6, 400);
                double nw = Math.sqrt(LinearEdgeMeasurement.dot(w, w));
                mu = 1 / nw;
                v = w;
            }
            System.out.printf(Locale.ROOT, "gamma %.4f beta %.0f: normalized loss %.5g, margin %.4g, smallest |eig(dG/dX - I)| ~ %.4g%n",
                    gamma, beta, r.normalizedLoss(), LinearEdgeMeasurement.margin(p, r.phi(), r.phiHat()), mu);
        }
    }

    /** Newton on R(x) = G(x) - x with GMRES(m) on forward-difference JVPs and a backtracking line search on |R|. */
    /** Newton-Krylov on G(X) - X to |R| / |X| below tol (NewtonKrylov), or null. */
    static NdArray[] newton(LinearEdgeMeasurement.Map g, NdArray[] x0, double tol, int maxSteps) {
        int d = x0[0].size();
        double[] x = flat(x0);
        double[] solved = NewtonKrylov.solve(v -> residual(g, v, d), x, tol * NewtonKrylov.norm(x), maxSteps, new int[1]);
        return solved == null ? null : unflat(solved, d);
    }

    private static double[] residual(LinearEdgeMeasurement.Map g, double[] x, int d) {
        NdArray[] y = g.apply(unflat(x, d));
        if (y == null) {
            return null;
        }
        double[] r = flat(y);
        for (int i = 0; i < r.length; i++) {
            r[i] -= x[i];
        }
        return r;
    }

    static double[] flat(NdArray[] x) {
        return LinearEquilibriumDmft.flat(x[0], x[1]);
    }

    static NdArray[] unflat(double[] f, int d) {
        return LinearEquilibriumDmft.pair(f);
    }

    private static double norm(double[] f, int from, int half) {
        double s = 0;
        for (int i = from; i < from + f.length / 2; i++) {
            s += f[i] * f[i];
        }
        return Math.sqrt(s);
    }


    private static double[] scaled(double[] v, double s) {
        double[] o = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            o[i] = v[i] * s;
        }
        return o;
    }

}
