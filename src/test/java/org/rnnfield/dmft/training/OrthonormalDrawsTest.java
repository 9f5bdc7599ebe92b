package org.rnnfield.dmft.training;

import org.junit.jupiter.api.Test;
import org.rnnfield.array.NdArray;
import org.rnnfield.backend.Precision;
import org.rnnfield.backend.cpu.CpuBackend;
import org.rnnfield.dynamics.Weight;
import org.rnnfield.model.ConfigException;
import org.rnnfield.model.Phi;
import org.rnnfield.train.Optimizer;
import org.rnnfield.train.TrainSpec;

import java.util.EnumSet;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Orthonormal draws (docs/theory.md eq. 3.10): the field normals' Gram over all M sites, divided by M, is the
 * identity to round-off, across blocks and antithetic pairs; raw Philox normals are only O(M^-1/2) close to it.
 * Orthonormal probes (eq. 3.11) remove the probe noise of the pathwise responses where the sites' Jacobian is shared.
 */
class OrthonormalDrawsTest {

    @Test
    void fieldNormalsAreOrthonormalOverTheSites() {
        TrainingDmftProblem problem = new TrainingDmftProblem(TrainingDmftTest.spec(Phi.TANH, 1.5, 1.0), TrainingDmftTest.sine(),
                new TrainSpec(1.0, 3, Optimizer.GD, EnumSet.of(Weight.J, Weight.V), 0, 0));
        try (CpuBackend be = new CpuBackend(Precision.FLOAT64)) {
            // 600 sites in blocks of 128 (pairs of unequal last blocks): the Gram is accumulated across all of them
            double raw = distanceFromIdentity(new SitePopulation(be, problem, 600, 128, 3, ResponseEstimator.PATHWISE, 1, false, false)
                    .fieldNormalGram());
            double ortho = distanceFromIdentity(new SitePopulation(be, problem, 600, 128, 3, ResponseEstimator.PATHWISE, 1, true, false)
                    .fieldNormalGram());
            assertTrue(raw > 0.05, "raw normals are not orthonormal at M = 600: " + raw);
            assertTrue(ortho < 1e-10, "orthonormal draws: Gram / M - I = " + ortho);
            // 3 steps x 25 times = 75 directions need more than 75 distinct sites
            assertThrows(ConfigException.class, () -> new SitePopulation(be, problem, 60, 128, 3, ResponseEstimator.PATHWISE, 1, true, false));
        }
    }

    /**
     * Orthonormal draws include the quenched draws x(0), U(0) and V(0) (eq. 3.12): for a linear network trained on its
     * readout alone the site is linear in its draws, so every kernel is exact and the DMFT is kernel regression with the
     * exact random-network kernel to round-off (measured at M = 4000, 16 steps: 1e-5 relative; with the field normals
     * alone orthonormal, as before eq. 3.12, it was 2.3% low at step 16, and networks (N = 2000, 16 seeds) sit 0.2% from
     * the exact curve).
     */
    @Test
    void readoutOnlyLinearNetworkIsExactKernelRegression() {
        org.rnnfield.task.TaskData task = TrainingDmftTest.sine();
        int steps = 16;
        double eta0 = 0.5;
        TrainingDmftProblem problem = new TrainingDmftProblem(TrainingDmftTest.spec(Phi.LINEAR, 0.8, 1.0), task,
                new TrainSpec(eta0, steps, Optimizer.GD, EnumSet.of(Weight.V), 0, 0));
        double[] exact = TrainingDmftTest.kernelRegressionLoss(task,
                new org.rnnfield.dmft.DmftProblem(0.8, 1.0, 0.2, Phi.LINEAR, 1.0, task.inputs()), eta0, steps);
        double[] worst = new double[2];
        for (int ortho = 0; ortho < 2; ortho++) {
            TrainingDmftSettings s = TrainingDmftSettings.pathwise(4000, 1).withOrthonormalDraws(ortho == 1);
            TrainingDmftResult r;
            try (CpuBackend be = new CpuBackend(Precision.FLOAT64)) {
                r = new TrainingDmft(be, problem, s).solve(TrainingDmft.Listener.NONE);
            }
            for (int n = 0; n <= steps; n++) {
                worst[ortho] = Math.max(worst[ortho], Math.abs(r.loss()[n] / exact[n] - 1));
            }
        }
        assertTrue(worst[1] < 1e-4, "orthonormal draws: largest relative gap to exact kernel regression " + worst[1]);
        assertTrue(worst[0] > 1e-2, "raw draws carry quenched sampling error (else the check is vacuous): " + worst[0]);
    }

    /**
     * Orthonormal probes (eq. 3.11): for a linear network every site's tangent is the same linear map J of its probe,
     * so the mean of J xi xi^T over sites and probes is J exactly and does not depend on the probes' realization.
     * Checked where J is also independent of the sites' outputs: B at step 0 and A at step 1 (y_0 = 0 exactly).
     */
    @Test
    void orthonormalProbesMakeLinearResponsesIndependentOfTheProbes() {
        TrainingDmftProblem problem = SitePathTangentTest.twoStepProblem(Phi.LINEAR, 0.8);
        try (CpuBackend be = new CpuBackend(Precision.FLOAT64)) {
            StepCouplings[] couplings = SitePathTangentTest.randomCouplings(be, problem.layout());
            double[] spread = new double[2];
            for (int ortho = 0; ortho < 2; ortho++) {
                NdArray[] a = responses(be, problem, couplings, 3, ortho == 1);
                NdArray[] b = responses(be, problem, couplings, 4, ortho == 1);
                for (NdArray r : a) {
                    assertTrue(org.rnnfield.analysis.PopulationKernels.relativeDistance(r, NdArray.zeros(r.shape())) > 0.1,
                            "the response is not zero (else the check is vacuous)");
                }
                spread[ortho] = Math.max(org.rnnfield.analysis.PopulationKernels.relativeDistance(a[0], b[0]),
                        org.rnnfield.analysis.PopulationKernels.relativeDistance(a[1], b[1]));
            }
            assertTrue(spread[0] > 1e-2, "raw probes: the estimates of two realizations differ by " + spread[0]);
            assertTrue(spread[1] < 1e-9, "orthonormal probes: the estimates of two realizations differ by " + spread[1]);
            // 3 steps x 6 times = 18 directions need more than 18 distinct (site pair, probe) rows: M K / 2 = 16 is too few
            assertThrows(ConfigException.class, () -> new SitePopulation(be, problem, 8, 4, 3, ResponseEstimator.PATHWISE, 4,
                    false, true));
        }
    }

    /** B of step 0 and A of step 1 of 400 sites with K = 4 probes, seed {@code seed}. */
    private static NdArray[] responses(CpuBackend be, TrainingDmftProblem problem, StepCouplings[] c, long seed, boolean ortho) {
        SitePopulation pop = new SitePopulation(be, problem, 400, 128, seed, ResponseEstimator.PATHWISE, 4, false, ortho);
        pop.start();
        NdArray b0 = pop.runStep(0, c[0]).rResponse();
        pop.commit(0);
        NdArray a1 = pop.runStep(1, c[1]).phiResponse();
        return new NdArray[]{b0, a1};
    }

    private static double distanceFromIdentity(NdArray g) {
        double worst = 0;
        for (int i = 0; i < g.dim(0); i++) {
            for (int j = 0; j < g.dim(1); j++) {
                worst = Math.max(worst, Math.abs(g.get(i, j) - (i == j ? 1 : 0)));
            }
        }
        return worst;
    }
}
