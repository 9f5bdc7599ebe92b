package org.rnnfield.dmft.training;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rnnfield.array.NdArray;
import org.rnnfield.array.Rng;
import org.rnnfield.backend.Precision;
import org.rnnfield.backend.Tensor;
import org.rnnfield.backend.cpu.CpuBackend;
import org.rnnfield.dynamics.Weight;
import org.rnnfield.model.InitialState;
import org.rnnfield.model.NetworkSpec;
import org.rnnfield.model.Phi;
import org.rnnfield.task.TaskConfig;
import org.rnnfield.task.TaskData;
import org.rnnfield.train.Optimizer;
import org.rnnfield.train.TrainSpec;

import java.util.EnumSet;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tangents behind the pathwise responses (docs/theory.md eq. 3.9) are the derivatives of each site's path:
 * central differences of the paths with every site's u (or v) fields moved along its probe, in float64, under
 * fixed random couplings. Checked where the population's errors do not move with the shift (the antithetic pair
 * keeps y_0 = 0 exactly): phi and r at step 0 (forward and backward tangents, phi'' included) and phi at step 1
 * (the tangent of the history: couplings to earlier r and the U update).
 */
class SitePathTangentTest {

    @ParameterizedTest
    @EnumSource(Phi.class)
    void tangentsAreCentralDifferencesOfThePaths(Phi phi) {
        TrainingDmftProblem problem = twoStepProblem(phi, 1.5);
        double h = 1e-5;
        try (CpuBackend be = new CpuBackend(Precision.FLOAT64)) {
            StepCouplings[] couplings = randomCouplings(be, problem.layout());
            for (int tangent = 1; tangent <= 2; tangent++) {
                NdArray[][] runs = new NdArray[3][];
                for (int k = 0; k < 3; k++) {
                    double shift = (k - 1) * h;
                    runs[k] = march(be, problem, couplings, tangent == 1 ? shift : 0, tangent == 2 ? shift : 0, k == 1 ? tangent : 0);
                }
                String[] names = {"phi step 0", "r step 0", "phi step 1"};
                for (int q = 0; q < 3; q++) {
                    if (tangent == 2 && q == 0) {
                        continue; // phi_0 does not depend on v: both sides are 0
                    }
                    NdArray fd = NdArray.zeros(runs[0][q].shape());
                    for (int i = 0; i < fd.size(); i++) {
                        fd.data()[i] = (runs[2][q].data()[i] - runs[0][q].data()[i]) / (2 * h);
                    }
                    NdArray tan = runs[1][3 + q];
                    double scale = Math.sqrt(be.sumSquares(be.upload(fd)));
                    assertTrue(scale > 1e-3, phi + " " + names[q] + " along probe " + tangent + ": the path does not move ("
                            + scale + "), the check would be vacuous");
                    double rel = org.rnnfield.analysis.PopulationKernels.relativeDistance(tan, fd);
                    assertTrue(rel < 1e-6, phi + " " + names[q] + " along probe " + tangent + ": tangent vs central"
                            + " differences, relative distance " + rel);
                }
            }
        }
    }

    /** Steps 0 and 1 of 8 sites; returns phi_0, r_0, phi_1 and, for tangent > 0, the same three tangents. */
    private static NdArray[] march(CpuBackend be, TrainingDmftProblem problem, StepCouplings[] c, double eu, double ev,
                                   int tangent) {
        SitePopulation pop = new SitePopulation(be, problem, 8, 4, 5, ResponseEstimator.PATHWISE, 1, false, false);
        pop.shiftFieldsAlongProbes(eu, ev);
        pop.start();
        pop.runStep(0, c[0]);
        NdArray phi0 = pop.pathAtStep(false, 0, 0);
        NdArray r0 = pop.pathAtStep(true, 0, 0);
        NdArray[] tangents = tangent == 0 ? null
                : new NdArray[]{pop.pathAtStep(false, 0, tangent), pop.pathAtStep(true, 0, tangent), null};
        pop.commit(0);
        pop.runStep(1, c[1]);
        NdArray phi1 = pop.pathAtStep(false, 1, 0);
        if (tangent == 0) {
            return new NdArray[]{phi0, r0, phi1};
        }
        return new NdArray[]{phi0, r0, phi1, tangents[0], tangents[1], pop.pathAtStep(false, 1, tangent)};
    }

    /** Two GD steps of J, V and U on a six-step sine task (T = 6, dt = 0.2, gamma = 1). */
    static TrainingDmftProblem twoStepProblem(Phi phi, double g) {
        TaskConfig c = new TaskConfig();
        c.duration = 1.2;
        TaskData task = c.build().generate(0.2);
        NetworkSpec spec = new NetworkSpec(1000, g, 1.0, 1.0, 0.2, phi, InitialState.GAUSSIAN, 1.0, 1, 1);
        return new TrainingDmftProblem(spec, task, new TrainSpec(1.0, 2, Optimizer.GD, EnumSet.of(Weight.J, Weight.V, Weight.U), 0, 0));
    }

    /** Couplings of steps 0 and 1 with the shapes of {@link StepCouplings}, entries N(0, 0.3^2). */
    static StepCouplings[] randomCouplings(CpuBackend be, SiteLayout lay) {
        Rng rng = new Rng(17);
        int w = lay.fieldWidth();
        int pw = lay.passWidth();
        StepCouplings[] out = new StepCouplings[2];
        for (int n = 0; n < 2; n++) {
            Tensor u = be.upload(rng.normal(0.3, (n + 1) * w, w));
            Tensor v = be.upload(rng.normal(0.3, (n + 1) * w, w));
            Tensor forward = n == 0 ? null : be.upload(rng.normal(0.3, n * pw, w));
            Tensor backward = be.upload(rng.normal(0.3, (n + 1) * pw, w));
            out[n] = new StepCouplings(u, v, forward, backward);
        }
        return out;
    }
}
