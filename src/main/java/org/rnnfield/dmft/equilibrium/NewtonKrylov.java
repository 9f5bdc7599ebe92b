package org.rnnfield.dmft.equilibrium;

import org.rnnfield.backend.cpu.BlasLibrary;

/**
 * Newton's method on a residual R(x) = 0 without forming its Jacobian: each step solves J delta = -R by GMRES
 * on finite-difference products J v ~ (R(x + h v) - R(x)) / h and backtracks along delta until |R| falls.
 * The residual may refuse a point (return null: outside its domain, e.g. a site law that is not normalizable);
 * a refused point is treated as a failed trial. Used for the exact linear closure past the gamma where Anderson
 * mixing stalls (docs/theory.md 5.7); the map is deterministic there, which finite differences need.
 */
final class NewtonKrylov {
    /** Relative size of the finite-difference step along a unit direction: about sqrt of double precision. */
    static final double FD_STEP = 1e-7;
    /** GMRES solves each Newton system to this fraction of |R| (inexact Newton, still quadratic in practice). */
    static final double GMRES_REDUCTION = 1e-6;
    /** Krylov vectors per Newton step (no restart). The closure of docs/theory.md 5.7 needed 40-150 at D = 101. */
    static final int GMRES_MAX = 400;
    /** Backtracking halvings of one Newton step before the step fails. */
    static final int BACKTRACKS = 12;

    interface Residual {
        /** R(x), or null when x is outside the residual's domain. */
        double[] apply(double[] x);
    }

    private NewtonKrylov() {
    }

    /** x with |R(x)| below tolerance, from x0, in at most maxSteps Newton steps; null when that fails. steps[0] gets the count. */
    static double[] solve(Residual r, double[] x0, double tolerance, int maxSteps, int[] steps) {
        double[] x = x0.clone();
        double[] rx = r.apply(x);
        if (rx == null) {
            return null;
        }
        for (int step = 0; step <= maxSteps; step++) {
            steps[0] = step;
            double rn = norm(rx);
            if (rn < tolerance) {
                return x;
            }
            if (step == maxSteps) {
                return null;
            }
            final double[] xc = x;
            final double[] rc = rx;
            double[] delta = gmres(v -> {
                double h = FD_STEP / Math.max(norm(v), 1e-300);
                double[] xp = xc.clone();
                for (int i = 0; i < xp.length; i++) {
                    xp[i] += h * v[i];
                }
                double[] rp = r.apply(xp);
                if (rp == null) {
                    return null;
                }
                double[] out = new double[v.length];
                for (int i = 0; i < v.length; i++) {
                    out[i] = (rp[i] - rc[i]) / h;
                }
                return out;
            }, rx, GMRES_REDUCTION * rn, GMRES_MAX);
            if (delta == null) {
                return null;
            }
            double[] next = null;
            double t = 1.0;
            for (int back = 0; back <= BACKTRACKS && next == null; back++, t /= 2) {
                double[] trial = x.clone();
                for (int i = 0; i < trial.length; i++) {
                    trial[i] -= t * delta[i];
                }
                double[] rt = r.apply(trial);
                if (rt != null && norm(rt) < (1 - 1e-4 * t) * rn) {
                    next = trial;
                    rx = rt;
                }
            }
            if (next == null) {
                return null;
            }
            x = next;
        }
        return null;
    }

    interface Operator {
        /** A v, or null when it cannot be evaluated. */
        double[] apply(double[] v);
    }

    /**
     * The solution of A x = b from x = 0 to |b - A x| below tolerance: GMRES, Arnoldi by classical Gram-Schmidt done
     * twice (as stable as modified Gram-Schmidt; each pass two BLAS matrix-vector products over the basis, which at
     * 2 D^2 unknowns and 100+ vectors cost more than the residuals did before), the Hessenberg least-squares problem
     * kept triangular by Givens rotations (its residual is then read off, not re-solved at every vector).
     */
    static double[] gmres(Operator a, double[] b, double tolerance, int maxVectors) {
        int n = b.length;
        double beta = norm(b);
        BlasLibrary blas = BlasLibrary.get();
        double[] basis = new double[Math.min(maxVectors + 1, 32) * n];
        double[][] r = new double[maxVectors][maxVectors];  // r[i][j]: the rotated Hessenberg column j, upper triangular
        double[] cos = new double[maxVectors];
        double[] sin = new double[maxVectors];
        double[] rhs = new double[maxVectors + 1];          // Q^T (beta e_1): |rhs[k]| is the residual after k vectors
        rhs[0] = beta;
        scaleInto(b, 1 / beta, basis, 0);
        int k = 0;
        double[] proj = new double[maxVectors + 1];
        for (int j = 0; j < maxVectors; j++) {
            double[] w = a.apply(java.util.Arrays.copyOfRange(basis, j * n, (j + 1) * n));
            if (w == null) {
                return null;
            }
            double[] column = new double[j + 2];
            for (int pass = 0; pass < 2; pass++) {
                blas.dgemv(true, n, j + 1, 1.0, basis, w, 0.0, proj);
                blas.dgemv(false, n, j + 1, -1.0, basis, proj, 1.0, w);
                for (int i = 0; i <= j; i++) {
                    column[i] += proj[i];
                }
            }
            double next = norm(w);
            column[j + 1] = next;
            for (int i = 0; i < j; i++) {
                double t = cos[i] * column[i] + sin[i] * column[i + 1];
                column[i + 1] = -sin[i] * column[i] + cos[i] * column[i + 1];
                column[i] = t;
            }
            double rho = Math.hypot(column[j], column[j + 1]);
            cos[j] = rho == 0 ? 1 : column[j] / rho;
            sin[j] = rho == 0 ? 0 : column[j + 1] / rho;
            column[j] = rho;
            rhs[j + 1] = -sin[j] * rhs[j];
            rhs[j] = cos[j] * rhs[j];
            for (int i = 0; i <= j; i++) {
                r[i][j] = column[i];
            }
            k = j + 1;
            if (Math.abs(rhs[j + 1]) < tolerance || next < 1e-14 * beta) {
                break;
            }
            if (basis.length < (j + 2) * n) {
                basis = java.util.Arrays.copyOf(basis, Math.min(maxVectors + 1, 2 * (j + 2)) * n);
            }
            scaleInto(w, 1 / next, basis, (j + 1) * n);
        }
        double[] y = new double[k];
        for (int i = k - 1; i >= 0; i--) {
            double v = rhs[i];
            for (int c = i + 1; c < k; c++) {
                v -= r[i][c] * y[c];
            }
            y[i] = r[i][i] == 0 ? 0 : v / r[i][i];
        }
        double[] x = new double[n];
        blas.dgemv(false, n, k, 1.0, basis, y, 0.0, x);
        return x;
    }

    private static void scaleInto(double[] v, double s, double[] out, int offset) {
        for (int i = 0; i < v.length; i++) {
            out[offset + i] = v[i] * s;
        }
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

}
