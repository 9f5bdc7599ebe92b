package org.rnnfield.dmft;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rnnfield.analysis.PopulationKernels;
import org.rnnfield.array.NdArray;
import org.rnnfield.array.Rng;
import org.rnnfield.backend.Precision;
import org.rnnfield.backend.cpu.CpuBackend;
import org.rnnfield.model.Phi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MonteCarloDmftTest {
    private static final CpuBackend BACKEND = new CpuBackend(Precision.FLOAT64);

    /**
     * Task-driven, non-stationary kernels (2 trials, 2 random inputs, x(0) ~ N(0, 0.5)): the Monte Carlo
     * solver against the exact causal recursion, entry by entry in units of its own standard error.
     * Measured with causal marching and orthonormal draws: relative distance 0.0047 (tanh g = 1.5) and
     * 0.0031 (g = 0.8), was 0.015-0.023 with i.i.d. draws and whole-kernel iteration; with 4 replicas the
     * error estimate is t-distributed with 3 degrees of freedom (~94% within 3 errors expected). Linear phi
     * is exact (8e-8): its kernel is a second moment, and the draws' empirical second moments are exact.
     */
    @ParameterizedTest(name = "{0}, g = {1}")
    @CsvSource({"TANH, 1.5", "TANH, 0.8", "LINEAR, 0.8"})
    void drivenKernelsMatchTheExactRecursionWithinStatisticalError(Phi phi, double g) {
        NdArray inputs = new Rng(3).normal(0.5, 2, 30, 2);
        DmftProblem problem = new DmftProblem(g, 1.0, 0.1, phi, 0.5, inputs);
        CausalKernelRecursion.Kernels exact = new CausalKernelRecursion(problem, 24).solve();
        MonteCarloSettings s = new MonteCarloSettings(4000, 1.0, 1e-6, 40, 1, false, true, 1);
        DmftReplicas.Result mc = DmftReplicas.solve(BACKEND, problem, s, 4, IterationListener.NONE);
        assertTrue(mc.replicas().get(0).converged());
        double dist = PopulationKernels.relativeDistance(mc.phi(), exact.phi());
        if (phi == Phi.LINEAR) {
            assertTrue(dist < 1e-6, "linear: exact up to the pivot floor, relative distance " + dist);
            return;
        }
        assertTrue(dist < 0.015, "relative distance " + dist);
        int within = 0;
        int n = 0;
        for (int i = 0; i < mc.phi().size(); i++) {
            double e = mc.phiStdErr().data()[i];
            if (e > 0) {
                n++;
                if (Math.abs(mc.phi().data()[i] - exact.phi().data()[i]) < 3 * e) {
                    within++;
                }
            }
        }
        assertTrue(n > 1000 && within > 0.85 * n, within + " of " + n + " entries within 3 standard errors");
    }

    /**
     * Long horizons (issue 14): the command that stalled the whole-kernel iteration (sine task, T = 40 tau =
     * 400 steps, g = 1.5, M = 10^4), and g = 2 and linear g = 0.8, against the exact recursion. Causal
     * marching has no iteration to stall; measured relative distances of Phi are listed in docs/theory.md section 6.
     */
    @ParameterizedTest(name = "{0}, g = {1}")
    @CsvSource({"TANH, 1.5", "TANH, 2.0", "LINEAR, 0.8"})
    void longDrivenHorizonsMatchTheExactRecursion(Phi phi, double g) {
        DmftProblem problem = drivenBySine(phi, g, 40.0);
        CausalKernelRecursion.Kernels exact = new CausalKernelRecursion(problem, 24).solve();
        MonteCarloDmft.Result r = new MonteCarloDmft(BACKEND, problem, MonteCarloSettings.defaults(10_000, 1)).solve(IterationListener.NONE);
        double dist = PopulationKernels.relativeDistance(r.phi(), exact.phi());
        assertTrue(dist < 0.05, "relative distance " + dist);
        int last = problem.steps();
        double variance = exact.c().get(last, last);
        // linear g = 0.8 decays to C(T, T) ~ 6e-9: compare on the scale of the early variance there
        assertEquals(variance, r.c().get(last, last), 0.05 * Math.max(variance, 0.01 * exact.c().get(0, 0)), "C(T, T)");
        assertTrue(r.converged());
    }

    /**
     * T = 1000 steps (100 tau) at M = 10^4 (issue 14 acceptance, slow). The whole-kernel distance to the exact recursion
     * is sampling noise there, not bias: it grows like sqrt(T / M) (0.074 at M = 10^4 for g = 1.5, 0.050 at 2 x 10^4;
     * the mean of 8 seeds at T = 400 is 0.007 from exact against a noise of that mean of 0.013, docs/theory.md section 6),
     * because beyond the correlation time the true kernel is ~0 and every entry carries noise ~1/sqrt(M). The signal
     * lives within a few tau of the diagonal: on the band |t - s| <= 6 tau each seed must be within 3% (measured, seeds
     * 1 / 2: 1.4% / 1.0% at g = 1.5, 1.9% / 1.3% at g = 2; the exact kernels at g 1% and 2% off are 2.0% and 3.4% from
     * the two-seed mean at g = 1.5), the whole kernel within 10% (0.072-0.090) and the variance C(T, T) within 1%
     * (-0.8% .. +0.9%).
     */
    @Tag("slow")
    @ParameterizedTest(name = "{0}, g = {1}")
    @CsvSource({"TANH, 1.5", "TANH, 2.0", "LINEAR, 0.8"})
    void thousandStepHorizonsMatchTheExactRecursionWithinTheCorrelationBand(Phi phi, double g) {
        DmftProblem problem = drivenBySine(phi, g, 100.0);
        CausalKernelRecursion.Kernels exact = new CausalKernelRecursion(problem, 24).solve();
        int last = problem.steps();
        double variance = exact.c().get(last, last);
        for (long seed : new long[]{1, 2}) {
            MonteCarloDmft.Result r = new MonteCarloDmft(BACKEND, problem, MonteCarloSettings.defaults(10_000, seed))
                    .solve(IterationListener.NONE);
            double band = bandDistance(r.phi(), exact.phi(), 60);
            double whole = PopulationKernels.relativeDistance(r.phi(), exact.phi());
            assertTrue(band < 0.03 && whole < 0.1, String.format(java.util.Locale.ROOT,
                    "seed %d: relative distance %.4f on the band, %.4f whole", seed, band, whole));
            // linear g = 0.8 decays to C(T, T) ~ 1e-20: compare on the scale of the early variance there
            assertEquals(variance, r.c().get(last, last), 0.01 * Math.max(variance, 0.01 * exact.c().get(0, 0)), "C(T, T)");
        }
    }

    /** The default sine task's input over {@code duration} tau at dt = 0.1, q0 = 1. */
    private static DmftProblem drivenBySine(Phi phi, double g, double duration) {
        org.rnnfield.task.TaskConfig task = new org.rnnfield.task.TaskConfig();
        task.duration = duration;
        return new DmftProblem(g, 1.0, 0.1, phi, 1.0, task.build().generate(0.1).inputs());
    }

    /** Relative Frobenius distance |A - B| / |B| over the entries with |t - s| <= band (one trial). */
    private static double bandDistance(NdArray a, NdArray b, int band) {
        int d = b.dim(0);
        double diff = 0;
        double norm = 0;
        for (int t = 0; t < d; t++) {
            for (int s = Math.max(0, t - band); s <= Math.min(d - 1, t + band); s++) {
                double x = a.get(t, s) - b.get(t, s);
                diff += x * x;
                norm += b.get(t, s) * b.get(t, s);
            }
        }
        return Math.sqrt(diff / norm);
    }

    /** g < 1 without input: activity from x(0) decays; Monte Carlo follows the exact transient. */
    @Test
    void subcriticalAutonomousActivityDecaysAsTheExactRecursionSays() {
        DmftProblem problem = DmftProblem.autonomous(0.8, 1.0, 0.1, Phi.TANH, 1.0, 8.0);
        CausalKernelRecursion.Kernels exact = new CausalKernelRecursion(problem, 24).solve();
        MonteCarloSettings s = new MonteCarloSettings(4000, 1.0, 1e-6, 40, 1, false, true, 3);
        DmftReplicas.Result mc = DmftReplicas.solve(BACKEND, problem, s, 3, IterationListener.NONE);
        int last = problem.steps();
        assertTrue(exact.c().get(last, last) < 0.05 * exact.c().get(0, 0), "decays: " + exact.c().get(last, last));
        for (int t = 0; t <= last; t += 10) {
            double want = exact.c().get(t, t);
            assertEquals(want, mc.c().get(t, t), 4 * mc.cStdErr().get(t, t) + 0.02 * want, "C(t,t) at step " + t);
        }
    }

    @Test
    void zeroInitialStateWithoutInputStaysAtTheTrivialSolution() {
        DmftProblem problem = DmftProblem.autonomous(2.0, 1.0, 0.1, Phi.TANH, 0.0, 3.0);
        MonteCarloDmft.Result r = new MonteCarloDmft(BACKEND, problem, MonteCarloSettings.defaults(200, 1)).solve(IterationListener.NONE);
        for (double v : r.c().data()) {
            assertEquals(0.0, v, 1e-12);
        }
    }

    /**
     * Fast check of the stationary mode against SCS on the coarse grid dt = 0.1 (period 60 tau, M = 2000 x 2),
     * where the Euler grid itself is up to 1.3% below SCS at Delta(2) (StationaryClosureTest), hence the
     * bounds 2%, 2%, 3%. Measured: within 1.3% for g = 1.5, 2, 3.
     */
    @ParameterizedTest(name = "g = {0}")
    @CsvSource({"1.5", "2.0", "3.0"})
    void stationaryModeIsNearTheScsSolution(double g) {
        DmftProblem problem = DmftProblem.autonomous(g, 1.0, 0.1, Phi.TANH, 1.0, 60);
        MonteCarloSettings s = new MonteCarloSettings(2000, 1.0, 1e-4, 60, 1, true, true, 1);
        DmftReplicas.Result r = DmftReplicas.solve(BACKEND, problem, s, 2, IterationListener.NONE);
        Autocorrelation ac = Autocorrelation.fromKernel(r.c(), r.cStdErr(), 0.1, 5);
        ScsSolution scs = new ScsSolution(g, 6);
        assertEquals(scs.delta0(), ac.at(0), 0.02 * scs.delta0(), "g=" + g + " delta0");
        assertEquals(scs.delta(1), ac.at(1), 0.02 * scs.delta(1), "g=" + g + " Delta(1)");
        assertEquals(scs.delta(2), ac.at(2), 0.03 * scs.delta(2), "g=" + g + " Delta(2)");
    }

    /**
     * Near the transition the correlation time is long (Delta(20) is still a third of Delta0 at g = 1.2),
     * so the period must be long: T = 200 tau, dt = 0.1, M = 3000 x 2 (about 5 minutes). Measured:
     * +1.10%, +1.06%, +0.92%, +0.71%, +0.08% at lags 0, 1, 2, 3, 5.
     */
    @Tag("slow")
    @Test
    void stationaryModeNearTheTransition() {
        DmftProblem problem = DmftProblem.autonomous(1.2, 1.0, 0.1, Phi.TANH, 1.0, 200);
        MonteCarloSettings s = new MonteCarloSettings(3000, 1.0, 1e-4, 80, 1, true, true, 1);
        DmftReplicas.Result r = DmftReplicas.solve(BACKEND, problem, s, 2, IterationListener.NONE);
        Autocorrelation ac = Autocorrelation.fromKernel(r.c(), r.cStdErr(), 0.1, 5);
        ScsSolution scs = new ScsSolution(1.2, 6);
        for (double lag : new double[]{0, 1, 2}) {
            assertEquals(scs.delta(lag), ac.at(lag), 0.02 * scs.delta(lag), "Delta(" + lag + ")");
        }
        for (double lag : new double[]{3, 5}) {
            assertEquals(scs.delta(lag), ac.at(lag), 0.03 * scs.delta(lag), "Delta(" + lag + ")");
        }
    }

    /**
     * The acceptance check of the stationary solver against Sompolinsky-Crisanti-Sommers: delta0 and
     * Delta(1), Delta(2) within 1%, Delta(3), Delta(5) within 3%. M = 8000 paths x 3 replicas; g = 1.5
     * on dt = 0.05, period 80 tau; g = 2 on dt = 0.025, period 50 tau, because there the Euler grid
     * itself is 2.6% below SCS at Delta(5) when dt = 0.05 (StationaryClosureTest), leaving no room for
     * sampling error. About 7 minutes on 2 cores.
     */
    @Tag("slow")
    @ParameterizedTest(name = "g = {0}, dt = {1}, T = {2}")
    @CsvSource({"1.5, 0.05, 80", "2.0, 0.025, 50"})
    void stationaryModeMatchesScs(double g, double dt, double period) {
        DmftProblem problem = DmftProblem.autonomous(g, 1.0, dt, Phi.TANH, 1.0, period);
        MonteCarloSettings s = new MonteCarloSettings(8000, 1.0, 1e-4, 60, 1, true, true, 11);
        DmftReplicas.Result r = DmftReplicas.solve(BACKEND, problem, s, 3, IterationListener.NONE);
        Autocorrelation ac = Autocorrelation.fromKernel(r.c(), r.cStdErr(), dt, 5);
        ScsSolution scs = new ScsSolution(g, 6);
        System.out.printf(java.util.Locale.ROOT, "SCS check g=%.1f dt=%.3f:", g, dt);
        for (double lag : new double[]{0, 1, 2, 3, 5}) {
            System.out.printf(java.util.Locale.ROOT, " Delta(%.0f) %.4f +- %.4f vs %.4f (%+.2f%%)", lag, ac.at(lag),
                    ac.stdErrAt(lag), scs.delta(lag), 100 * (ac.at(lag) / scs.delta(lag) - 1));
        }
        System.out.println();
        assertEquals(scs.delta0(), ac.at(0), 0.01 * scs.delta0(), "delta0");
        assertEquals(scs.delta(1), ac.at(1), 0.01 * scs.delta(1), "Delta(1)");
        assertEquals(scs.delta(2), ac.at(2), 0.01 * scs.delta(2), "Delta(2)");
        assertEquals(scs.delta(3), ac.at(3), 0.03 * scs.delta(3), "Delta(3)");
        assertEquals(scs.delta(5), ac.at(5), 0.03 * scs.delta(5), "Delta(5)");
    }

    /** Dependent draws stop the march with a DmftFailure naming the draw (the CLI records it and exits 4). */
    @Test
    void dependentDrawsAreAFailureNotAnIllegalState() {
        CausalMarchingDmft.GramFactor f = new CausalMarchingDmft.GramFactor(2);
        f.extend(new double[]{4.0});
        DmftFailure e = org.junit.jupiter.api.Assertions.assertThrows(DmftFailure.class,
                () -> f.extend(new double[]{4.0, 4.0}), "the second draw equals the first");
        assertTrue(e.getMessage().contains("draw 1 is linearly dependent"), e.getMessage());
    }
}
