package org.rnnfield.dmft;

import org.rnnfield.array.NdArray;
import org.rnnfield.backend.Backend;
import org.rnnfield.backend.Tensor;

import java.util.List;

/**
 * The Monte Carlo DMFT of a driven (non-stationary) random network by causal time-marching (docs/theory.md
 * section 6): x(t+1) depends on the field eta(0..t), whose covariance g^2 Phi(0..t, 0..t) involves only
 * the kernel up to time t, itself estimated from x(0..t). So the kernel is built one time step at a time,
 * with no fixed-point iteration: at step t
 * <ol>
 *   <li>the Cholesky factor L of g^2 Phi grows by block row t (the rows of earlier times never change, so
 *       the fields already drawn keep their values: the new field is drawn conditionally on the past,
 *       eta(t) = sum_{s <= t} L(t, s) z(s));</li>
 *   <li>eta(t) = Z[:, 0..t] L(t, 0..t)^T (one GEMM on the backend), x(t+1) by the leaky step;</li>
 *   <li>Phi(t+1, 0..t+1) = (1/M) phi(x(t+1))^T phi(X(0..t+1)) and the same for C (two GEMMs).</li>
 * </ol>
 * The result is the fixed point of the sample-and-iterate map with these common random numbers (that
 * map is causal, so its fixed point is unique and is what marching computes), reached in one pass at
 * any horizon, where the whole-kernel iteration stalled beyond T ~ 150 steps (issue 14). A conditional
 * variance at or below {@link #PIVOT_FLOOR} of its unconditional one is taken as 0 (that direction is
 * determined by the past), so no small pivot is divided by.
 */
public final class CausalMarchingDmft {
    /**
     * Pivot floor of the growing Cholesky factor, relative to the largest field variance so far. Smooth
     * kernels make the field nearly predictable from its past, so conditional variances fall to round-off
     * and dividing by such pivots amplifies it. Measured on the decaying transient (g = 0.8, T = 80, M = 4000,
     * seeds 1-8, 2 at M = 40000; exact C(80, 80) = 0.002277): a floor of 1e-12 of the row's own variance
     * blew C(T, T) up 50-fold in 2 of 8 seeds; 1e-10 of the largest left residuals at -30% of the variance
     * and one seed 35% off; 1e-8 and 1e-6: every seed within 1.2%; 1e-4 drops real variance (-2.5%).
     */
    static final double PIVOT_FLOOR = 1e-8;

    private final Backend backend;
    private final DmftProblem problem;
    private final MonteCarloSettings settings;

    public CausalMarchingDmft(Backend backend, DmftProblem problem, MonteCarloSettings settings) {
        this.backend = backend;
        this.problem = problem;
        this.settings = settings;
    }

    /** Kernels over times 0..T and trials (index t P + mu); standard errors come from replicas. */
    public MonteCarloDmft.Result solve() {
        int p = problem.trials();
        int steps = problem.steps();
        int m = settings.samples();
        int d1 = (steps + 1) * p;
        int d = steps * p;
        double g2 = problem.g() * problem.g();
        double[][] phi = new double[d1][d1];
        double[][] c = new double[d1][d1];
        double[][] factor = new double[d][];
        try (Backend.Scope scope = backend.scope()) {
            Tensor x = backend.zeros(m, d1);
            Tensor phiX = backend.zeros(m, d1);
            Tensor drive = backend.zeros(m, d);
            int dIn = problem.inputDim();
            int b0 = p + dIn;
            // every Gaussian the sites draw, as columns: x(0) noise (P), U (D_in), then z of each field index;
            // kept orthonormal (|column|^2 = M, zero empirical cross-covariance), see orthonormalize
            Tensor basis = backend.zeros(m, b0 + d);
            Tensor scratch = backend.zeros(m, Math.max(p, b0));
            Tensor row = backend.zeros(p, d1);
            Tensor lRow = backend.zeros(p, d);
            backend.fillNormal(basis, settings.seed(), 0);
            orthonormalize(basis, 0, b0, scratch, m);
            Tensor z = basis.columns(b0, d);
            if (dIn > 0) {
                Tensor inputs = backend.upload(org.rnnfield.dynamics.TaskBatch.timeMajor(problem.inputs()));
                backend.gemm(false, false, 1.0, basis.columns(p, dIn), inputs, 0.0, drive);
            }
            Tensor x0 = x.columns(0, p);
            backend.axpy(Math.sqrt(problem.q0()), basis.columns(0, p), x0);
            backend.applyPhi(problem.phi(), x0, phiX.columns(0, p));
            kernelRows(0, p, m, x, phiX, row, phi, c);
            double largest = 0;
            for (int t = 0; t < steps; t++) {
                int width = (t + 1) * p;
                orthonormalize(basis, b0 + t * p, p, scratch, m);
                NdArray block = NdArray.zeros(p, width);
                for (int mu = 0; mu < p; mu++) {
                    int r = t * p + mu;
                    largest = Math.max(largest, g2 * phi[r][r]);
                    factor[r] = extend(factor, phi, r, g2, PIVOT_FLOOR * largest);
                    System.arraycopy(factor[r], 0, block.data(), mu * width, r + 1);
                }
                Tensor lView = lRow.columns(0, width);
                backend.write(block, lView);
                backend.gemm(false, true, 1.0, z.columns(0, width), lView, 1.0, drive.columns(t * p, p));
                backend.leakyStep(problem.phi(), problem.alpha(), x.columns(t * p, p), drive.columns(t * p, p),
                        x.columns((t + 1) * p, p), phiX.columns((t + 1) * p, p));
                kernelRows(t + 1, p, m, x, phiX, row, phi, c);
            }
        }
        NdArray phiOut = symmetric(phi);
        NdArray cOut = symmetric(c);
        NdArray zeros = NdArray.zeros(d1, d1);
        return new MonteCarloDmft.Result(phiOut, cOut, zeros, zeros.copy(), List.of(), steps, true,
                "causal time-marching (growing Cholesky factor)");
    }

    /**
     * Makes columns [start, start + count) of the basis orthogonal to all earlier columns and to each other,
     * each of squared norm M (block Gram-Schmidt, twice for round-off, then the block's Cholesky): the
     * sites' Gaussian draws then have exactly the empirical second moments they are meant to have, so the
     * field drawn with the factor L has empirical covariance exactly L L^T = g^2 Phi. Without it the
     * empirical covariance of M = 10^4 i.i.d. draws of 400 normals is off by O(sqrt(400 / M)) = 20% in some
     * directions, and a chaotic site amplifies that along the march (Phi 25% off at T = 400, g = 1.5).
     * Causal: a column is changed only by earlier ones, so draws already used never change.
     */
    private void orthonormalize(Tensor basis, int start, int count, Tensor scratch, int m) {
        if (count == 0) {
            return;
        }
        Tensor block = basis.columns(start, count);
        if (start > 0) {
            Tensor earlier = basis.columns(0, start);
            Tensor coef = backend.zeros(start, count);
            for (int pass = 0; pass < 2; pass++) {
                backend.gemm(true, false, 1.0 / m, earlier, block, 0.0, coef);
                backend.gemm(false, false, -1.0, earlier, coef, 1.0, block);
            }
            backend.release(coef);
        }
        Tensor gram = backend.zeros(count, count);
        backend.gemm(true, false, 1.0 / m, block, block, 0.0, gram);
        NdArray g = backend.download(gram);
        backend.release(gram);
        NdArray inverse = inverseUpperFactor(g);
        Tensor r = backend.upload(inverse);
        Tensor out = scratch.columns(0, count);
        backend.gemm(false, false, 1.0, block, r, 0.0, out);
        backend.copy(out, block);
        backend.release(r);
    }

    /** R^{-T} with G = R R^T (lower Cholesky R), so that B R^{-T} has Gram matrix I when B has Gram matrix G. */
    private static NdArray inverseUpperFactor(NdArray gram) {
        int n = gram.dim(0);
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double acc = gram.get(i, j);
                for (int k = 0; k < j; k++) {
                    acc -= l[i][k] * l[j][k];
                }
                l[i][j] = i == j ? Math.sqrt(Math.max(acc, 1e-300)) : acc / l[j][j];
            }
        }
        // inverse of the lower factor by forward substitution, then transposed
        double[][] inv = new double[n][n];
        for (int col = 0; col < n; col++) {
            for (int i = 0; i < n; i++) {
                double acc = i == col ? 1.0 : 0.0;
                for (int k = 0; k < i; k++) {
                    acc -= l[i][k] * inv[k][col];
                }
                inv[i][col] = acc / l[i][i];
            }
        }
        NdArray out = NdArray.zeros(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                out.set(inv[j][i], i, j);
            }
        }
        return out;
    }

    /** Phi(t, 0..t) and C(t, 0..t) for all trials, from the paths up to time t (two thin GEMMs). */
    private void kernelRows(int t, int p, int m, Tensor x, Tensor phiX, Tensor row, double[][] phi, double[][] c) {
        int width = (t + 1) * p;
        Tensor view = row.columns(0, width);
        backend.gemm(true, false, 1.0 / m, phiX.columns(t * p, p), phiX.columns(0, width), 0.0, view);
        copyRows(backend.download(view), t, p, width, phi);
        backend.gemm(true, false, 1.0 / m, x.columns(t * p, p), x.columns(0, width), 0.0, view);
        copyRows(backend.download(view), t, p, width, c);
    }

    private static void copyRows(NdArray rows, int t, int p, int width, double[][] into) {
        for (int mu = 0; mu < p; mu++) {
            for (int j = 0; j < width; j++) {
                into[t * p + mu][j] = rows.get(mu, j);
            }
        }
    }

    /**
     * Row r of the lower Cholesky factor of g^2 Phi restricted to indices 0..r, given rows 0..r-1: forward
     * substitution, then the conditional standard deviation (0 when the conditional variance is at or below
     * {@code floor}).
     */
    private static double[] extend(double[][] factor, double[][] phi, int r, double g2, double floor) {
        double[] l = new double[r + 1];
        for (int col = 0; col < r; col++) {
            double pivot = factor[col][col];
            if (pivot == 0) {
                continue;
            }
            double acc = g2 * phi[r][col];
            double[] lc = factor[col];
            for (int k = 0; k < col; k++) {
                acc -= l[k] * lc[k];
            }
            l[col] = acc / pivot;
        }
        double residual = g2 * phi[r][r];
        for (int k = 0; k < r; k++) {
            residual -= l[k] * l[k];
        }
        l[r] = residual > floor ? Math.sqrt(residual) : 0.0;
        return l;
    }

    private static NdArray symmetric(double[][] lower) {
        int d = lower.length;
        NdArray out = NdArray.zeros(d, d);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                out.set(lower[i][j], i, j);
                out.set(lower[i][j], j, i);
            }
        }
        return out;
    }
}
