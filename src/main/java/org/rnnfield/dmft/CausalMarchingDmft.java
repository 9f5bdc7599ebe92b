package org.rnnfield.dmft;

import org.rnnfield.array.NdArray;
import org.rnnfield.backend.Backend;
import org.rnnfield.backend.Tensor;
import org.rnnfield.model.ConfigException;

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
 *   <li>eta(t) = Z[:, 0..t] L(t, 0..t)^T with Z the orthonormalized draws (eq. 6.4, through the Gram factor:
 *       one GEMM on the backend), x(t+1) by the leaky step;</li>
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
            int draws = b0 + d;
            if (m <= draws) {
                throw ConfigException.field("samples", m, "more than the " + draws + " Gaussian draws of a site (P + D_in + T P),"
                        + " so that they are linearly independent; use M >= 10 x " + draws);
            }
            // every Gaussian the sites draw, as raw columns Y: x(0) noise (P), U (D_in), then z of each field index.
            // The draws used are Q = Y R^{-T}, orthonormal (Q^T Q = M I), with R the Cholesky factor of the empirical
            // Gram matrix Y^T Y / M grown causally (eq. 6.4): a combination Q a is Y (R^{-T} a), one pass over Y
            Tensor raw = backend.zeros(m, draws);
            backend.fillNormal(raw, settings.seed(), 0);
            // the whole Gram matrix in one GEMM (compute-bound, where a row per step would be one more pass over
            // the draws at every step); row k of R depends only on columns 0..k, so the march stays causal
            GramFactor gram = gramFactor(raw, m);
            Tensor row = backend.zeros(p, d1);
            NdArray start = NdArray.zeros(b0, b0);
            for (int k = 0; k < b0; k++) {
                double[] v = gram.solveTransposed(unit(k, b0), b0);
                for (int j = 0; j < b0; j++) {
                    start.set(v[j], j, k);
                }
            }
            Tensor startCoef = backend.upload(start);
            Tensor qStart = backend.zeros(m, b0);
            backend.gemm(false, false, 1.0, raw.columns(0, b0), startCoef, 0.0, qStart);
            backend.release(startCoef);
            if (dIn > 0) {
                Tensor inputs = backend.upload(org.rnnfield.dynamics.TaskBatch.timeMajor(problem.inputs()));
                backend.gemm(false, false, 1.0, qStart.columns(p, dIn), inputs, 0.0, drive);
            }
            Tensor x0 = x.columns(0, p);
            backend.axpy(Math.sqrt(problem.q0()), qStart.columns(0, p), x0);
            backend.release(qStart);
            backend.applyPhi(problem.phi(), x0, phiX.columns(0, p));
            kernelRows(0, p, m, x, phiX, row, phi, c);
            double largest = 0;
            for (int t = 0; t < steps; t++) {
                int width = (t + 1) * p;
                int used = b0 + width;
                NdArray block = NdArray.zeros(used, p);
                for (int mu = 0; mu < p; mu++) {
                    int r = t * p + mu;
                    largest = Math.max(largest, g2 * phi[r][r]);
                    factor[r] = extend(factor, phi, r, g2, PIVOT_FLOOR * largest);
                    // eta = Q_z L(r, .)^T = Y R^{-T} a with a = L(r, .) placed after the b0 start draws
                    double[] a = new double[used];
                    System.arraycopy(factor[r], 0, a, b0, r + 1);
                    double[] v = gram.solveTransposed(a, used);
                    for (int j = 0; j < used; j++) {
                        block.set(v[j], j, mu);
                    }
                }
                Tensor coefRows = backend.upload(block);
                backend.gemm(false, false, 1.0, raw.columns(0, used), coefRows, 1.0, drive.columns(t * p, p));
                backend.release(coefRows);
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

    /** The Cholesky factor of the raw draws' Gram matrix Y^T Y / M (one GEMM on the backend, rows on the host). */
    private GramFactor gramFactor(Tensor raw, int m) {
        int k = raw.cols();
        Tensor gramMatrix = backend.zeros(k, k);
        backend.gemm(true, false, 1.0 / m, raw, raw, 0.0, gramMatrix);
        NdArray g = backend.download(gramMatrix);
        backend.release(gramMatrix);
        GramFactor factor = new GramFactor(k);
        for (int i = 0; i < k; i++) {
            factor.extend(java.util.Arrays.copyOfRange(g.data(), i * k, i * k + i + 1));
        }
        return factor;
    }

    private static double[] unit(int k, int n) {
        double[] e = new double[n];
        e[k] = 1;
        return e;
    }

    /**
     * The lower Cholesky factor R of the sites' empirical Gram matrix G = Y^T Y / M, grown one row at a time; the
     * orthonormal draws are Q = Y R^{-T}, so a combination Q a is Y (R^{-T} a). Equal to Gram-Schmidt in exact
     * arithmetic, and stable here: M > K i.i.d. normal columns have a Gram condition number about
     * ((1 + sqrt(K/M)) / (1 - sqrt(K/M)))^2 (2.6 at K/M = 0.05), squared in Cholesky-QR, still far from round-off.
     */
    static final class GramFactor {
        /** A Gram pivot below this (relative to the column's own squared norm / M) means dependent draws. */
        static final double DEPENDENT = 1e-10;
        private final double[][] r;
        private int size;

        GramFactor(int capacity) {
            this.r = new double[capacity][];
        }

        /** Appends row k = size of R from row k of G (entries 0..k). */
        void extend(double[] gramRow) {
            int k = size;
            double[] row = new double[k + 1];
            for (int j = 0; j < k; j++) {
                double acc = gramRow[j];
                double[] rj = r[j];
                for (int i = 0; i < j; i++) {
                    acc -= row[i] * rj[i];
                }
                row[j] = acc / rj[j];
            }
            double residual = gramRow[k];
            for (int i = 0; i < k; i++) {
                residual -= row[i] * row[i];
            }
            if (!(residual > DEPENDENT * gramRow[k])) {
                throw new DmftFailure("causal march: draw " + k + " is linearly dependent on the earlier ones (Gram pivot "
                        + residual + " of " + gramRow[k] + "): more sites M are needed");
            }
            row[k] = Math.sqrt(residual);
            r[k] = row;
            size = k + 1;
        }

        /** v = R^{-T} a over the first n draws (back substitution, by rows of R). */
        double[] solveTransposed(double[] a, int n) {
            double[] v = java.util.Arrays.copyOf(a, n);
            for (int i = n - 1; i >= 0; i--) {
                double[] ri = r[i];
                double vi = v[i] / ri[i];
                v[i] = vi;
                for (int j = 0; j < i; j++) {
                    v[j] -= ri[j] * vi;
                }
            }
            return v;
        }
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
