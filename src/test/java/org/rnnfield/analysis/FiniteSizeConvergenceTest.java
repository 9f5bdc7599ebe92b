package org.rnnfield.analysis;

import org.junit.jupiter.api.Test;
import org.rnnfield.backend.Precision;
import org.rnnfield.backend.cpu.CpuBackend;
import org.rnnfield.dmft.CausalKernelRecursion;
import org.rnnfield.dmft.DmftProblem;
import org.rnnfield.model.InitialState;
import org.rnnfield.model.NetworkSpec;
import org.rnnfield.model.Phi;
import org.rnnfield.task.TaskConfig;
import org.rnnfield.task.TaskData;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Finite random networks approach the exact DMFT kernel like N^-1/2, and single neurons are
 * Gaussian with the DMFT variance: the acceptance setting of issue 4 (sine task, g = 1.5, N = 250..4000,
 * 5 seeds each), measured slope -0.46 +- 0.04 (a smaller range, N = 125..2000 with T = 50, gave -0.35:
 * the smallest networks carry an O(1/N) bias on top of the N^-1/2 fluctuation).
 */
class FiniteSizeConvergenceTest {
    @Test
    void kernelDistanceFallsLikeInverseSquareRootOfN() {
        TaskConfig tc = new TaskConfig();
        tc.duration = 10.0;
        TaskData task = tc.build().generate(0.1);
        DmftProblem problem = new DmftProblem(1.5, 1.0, 0.1, Phi.TANH, 1.0, task.inputs());
        CausalKernelRecursion.Kernels exact = new CausalKernelRecursion(problem, 24).solve();
        NetworkSpec base = new NetworkSpec(100, 1.5, 1.0, 1.0, 0.1, Phi.TANH, InitialState.GAUSSIAN, 1.0, 1, 1);
        FiniteSizeConvergence.Result r = FiniteSizeConvergence.run(new CpuBackend(Precision.FLOAT64), base::withN, task,
                exact.phi(), exact.c(), new int[]{250, 500, 1000, 2000, 4000}, 5, new int[]{50, 100});
        assertTrue(r.slope() > -0.65 && r.slope() < -0.35, "slope " + r.slope() + " +- " + r.slopeStdErr());
        for (FiniteSizeConvergence.Marginal m : r.marginals()) {
            assertTrue(m.pValue() > 0.001, "x_i(t=" + m.time() + ") vs N(0, C(t,t)): KS " + m.ks() + ", p " + m.pValue());
            assertEquals(0.0, Statistics.excessKurtosis(m.samples()), 0.3, "Gaussian single neurons");
        }
    }

    @Test
    void statisticsHelpers() {
        double[] x = new double[2000];
        org.rnnfield.array.Rng rng = new org.rnnfield.array.Rng(3);
        for (int i = 0; i < x.length; i++) {
            x[i] = 2 * rng.normal();
        }
        double ks = Statistics.ksStatisticNormal(x, 4.0);
        assertTrue(Statistics.ksPValue(ks, x.length) > 0.01, "Gaussian sample passes: p " + Statistics.ksPValue(ks, x.length));
        double wrong = Statistics.ksStatisticNormal(x, 1.0);
        assertTrue(Statistics.ksPValue(wrong, x.length) < 1e-6, "wrong variance is rejected");
        assertEquals(0.5, Statistics.normalCdf(0), 1e-7);
        assertEquals(0.975, Statistics.normalCdf(1.959964), 1e-6);
        double[] fit = Statistics.linearFit(new double[]{1, 2, 3, 4}, new double[]{3, 5, 7, 9});
        assertEquals(2.0, fit[0], 1e-12);
        assertEquals(1.0, fit[2], 1e-12);
    }
}
