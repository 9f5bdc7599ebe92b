package org.rnnfield.dmft.equilibrium;

import org.rnnfield.array.NdArray;
import org.rnnfield.array.Rng;
import org.rnnfield.backend.Backend;
import org.rnnfield.backend.Tensor;

/**
 * M Markov chains on the whitened site fields z (u = F z), one per site, that sample the tilted site law
 * pi(z) = N(z; 0, I) exp(psi(z)) given the site's quenched draw (docs/theory.md eqs. 5.17, 5.18). The move is a
 * preconditioned Crank-Nicolson step about a Gaussian reference N(m, L L^T) fitted to the chains at the start of
 * each refresh: with z = m + L y, y' = sqrt(1 - rho^2) y + rho xi is reversible for the reference, so it is
 * accepted with min(1, exp(l(z') - l(z))), l = log pi - log reference, whatever the dimension. Measured why the
 * reference: about the prior (m = 0, L = I) the chains at the exact linear saddle point at gamma = 1 (sine,
 * beta = 60) were still 14-22% off its kernel after 8 refreshes of 20 sweeps, because the tilted law is far wider
 * than the prior along a few directions and prior-scaled moves cross them slowly. rho is adapted toward
 * {@link #TARGET_ACCEPTANCE}. Before the moves the chains are resampled within their quenched group by the
 * weights of the reweighting that brought them from the last refresh to the current iterate (resample-move, so
 * the moves need only diversify). The random numbers of sweep n come from Philox stream {@link #NOISE_STREAM} + n.
 */
final class SiteChains {
    /** pCN acceptance aimed at (high-dimensional random-walk optimum ~0.23; pCN's is close to it). */
    static final double TARGET_ACCEPTANCE = 0.25;
    /** Gain of the log-step adaptation per sweep. */
    static final double ADAPTATION_GAIN = 0.5;
    /** Range of the pCN step rho. */
    static final double MIN_STEP = 1e-4;
    static final double MAX_STEP = 1.0;
    /** Added to the fitted covariance of the reference (the prior's variance is 1 in z). */
    static final double REFERENCE_FLOOR = 1e-3;
    /** Philox streams of the proposals: the prior draws use stream 0. */
    static final long NOISE_STREAM = 1L << 20;

    /** psi_i at the current iterate of the paths of whitened draws (rows of the tensor). */
    interface Tilt {
        double[] psi(Tensor draws);
    }

    private final Backend backend;
    private final int m;
    private final int df;
    private final long seed;
    private final Tensor states;
    private final Tensor proposal;
    private final Tensor noise;
    private final Tensor reduced;
    private final Tensor ones;
    private final Tensor squares;
    private final Tensor accepted;
    private final NdArray acceptedHost;
    /** The states on the host as of the end of the last refresh (the chains move only inside refreshes). */
    private final NdArray statesHost;
    private final NdArray reducedHost;
    private double step = 0.5;
    private long sweeps;
    private int refreshes;
    private double lastAcceptance = Double.NaN;
    private double minMoved = 1.0;
    private double maxRetained = 0.0;

    /** Chains started at the prior draws z (M x D_F). */
    SiteChains(Backend backend, Tensor z, long seed) {
        this.backend = backend;
        this.statesHost = backend.download(z);
        this.m = statesHost.dim(0);
        this.df = statesHost.dim(1);
        this.seed = seed;
        this.states = backend.upload(statesHost);
        this.proposal = backend.zeros(m, df);
        this.noise = backend.zeros(m, df);
        this.reduced = backend.zeros(m, df);
        this.reducedHost = NdArray.zeros(m, df);
        this.ones = backend.zeros(m, 1);
        backend.fill(ones, 1.0);
        this.squares = backend.zeros(m, 1);
        this.accepted = backend.zeros(m, 1);
        this.acceptedHost = NdArray.zeros(m, 1);
        checkpoint();
    }

    /** The reference N(m, L L^T) of one refresh on the backend, and L^{-1}. */
    private record Reference(Tensor mean, Tensor factor, NdArray inverse) {
    }

    /** Mean and covariance of the chains (plus {@link #REFERENCE_FLOOR} I); the prior if the factor fails. */
    private Reference fitReference() {
        double[] c = statesHost.data();
        NdArray mean = NdArray.zeros(1, df);
        double[] mu = mean.data();
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < df; k++) {
                mu[k] += c[i * df + k] / m;
            }
        }
        double[] r = reducedHost.data();
        double scale = 1.0 / Math.sqrt(m - 1.0);
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < df; k++) {
                r[i * df + k] = scale * (c[i * df + k] - mu[k]);
            }
        }
        backend.write(reducedHost, reduced);
        Tensor cov = backend.zeros(df, df);
        backend.gemm(true, false, 1.0, reduced, reduced, 0.0, cov);
        NdArray covariance = Dense.symmetrized(backend.download(cov));
        backend.release(cov);
        for (int k = 0; k < df; k++) {
            covariance.set(covariance.get(k, k) + REFERENCE_FLOOR, k, k);
        }
        NdArray l = Dense.choleskyOrNull(covariance);
        if (l == null) {
            l = Dense.identity(df);
            java.util.Arrays.fill(mu, 0.0);
        }
        return new Reference(backend.upload(mean), backend.upload(l), Dense.lowerInverse(l));
    }

    /** The chains' current states (M x D_F), the draws the iteration evaluates. */
    Tensor states() {
        return states;
    }

    /**
     * Resamples within each quenched group by {@code omega} (systematic; each group's weights sum to 1 / groups),
     * then moves every chain by {@code count} pCN sweeps under {@code tilt}. Returns psi of the final states.
     */
    double[] refresh(double[] omega, int group, int groups, int count, Tilt tilt) {
        resample(omega, group, groups);
        double[] start = statesHost.data().clone();
        Reference ref = fitReference();
        // y = L^{-1} (z - m): the chains in the reference's whitened coordinates (reduced holds (z - m) / sqrt(M - 1))
        Tensor inverse = backend.upload(ref.inverse());
        backend.gemm(false, true, Math.sqrt(m - 1.0), reduced, inverse, 0.0, noise);
        backend.copy(noise, reduced);
        backend.release(inverse);
        double[] psi = tilt.psi(states);
        double[] residual = residual(psi, rowSquares(states), rowSquares(reduced), 1.0);
        boolean[] moved = new boolean[m];
        double acceptance = 0;
        for (int s = 0; s < count; s++) {
            acceptance += sweep(psi, residual, moved, tilt, ref);
        }
        backend.release(ref.mean());
        backend.release(ref.factor());
        System.arraycopy(backend.download(states).data(), 0, statesHost.data(), 0, m * df);
        int movedCount = 0;
        for (boolean b : moved) {
            movedCount += b ? 1 : 0;
        }
        double movedFraction = (double) movedCount / m;
        double retained = centeredCorrelation(start, statesHost.data(), m, df);
        lastAcceptance = acceptance / count;
        minMoved = Math.min(minMoved, movedFraction);
        maxRetained = Math.max(maxRetained, retained);
        refreshes++;
        return psi;
    }

    /** |row|^2 of every chain, computed where the tensor lives (only M numbers cross to the host). */
    private double[] rowSquares(Tensor t) {
        backend.rowSumsOfSquares(t, squares);
        return backend.download(squares).data();
    }

    /** l = log pi - log reference per chain: psi - |z|^2 / 2 + yScale^2 |y|^2 / 2 (constants dropped). */
    private static double[] residual(double[] psi, double[] zz, double[] yy, double yScale) {
        double[] l = new double[psi.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = psi[i] - 0.5 * zz[i] + 0.5 * yScale * yScale * yy[i];
        }
        return l;
    }

    /**
     * One sweep of every chain: y' = sqrt(1 - rho^2) y + rho xi, z' = m + L y', accepted with exp(l' - l); psi, l and
     * moved are updated for the accepted ones. The paths stay on the backend: the accepted rows are copied there,
     * and only psi, the squared norms and the acceptance mask (M numbers each) cross to and from the host.
     * Returns the acceptance rate.
     */
    private double sweep(double[] psi, double[] residual, boolean[] moved, Tilt tilt, Reference ref) {
        double keep = Math.sqrt(1 - step * step);
        backend.fillNormal(noise, seed, NOISE_STREAM + sweeps);
        backend.axpy(keep / step, reduced, noise);
        // noise holds y' / rho; z' = m + rho (y' / rho) L^T
        backend.gemm(false, true, step, noise, ref.factor(), 0.0, proposal);
        backend.gemm(false, false, 1.0, ones, ref.mean(), 1.0, proposal);
        double[] psiNew = tilt.psi(proposal);
        double[] residualNew = residual(psiNew, rowSquares(proposal), rowSquares(noise), step);
        double[] mask = acceptedHost.data();
        Rng rng = Rng.stream(seed, "equilibrium-site-chain-accept-" + sweeps);
        int count = 0;
        for (int i = 0; i < m; i++) {
            // NaN psi' compares false: rejected
            boolean accept = Math.log(rng.uniform()) < residualNew[i] - residual[i];
            mask[i] = accept ? 1.0 : 0.0;
            if (accept) {
                psi[i] = psiNew[i];
                residual[i] = residualNew[i];
                moved[i] = true;
                count++;
            }
        }
        backend.write(acceptedHost, accepted);
        backend.copyRowsWhere(accepted, proposal, states);
        // y' = rho (y' / rho): noise scaled in place (axpy with x = y multiplies by 1 + a)
        backend.axpy(step - 1, noise, noise);
        backend.copyRowsWhere(accepted, noise, reduced);
        sweeps++;
        double rate = (double) count / m;
        step = Math.max(MIN_STEP, Math.min(MAX_STEP, step * Math.exp(ADAPTATION_GAIN * (rate - TARGET_ACCEPTANCE))));
        return rate;
    }

    private void resample(double[] omega, int group, int groups) {
        double[] cur = statesHost.data();
        double[] old = cur.clone();
        Rng rng = Rng.stream(seed, "equilibrium-site-chain-resample-" + refreshes);
        for (int q = 0; q < groups; q++) {
            double u = rng.uniform() / group;
            int from = q * group;
            double cumulative = omega[from] * groups;
            int source = from;
            for (int i = 0; i < group; i++) {
                double level = u + (double) i / group;
                while (cumulative < level && source < from + group - 1) {
                    source++;
                    cumulative += omega[source] * groups;
                }
                System.arraycopy(old, source * df, cur, (from + i) * df, df);
            }
        }
        backend.write(statesHost, states);
    }

    private double[] savedStates;
    private double savedStep;
    private double savedMinMoved = 1.0;
    private double savedMaxRetained;

    /** Remembers the chains' states, step and mixing diagnostics (at an accepted stage). */
    void checkpoint() {
        savedStates = statesHost.data().clone();
        savedStep = step;
        savedMinMoved = minMoved;
        savedMaxRetained = maxRetained;
    }

    /**
     * Returns the chains to the last {@link #checkpoint}; the mixing diagnostics too, since the refreshes of a
     * rejected stage (chains running off into a law that is not normalizable) leave nothing in the result.
     */
    void restore() {
        if (savedStates == null) {
            return;
        }
        System.arraycopy(savedStates, 0, statesHost.data(), 0, savedStates.length);
        backend.write(statesHost, states);
        step = savedStep;
        minMoved = savedMinMoved;
        maxRetained = savedMaxRetained;
    }

    /** Correlation across chains of the states before and after the moves, each coordinate centred, pooled. */
    static double centeredCorrelation(double[] a, double[] b, int rows, int cols) {
        double[] meanA = new double[cols];
        double[] meanB = new double[cols];
        for (int i = 0; i < rows; i++) {
            for (int k = 0; k < cols; k++) {
                meanA[k] += a[i * cols + k] / rows;
                meanB[k] += b[i * cols + k] / rows;
            }
        }
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < rows; i++) {
            for (int k = 0; k < cols; k++) {
                double x = a[i * cols + k] - meanA[k];
                double y = b[i * cols + k] - meanB[k];
                ab += x * y;
                aa += x * x;
                bb += y * y;
            }
        }
        return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 1.0;
    }

    /** Diagnostics over every refresh so far (refreshes 0: never moved). */
    SiteChainReport report() {
        return new SiteChainReport(refreshes, sweeps, lastAcceptance, step, minMoved, maxRetained);
    }
}
