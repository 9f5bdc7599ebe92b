package org.rnnfield.dmft;

import org.rnnfield.array.NdArray;
import org.rnnfield.backend.Backend;
import org.rnnfield.backend.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * DMFT of the random network by sampling (DESIGN.md section 2): M single-site paths
 * {@code x(k+1) = (1 - alpha) x(k) + alpha [eta(k) + u . I(k)]} with eta ~ GP(0, g^2 Phi). Driven and
 * transient problems (settings.stationary() false) are causal and are solved in one pass by
 * {@link CausalMarchingDmft} (docs/theory.md section 6). The stationary autonomous state is solved here:
 * eta periodic and stationary, sampled as {@code eta = Z F^T} with the circulant factor F, then
 * {@code Phi_hat = (1/M) phi(X)^T phi(X)} and {@code C_hat = (1/M) X^T X} (two GEMMs), damped update,
 * repeat. The samples live on the backend as M x ((T+1) P) tensors - rows are sites, column t P + mu
 * is time t of trial mu, the network's own trajectory layout - so integration reuses
 * {@link Backend#leakyStep} and the GPU backend accelerates the whole loop.
 *
 * <p>Convergence: chaotic solutions are only marginally stable under this iteration, so the
 * estimate wanders by its sampling noise from iterate to iterate. The solver therefore (1) optionally
 * imposes stationarity (lag averages over the post-burn-in window), and (2) averages the raw
 * estimates of the last {@code averagedIterations} iterates and reports their standard error.
 */
public final class MonteCarloDmft {
    private final Backend backend;
    private final DmftProblem problem;
    private final MonteCarloSettings settings;

    public MonteCarloDmft(Backend backend, DmftProblem problem, MonteCarloSettings settings) {
        if (settings.stationary() && (problem.trials() != 1 || problem.inputDim() != 0)) {
            throw new org.rnnfield.model.ConfigException("stationary: only for autonomous single-trial problems "
                    + "(got " + problem.trials() + " trials, " + problem.inputDim() + " inputs)");
        }
        this.backend = backend;
        this.problem = problem;
        this.settings = settings;
    }

    /**
     * The converged kernels over times 0..T and trials (index t P + mu), their standard errors from
     * the spread of the averaged iterates, and the convergence history.
     */
    public record Result(NdArray phi, NdArray c, NdArray phiStdErr, NdArray cStdErr, List<Double> changes,
                         int iterations, boolean converged, String factorMethod) {
    }

    public Result solve(IterationListener listener) {
        if (!settings.stationary()) {
            // driven / transient problems are causal: march in time instead of iterating the whole kernel
            return new CausalMarchingDmft(backend, problem, settings).solve();
        }
        try (Backend.Scope scope = backend.scope()) {
            return solveStationary(listener);
        }
    }

    /** The whole-kernel iteration of a stationary autonomous problem; its tensors belong to the caller's scope. */
    private Result solveStationary(IterationListener listener) {
        int p = problem.trials();
        int steps = problem.steps();
        int m = settings.samples();
        int d1 = (steps + 1) * p;
        int d = steps * p;
        Tensor x = backend.zeros(m, d1);
        Tensor phiX = backend.zeros(m, d1);
        Tensor drive = backend.zeros(m, d);
        Tensor x0noise = backend.zeros(m, p);
        Tensor kernel = backend.zeros(d1, d1);

        // eta is a periodic stationary process over the T drive times, sampled with 2T normals
        Tensor z = backend.zeros(m, 2 * d);
        // a generic smooth start (a chaotic state grows from eta = 0 only by a factor ~g^2 per iteration)
        NdArray current = initialGuess(d1);
        List<Double> changes = new ArrayList<>();
        Accumulator phiAvg = new Accumulator(d1);
        Accumulator cAvg = new Accumulator(d1);
        boolean averaging = false;
        AndersonMixer anderson = settings.commonRandomNumbers() ? new AndersonMixer(6, settings.damping()) : null;
        boolean converged = false;
        int iteration = 0;
        while (true) {
            long stream = settings.commonRandomNumbers() ? 0 : 4L * iteration;
            // eta(k) for all k at once: Z F^T with F the circulant factor of the periodic g^2 Phi
            NdArray factor = Stationary.circulantFactor(Stationary.periodicLagAverages(current, d), problem.g() * problem.g());
            backend.fillNormal(z, settings.seed(), stream);
            Tensor factorOnDevice = backend.upload(factor);
            backend.gemm(false, true, 1.0, z, factorOnDevice, 0.0, drive);
            backend.release(factorOnDevice);
            Tensor x0 = x.columns(0, p);
            // periodic steady state: x(0) = x_T|_{x(0)=0} / (1 - (1-alpha)^T), exact for the linear recursion
            backend.fill(x0, 0.0);
            integrate(x, phiX, drive, p, steps);
            backend.fill(x0noise, 0.0);
            backend.axpy(1.0 / (1.0 - Math.pow(1.0 - problem.alpha(), steps)), x.columns(steps * p, p), x0noise);
            backend.copy(x0noise, x0);
            integrate(x, phiX, drive, p, steps);
            backend.gemm(true, false, 1.0 / m, phiX, phiX, 0.0, kernel);
            NdArray phiHat = backend.download(kernel);
            backend.gemm(true, false, 1.0 / m, x, x, 0.0, kernel);
            NdArray cHat = backend.download(kernel);
            double[][] profiles = stationaryEstimates(phiHat, cHat, current, d);
            phiHat = Stationary.circulant(profiles[0], d1);
            cHat = Stationary.circulant(profiles[1], d1);
            double change = relativeChange(phiHat, current);
            changes.add(change);
            if (anderson != null) {
                // the mixer works on the free parameters, the lag profile
                double[] nx = anderson.next(Stationary.periodicLagAverages(current, d), Stationary.periodicLagAverages(phiHat, d));
                current = Stationary.circulant(nx, d1);
            } else {
                double beta = settings.damping();
                double[] cur = current.data();
                double[] hat = phiHat.data();
                for (int i = 0; i < cur.length; i++) {
                    cur[i] = (1 - beta) * cur[i] + beta * hat[i];
                }
            }
            listener.onIteration(iteration, change, phiHat, cHat);
            iteration++;
            if (!averaging && (change < settings.tolerance() || iteration >= settings.maxIterations())) {
                averaging = true;
                converged = change < settings.tolerance();
            }
            if (averaging) {
                phiAvg.add(phiHat);
                cAvg.add(cHat);
                if (phiAvg.count() >= settings.averagedIterations()) {
                    break;
                }
            }
        }
        return new Result(phiAvg.mean(), cAvg.mean(), phiAvg.stdErr(), cAvg.stdErr(), changes, iteration, converged,
                "circulant (stationary, periodic)");
    }

    /**
     * Lag profiles of the stationary estimates with a control variate. Given the kernel that drove this
     * iteration, x is a linear filter of the sampled eta, so its lag profile c_x is known exactly
     * ({@link Stationary#responseLagProfile}); the sampled c_x_hat - c_x is pure sampling noise, and it
     * is strongly correlated with the noise of c_phi_hat through phi's linear part. Hence
     * {@code c_phi = c_phi_hat - <phi'>^2 (c_x_hat - c_x)} (<phi'> from the driving kernel's c_phi(0),
     * {@link org.rnnfield.model.Phi#meanDerivative}; for linear phi the estimate becomes exact), and C is reported as the exact c_x.
     * This removes most of the noise that the marginally stable correlation tail would otherwise
     * amplify.
     */
    private double[][] stationaryEstimates(NdArray phiHat, NdArray cHat, NdArray driving, int period) {
        double[] cPhi = Stationary.periodicLagAverages(phiHat, period);
        if (driving == null) {
            return new double[][]{cPhi, Stationary.periodicLagAverages(cHat, period)};
        }
        double[] cxHat = Stationary.periodicLagAverages(cHat, period);
        double[] drivingProfile = Stationary.periodicLagAverages(driving, period);
        double[] spec = Stationary.spectrum(drivingProfile, problem.g() * problem.g());
        double[] cx = Stationary.responseLagProfile(spec, problem.alpha());
        // the coefficient comes from the driving kernel, not from this iteration's samples, so it is not
        // correlated with the noise it multiplies
        double slope = problem.phi().meanDerivative(drivingProfile[0]);
        double beta = slope * slope;
        double[] out = new double[period];
        for (int lag = 0; lag < period; lag++) {
            out[lag] = cPhi[lag] - beta * (cxHat[lag] - cx[lag]);
        }
        return new double[][]{out, cx};
    }

    /** Phi_0(t, s) = 0.5 exp(-|t - s|_periodic dt / (2 tau)): order-one variance and correlation time. */
    private NdArray initialGuess(int d1) {
        int period = d1 - 1;
        double[] c = new double[period];
        for (int lag = 0; lag < period; lag++) {
            c[lag] = 0.5 * Math.exp(-Math.min(lag, period - lag) * problem.alpha() / 2);
        }
        return Stationary.circulant(c, d1);
    }

    private void integrate(Tensor x, Tensor phiX, Tensor drive, int p, int steps) {
        SitePaths.integrate(backend, problem.phi(), problem.alpha(), x, phiX, drive, p, steps);
    }

    /** max |a - b| / max |b| (0 when both vanish): the fixed-point change every DMFT iteration stops on. */
    public static double relativeChange(NdArray a, NdArray b) {
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < a.size(); i++) {
            diff = Math.max(diff, Math.abs(a.data()[i] - b.data()[i]));
            scale = Math.max(scale, Math.abs(b.data()[i]));
        }
        return scale == 0 ? (diff == 0 ? 0 : Double.POSITIVE_INFINITY) : diff / scale;
    }

    /** Running mean and standard error of the mean of equally shaped square arrays. */
    static final class Accumulator {
        private final double[] sum;
        private final double[] sumSq;
        private final int d;
        private int n;

        Accumulator(int d) {
            this.d = d;
            this.sum = new double[d * d];
            this.sumSq = new double[d * d];
        }

        int count() {
            return n;
        }

        void add(NdArray a) {
            double[] v = a.data();
            for (int i = 0; i < v.length; i++) {
                sum[i] += v[i];
                sumSq[i] += v[i] * v[i];
            }
            n++;
        }

        NdArray mean() {
            double[] m = new double[sum.length];
            for (int i = 0; i < m.length; i++) {
                m[i] = sum[i] / n;
            }
            return new NdArray(new int[]{d, d}, m);
        }

        NdArray stdErr() {
            double[] e = new double[sum.length];
            for (int i = 0; i < e.length && n > 1; i++) {
                double mean = sum[i] / n;
                double var = Math.max(0, (sumSq[i] / n - mean * mean) * n / (n - 1));
                e[i] = Math.sqrt(var / n);
            }
            return new NdArray(new int[]{d, d}, e);
        }
    }
}
