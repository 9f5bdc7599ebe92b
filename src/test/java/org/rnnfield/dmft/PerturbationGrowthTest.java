package org.rnnfield.dmft;

import org.junit.jupiter.api.Test;
import org.rnnfield.analysis.LyapunovSpectrum;
import org.rnnfield.analysis.Rollout;
import org.rnnfield.analysis.SlopeKernel;
import org.rnnfield.array.NdArray;
import org.rnnfield.backend.Backend;
import org.rnnfield.backend.Precision;
import org.rnnfield.backend.cpu.CpuBackend;
import org.rnnfield.model.InitialState;
import org.rnnfield.model.NetworkSpec;
import org.rnnfield.model.Parameters;
import org.rnnfield.model.Phi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mean-field growth of perturbations (docs/theory.md section 7) against exact sums and finite random networks. */
class PerturbationGrowthTest {
    private final Backend be = new CpuBackend(Precision.FLOAT64);

    /**
     * Linear phi (q = 1): the tangent map is M = (1-a) I + a g J / sqrt N, and for Gaussian J at large N the powers
     * J^k v are orthogonal with |J^k v| = |v| (planar pairings), so |M^t v|^2 / |v|^2 = sum_k [C(t,k) (1-a)^(t-k) (a g)^k]^2.
     * The march derives the same number from the bulk-field recursion alone.
     */
    @Test
    void linearGrowthIsTheSumOverPowersOfTheRandomMatrix() {
        double alpha = 0.1;
        for (double g : new double[]{0.5, 1.0, 1.7}) {
            int steps = 200;
            NdArray ones = PerturbationGrowth.gaussianSlopes(NdArray.zeros(steps, steps), Phi.LINEAR, 8);
            PerturbationGrowth.Result r = PerturbationGrowth.of(ones, g, alpha, 0.1, steps);
            for (int t : new int[]{1, 2, 7, 50, 200}) {
                double sum = 0;
                for (int k = 0; k <= t; k++) {
                    double logTerm = logChoose(t, k) + (t - k) * Math.log(1 - alpha) + k * Math.log(alpha * g);
                    sum += Math.exp(2 * logTerm);
                }
                assertEquals(0.5 * Math.log(sum), r.logGrowth()[t], 1e-10 * Math.max(1, Math.abs(r.logGrowth()[t])),
                        "g = " + g + ", t = " + t);
            }
        }
    }

    private static double logChoose(int n, int k) {
        double s = 0;
        for (int i = 1; i <= k; i++) {
            s += Math.log(n - k + i) - Math.log(i);
        }
        return s;
    }

    /**
     * Random tanh networks (exact: two-replica DMFT linearised, Price's theorem): the growth of a random perturbation
     * over 10 tau from x(0) ~ N(0, 1), theory from the exact random-network kernel, against the mean of 3 networks.
     * Measured (seeds 1-4): g = 2 theory 0.1206, networks N = 250: 0.07-0.28, N = 1000: 0.081-0.126 (mean 0.109),
     * N = 4000: 0.105-0.123 (mean 0.118).
     */
    @Test
    void randomNetworksGrowAsTheTheorySays() {
        for (double g : new double[]{0.8, 2.0}) {
            int steps = 100;
            double theory = randomNetworkTheory(g, steps).rate();
            double sum = 0;
            for (int seed = 1; seed <= 3; seed++) {
                NetworkSpec s = new NetworkSpec(2000, g, 1.0, 1.0, 0.1, Phi.TANH, InitialState.GAUSSIAN, 1.0, 0, 1);
                Parameters p = Parameters.initialize(s, 1, seed);
                double net = LyapunovSpectrum.compute(be, s, p, p.x0().column(0), Rollout.Drive.NONE, 0, steps, 1, seed).largest();
                double bulk = PerturbationGrowth.of(SlopeKernel.ofNetwork(be, s, p, p.x0().column(0), Rollout.Drive.NONE, steps),
                        g, s.alpha(), s.dt(), steps).rate();
                // the network's own slopes give the same bulk growth as the site law's, seed by seed
                assertEquals(theory, bulk, 0.02, "g = " + g + ", seed " + seed + ": bulk growth from the network's own slopes");
                sum += net;
            }
            assertEquals(theory, sum / 3, 0.02, "g = " + g + ": networks' mean growth rate over 10 tau");
            assertTrue(g < 1 ? theory < -0.05 : theory > 0.05, "g = " + g + ": sign of the growth, " + theory);
        }
    }

    private static PerturbationGrowth.Result randomNetworkTheory(double g, int steps) {
        DmftProblem problem = DmftProblem.autonomous(g, 1.0, 0.1, Phi.TANH, 1.0, steps * 0.1);
        NdArray q = PerturbationGrowth.gaussianSlopes(new CausalKernelRecursion(problem).solve().c(), Phi.TANH,
                CausalKernelRecursion.REFERENCE_ORDER);
        return PerturbationGrowth.of(q, g, problem.alpha(), problem.dt(), steps);
    }

    /**
     * The equilibrium theory's site slopes (eq. 7.4) at gamma -> 0 give the growth of driven random networks: sine
     * task over 10 tau, g = 2, gamma = 0.05 (theory loss 0.17, J barely tilted). Measured: theory 0.1157; untrained
     * networks N = 2000 (seeds 1-3) Lyapunov 0.091-0.112, own-slope bulk 0.108-0.116; N = 400: 0.016-0.131.
     */
    @Test
    void equilibriumSitesAtSmallGammaGiveTheDrivenRandomNetworksGrowth() {
        org.rnnfield.task.TaskData task = new org.rnnfield.task.PeriodicTarget("sine", new double[]{0.2}, new double[]{1.0},
                10.0, 0.0, 0.5, 1.0, 1).generate(0.1);
        int steps = task.steps();
        double g = 2.0;
        var problem = new org.rnnfield.dmft.equilibrium.EquilibriumProblem(g, 1.0, 0.1, Phi.TANH, 1.0, 0.05, 60, true,
                false, task);
        var r = new org.rnnfield.dmft.equilibrium.SampledEquilibriumDmft(be, problem,
                org.rnnfield.dmft.equilibrium.EquilibriumSettings.defaults(1).withSamples(4000)).solve();
        assertTrue(r.converged());
        double theory = PerturbationGrowth.of(PerturbationGrowth.trial(r.slopeKernel(), 1, 0), g, 0.1, 0.1, steps).rate();
        Rollout.Drive drive = Rollout.trialRepeated(task.inputs(), 0, 1);
        double lyap = 0;
        for (int seed = 1; seed <= 3; seed++) {
            NetworkSpec s = new NetworkSpec(2000, g, 0.05, 1.0, 0.1, Phi.TANH, InitialState.GAUSSIAN, 1.0, 1, 1);
            Parameters p = Parameters.initialize(s, 1, seed);
            double[] x0 = p.x0().column(0);
            double bulk = PerturbationGrowth.of(SlopeKernel.ofNetwork(be, s, p, x0, drive, steps), g, 0.1, 0.1, steps).rate();
            assertEquals(theory, bulk, 0.02, "seed " + seed + ": bulk growth from the network's own slopes");
            lyap += LyapunovSpectrum.compute(be, s, p, x0, drive, 0, steps, 1, 3).largest() / 3;
        }
        assertEquals(theory, lyap, 0.03, "networks' mean growth rate over the window");
        assertTrue(theory > 0.05, "g = 2 stays chaotic under the task input at gamma -> 0: " + theory);
    }

    @Test
    void refusesAKernelShorterThanTheMarch() {
        assertThrows(org.rnnfield.model.ConfigException.class,
                () -> PerturbationGrowth.of(NdArray.zeros(5, 5), 1.0, 0.1, 0.1, 10));
        assertThrows(ArithmeticException.class,
                () -> PerturbationGrowth.of(NdArray.zeros(10, 10), 1.0, 1.0, 0.1, 10));
    }
}
