package org.rnnfield.dmft.equilibrium;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.rnnfield.array.NdArray;
import org.rnnfield.array.Rng;
import org.rnnfield.dmft.CovarianceFactor;
import org.rnnfield.model.Phi;
import org.rnnfield.task.TaskConfig;
import org.rnnfield.task.TaskData;

import java.util.Locale;

/**
 * Where the exact linear closure stops (docs/theory.md section 5.7): at converged saddle points approaching the stall
 * in gamma, the normalizability margin lambda_min(I - F^T K F) of the tilted site law (eq. 5.12) and the leading
 * eigenvalues of the Jacobian of the fixed-point map X -> G(X), X = (Phi, Phihat), by Arnoldi on finite-difference
 * Jacobian-vector products. An eigenvalue of dG/dX reaching +1 is a fold (the branch of saddle points ends); a margin
 * reaching 0 is the site law's edge. Usage: LinearEdgeMeasurement beta gamma1,gamma2,... [krylov]
 */
public final class LinearEdgeMeasurement {
    public static void main(String[] args) {
        double beta = Double.parseDouble(args[0]);
        int krylov = args.length > 2 ? Integer.parseInt(args[2]) : 40;
        TaskData task = task();
        for (String gs : args[1].split(",")) {
            double gamma = Double.parseDouble(gs);
            EquilibriumProblem p = problem(task, gamma, beta);
            LinearEquilibriumDmft site = new LinearEquilibriumDmft(p, EquilibriumSettings.defaults(1));
            long t0 = System.nanoTime();
            EquilibriumResult r;
            try {
                r = site.solve();
            } catch (SaddlePointException e) {
                System.out.println("gamma " + gamma + ": " + e.getMessage());
                continue;
            }
            Map normalizable = map(p, site);
            Map g = x -> java.util.Objects.requireNonNull(normalizable.apply(x), "the site law is not normalizable here");
            NdArray[] x = {r.phi(), r.phiHat()};
            double margin = margin(p, r.phi(), r.phiHat());
            double[][] eig = leadingEigenvalues(g, x, krylov, 5);
            System.out.printf(Locale.ROOT, "gamma %.4f beta %.0f: normalized loss %.4g, tr Phi / D %.4g, |Phihat| %.4g, margin %.4g,"
                            + " residual %.2g, solve %.0f s; dG/dX leading eigenvalues:", gamma, beta, r.normalizedLoss(),
                    trace(r.phi()) / p.dim(), norm(r.phiHat()), margin, residual(g, x), (System.nanoTime() - t0) / 1e9);
            for (double[] e : eig) {
                System.out.printf(Locale.ROOT, " %.4f%+.4fi (|%.4f|)", e[0], e[1], Math.hypot(e[0], e[1]));
            }
            System.out.println();
        }
    }

    interface Map {
        /** G(X), or null where the tilted site law is not normalizable. */
        NdArray[] apply(NdArray[] x);
    }

    /** The multi-frequency task of docs/theory.md 5.7 (frequencies 0.1, 0.2, 0.3; T = 100 steps of 0.1). */
    static TaskData task() {
        TaskConfig c = new TaskConfig();
        c.name = "multisine";
        c.freqs = new double[]{0.1, 0.2, 0.3};
        c.duration = 10.0;
        return c.build().generate(0.1);
    }

    /** Linear network, g = 0.8, U and V trained, x(0) quenched, as measured in 5.7. */
    static EquilibriumProblem problem(TaskData task, double gamma, double beta) {
        return new EquilibriumProblem(0.8, 1.0, 0.1, Phi.LINEAR, 1.0, gamma, beta, true, false, task);
    }

    /** The fixed-point map X = (Phi, Phihat) -> G(X) of the exact linear closure (eq. 5.12 with the readout's conjugate). */
    static Map map(EquilibriumProblem p, LinearEquilibriumDmft site) {
        ReadoutPosterior readout = new ReadoutPosterior(p);
        return x -> {
            try {
                SiteAverages.Moments m = site.evaluate(x[0], x[1]);
                NdArray hat = Dense.plus(m.recurrentConjugate(), 1.0, readout.conjugate(readout.dual(m.phi()), p.gamma()));
                return new NdArray[]{m.phi(), hat};
            } catch (SiteAverages.NotNormalizable e) {
                return null;
            }
        };
    }

    /** lambda_min(I - F^T A^T Phihat A F), F F^T = g^2 Phi_F (eq. 5.12, U quenched). */
    static double margin(EquilibriumProblem p, NdArray phi, NdArray hat) {
        NdArray cov = Dense.scaled(Dense.leading(phi, p.fieldDim()), p.g() * p.g());
        NdArray f = CovarianceFactor.of(cov).matrix();
        NdArray precision = Dense.plus(Dense.identity(p.fieldDim()), -1.0, Dense.congruence(f, Dense.congruence(p.eulerFilter(), hat)));
        var eig = DecompositionFactory_DDRM.eig(p.fieldDim(), false, true);
        eig.decompose(Dense.m(Dense.symmetrized(precision)));
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < eig.getNumberOfEigenvalues(); i++) {
            min = Math.min(min, eig.getEigenvalue(i).real);
        }
        return min;
    }

    static double residual(Map g, NdArray[] x) {
        NdArray[] y = g.apply(x);
        return Math.max(diff(y[0], x[0]) / norm(x[0]), diff(y[1], x[1]) / Math.max(norm(x[1]), 1e-300));
    }

    /** Arnoldi with k Krylov vectors on v -> (G(x + eps v) - G(x - eps v)) / (2 eps), symmetric perturbations. */
    static double[][] leadingEigenvalues(Map g, NdArray[] x, int k, int keep) {
        int d = x[0].size();
        int n = 2 * d;
        double scale0 = norm(x[0]);
        double scale1 = Math.max(norm(x[1]), 1e-12);
        double[][] q = new double[k + 1][];
        double[][] h = new double[k + 1][k];
        Rng rng = new Rng(3);
        double[] v = symmetric(rng.normal(1.0, n).data(), d);
        normalize(v);
        q[0] = v;
        for (int j = 0; j < k; j++) {
            double[] w = jvp(g, x, q[j], d, scale0, scale1);
            for (int pass = 0; pass < 2; pass++) {
                for (int i = 0; i <= j; i++) {
                    double dot = dot(q[i], w);
                    h[i][j] += dot;
                    for (int a = 0; a < n; a++) {
                        w[a] -= dot * q[i][a];
                    }
                }
            }
            double nw = Math.sqrt(dot(w, w));
            h[j + 1][j] = nw;
            if (nw < 1e-12) {
                k = j + 1;
                break;
            }
            for (int a = 0; a < n; a++) {
                w[a] /= nw;
            }
            q[j + 1] = w;
        }
        DMatrixRMaj hm = new DMatrixRMaj(k, k);
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                hm.set(i, j, h[i][j]);
            }
        }
        var eig = DecompositionFactory_DDRM.eig(k, false, false);
        eig.decompose(hm);
        double[][] e = new double[eig.getNumberOfEigenvalues()][];
        for (int i = 0; i < e.length; i++) {
            e[i] = new double[]{eig.getEigenvalue(i).real, eig.getEigenvalue(i).imaginary};
        }
        java.util.Arrays.sort(e, (a, b) -> Double.compare(Math.hypot(b[0], b[1]), Math.hypot(a[0], a[1])));
        return java.util.Arrays.copyOf(e, Math.min(keep, e.length));
    }

    /** The Jacobian applied to v, in coordinates where Phi is scaled by |Phi| and Phihat by |Phihat|. */
    private static double[] jvp(Map g, NdArray[] x, double[] v, int d, double s0, double s1) {
        double eps = 1e-6;
        NdArray[] plus = {x[0].copy(), x[1].copy()};
        NdArray[] minus = {x[0].copy(), x[1].copy()};
        for (int a = 0; a < d; a++) {
            plus[0].data()[a] += eps * s0 * v[a];
            minus[0].data()[a] -= eps * s0 * v[a];
            plus[1].data()[a] += eps * s1 * v[d + a];
            minus[1].data()[a] -= eps * s1 * v[d + a];
        }
        NdArray[] gp = g.apply(plus);
        NdArray[] gm = g.apply(minus);
        double[] out = new double[2 * d];
        for (int a = 0; a < d; a++) {
            out[a] = (gp[0].data()[a] - gm[0].data()[a]) / (2 * eps * s0);
            out[d + a] = (gp[1].data()[a] - gm[1].data()[a]) / (2 * eps * s1);
        }
        return out;
    }

    /** Both halves made symmetric matrices (the map acts on symmetric kernels). */
    private static double[] symmetric(double[] v, int d) {
        int side = (int) Math.round(Math.sqrt(d));
        for (int half = 0; half < 2; half++) {
            for (int i = 0; i < side; i++) {
                for (int j = 0; j < i; j++) {
                    double m = 0.5 * (v[half * d + i * side + j] + v[half * d + j * side + i]);
                    v[half * d + i * side + j] = m;
                    v[half * d + j * side + i] = m;
                }
            }
        }
        return v;
    }

    private static void normalize(double[] v) {
        double n = Math.sqrt(dot(v, v));
        for (int i = 0; i < v.length; i++) {
            v[i] /= n;
        }
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double trace(NdArray a) {
        double t = 0;
        for (int i = 0; i < a.dim(0); i++) {
            t += a.get(i, i);
        }
        return t;
    }

    private static double norm(NdArray a) {
        double s = 0;
        for (double v : a.data()) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    private static double diff(NdArray a, NdArray b) {
        double s = 0;
        for (int i = 0; i < a.size(); i++) {
            double d = a.data()[i] - b.data()[i];
            s += d * d;
        }
        return Math.sqrt(s);
    }
}
